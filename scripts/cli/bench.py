"""`archive bench`: our build against plain Material + i18n, at N and 2N statements.

The benchmark and its synthetic corpus are development tools: they live in the
repository's benchmarks/ folder (benchmarks/build_bench.py), not in the package.
"""
from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

import statements_archive
from statements_archive.cli.common import comma_list


def _benchmarks():
    """benchmarks.build_bench and benchmarks.corpus, from the checkout the package is installed from."""
    root = Path(statements_archive.__file__).resolve().parents[1]
    if not (root / "benchmarks" / "build_bench.py").is_file():
        raise click.UsageError(f"{root} has no benchmarks/build_bench.py: `archive bench` needs a checkout of the archive")
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return importlib.import_module("benchmarks.build_bench"), importlib.import_module("benchmarks.corpus")


@click.command()
@click.option("--statements", type=click.IntRange(min=1), default=100, show_default=True,
              help="N: statements in the smaller corpus (the larger has 2N).")
@click.option("--languages", default="en,fr,de", show_default=True,
              help="Comma-separated language codes; the first is the default language.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Processes for `archive build` (default: the machine's CPU cores).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the synthetic corpus.")
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the corpora, sites and logs in this folder (default: a temporary folder, deleted).")
def command(statements, languages, jobs, seed, keep):
    """Benchmark our build against plain Material + i18n at N and 2N statements."""
    build_bench, corpus = _benchmarks()
    codes = comma_list(languages)
    try:
        corpus.check_languages(codes)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--languages")
    jobs = jobs or os.cpu_count() or 1
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="archive-bench-"))
    try:
        sizes = build_bench.run(statements, codes, jobs, seed, work)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    click.echo(f"\nBuild benchmark: {', '.join(codes)}; {os.cpu_count()} CPU cores; archive build --jobs {jobs}; seed {seed}")
    click.echo("peak MB: highest total resident memory of the build's process tree.")
    click.echo(build_bench.table(sizes))
    breakdown = build_bench.phase_table(sizes)
    if breakdown:
        click.echo("\n" + breakdown)
    if any(r.code != 0 for results in sizes.values() for r in results):
        raise SystemExit(1)
