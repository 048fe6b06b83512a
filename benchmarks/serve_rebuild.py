"""How long `mkdocs serve` takes to rebuild after an editor saves one statement.

Generates a corpus (benchmarks.corpus), starts `mkdocs serve` on it, waits
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
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402
from statements_archive.cli.common import comma_list  # noqa: E402
from benchmarks.serve import SERVING, Serve, ServeError  # noqa: E402

TIMEOUT_S = 3600


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--languages", default="en,fr")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--dirty", action="store_true",
                        help="`mkdocs serve --dirty` (with ARCHIVE_STRICT=false): rebuild changed pages only")
    parser.add_argument("--keep", type=Path, help="work in this folder (default: a temporary one)")
    args = parser.parse_args(argv)
    languages = comma_list(args.languages)
    work = args.keep or Path(tempfile.mkdtemp(prefix="serve-bench-"))
    if not (work / "docs").is_dir():
        corpus.generate(work, args.statements, languages)
    env = {"ARCHIVE_STRICT": "false"} if args.dirty else {}  # MkDocs warns about every dirty build
    server = Serve(work, *(["--dirty"] if args.dirty else []), **env)
    try:
        first = server.built(TIMEOUT_S)
        server.wait_for(SERVING, TIMEOUT_S)  # files are watched from here on
        rebuilds = []
        for _ in range(args.edits):
            corpus.edit_one_statement(work, languages)
            rebuilds.append(server.built(TIMEOUT_S))
    except ServeError as exc:
        sys.exit(str(exc))
    finally:
        server.stop()
    scope = os.environ.get("ARCHIVE_BUILD_LANGUAGES") or "all languages"
    print(f"mkdocs serve{' --dirty' if args.dirty else ''}, {args.statements} statements x {len(languages)} "
          f"languages ({scope}), "
          f"cache {os.environ.get('ARCHIVE_CACHE') or 'on'}:")
    print(f"  first build {first:.1f} s; rebuild after one edit: " + ", ".join(f"{s:.1f} s" for s in rebuilds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
