"""How long `mkdocs serve` takes to rebuild after an editor saves one statement.

Generates a corpus (scripts.bench.corpus), starts `mkdocs serve` on it, waits
for the first build, then changes one word of one original (as an editor
would) and reads how long MkDocs says the rebuild took; several edits in a
row, each a new word.

    .venv/bin/python benchmarks/serve_rebuild.py --statements 1000 --languages en,fr --edits 3

Set ARCHIVE_BUILD_LANGUAGES=en to preview one language; ARCHIVE_CACHE=off to
rebuild without the build cache; --dirty for `mkdocs serve --dirty`.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bench import corpus  # noqa: E402

BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")
SERVING = re.compile(r"Serving on ")
TIMEOUT_S = 3600


def wait_for(pattern: re.Pattern, process: subprocess.Popen, log: list[str]) -> re.Match:
    """The next line of MkDocs' output that matches."""
    deadline = time.monotonic() + TIMEOUT_S
    for line in process.stdout:
        log.append(line)
        found = pattern.search(line)
        if found:
            return found
        if time.monotonic() > deadline:
            break
    sys.exit("mkdocs serve stopped or timed out:\n" + "".join(log[-40:]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--languages", default="en,fr")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--dirty", action="store_true",
                        help="`mkdocs serve --dirty` (with ARCHIVE_STRICT=false): rebuild changed pages only")
    parser.add_argument("--keep", type=Path, help="work in this folder (default: a temporary one)")
    args = parser.parse_args(argv)
    languages = [code.strip() for code in args.languages.split(",") if code.strip()]
    work = args.keep or Path(tempfile.mkdtemp(prefix="serve-bench-"))
    if not (work / "docs").is_dir():
        corpus.generate(work, args.statements, languages)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
    if args.dirty:
        env["ARCHIVE_STRICT"] = "false"  # MkDocs warns about every dirty build
    # (With --no-livereload MkDocs 1.6 watches no file at all.)
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{args.port}"]
                               + (["--dirty"] if args.dirty else []), cwd=work, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    log: list[str] = []
    try:
        first = float(wait_for(BUILT, process, log).group(1))
        wait_for(SERVING, process, log)  # files are watched from here on
        rebuilds = []
        for _ in range(args.edits):
            corpus.edit_one_statement(work, languages)
            rebuilds.append(float(wait_for(BUILT, process, log).group(1)))
    finally:
        process.terminate()
        process.wait()
    scope = os.environ.get("ARCHIVE_BUILD_LANGUAGES") or "all languages"
    print(f"mkdocs serve{' --dirty' if args.dirty else ''}, {args.statements} statements x {len(languages)} "
          f"languages ({scope}), "
          f"cache {os.environ.get('ARCHIVE_CACHE') or 'on'}:")
    print(f"  first build {first:.1f} s; rebuild after one edit: " + ", ".join(f"{s:.1f} s" for s in rebuilds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
