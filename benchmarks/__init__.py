"""Build benchmarks: a synthetic corpus, timed builds, and the `archive bench` command."""
