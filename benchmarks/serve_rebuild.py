"""How long `mkdocs serve` takes to show an edit after an editor saves one statement.

Generates a corpus (benchmarks.corpus), starts `mkdocs serve` on it, waits
for the first build, then adds a sentence to one original (as an editor
would) and times, from the save, two things: until the served page shows
the sentence (what the editor waits for), and until the whole site is
rebuilt (MkDocs' "Reloading browsers" after the build). Several edits in a
row, each a new sentence, each once the previous rebuild is complete.

    .venv/bin/python benchmarks/serve_rebuild.py --statements 1000 --languages en,fr --edits 3

Set ARCHIVE_BUILD_LANGUAGES=en to preview one language; ARCHIVE_CACHE=off to
rebuild without the build cache; --dirty for `mkdocs serve --dirty`.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402
from statements_archive.cli.common import comma_list  # noqa: E402
from benchmarks.serve import RELOADED, Serve, ServeError  # noqa: E402

TIMEOUT_S = 3600


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--languages", default="en,fr")
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--dirty", action="store_true",
                        help="`mkdocs serve --dirty` (with ARCHIVE_STRICT=false): rebuild changed pages only")
    parser.add_argument("--keep", type=Path, help="work in this folder (default: a temporary one)")
    parser.add_argument("--port", type=int, help="serve on this port (default: a free one). The served URL is "
                        "part of the page cache's key: the same port again lets a rerun's first build reuse pages")
    args = parser.parse_args(argv)
    languages = comma_list(args.languages)
    work = args.keep or Path(tempfile.mkdtemp(prefix="serve-bench-"))
    if not (work / "docs").is_dir():
        corpus.generate(work, args.statements, languages)
    env = {"ARCHIVE_STRICT": "false"} if args.dirty else {}  # MkDocs warns about every dirty build
    server = Serve(work, *(["--dirty"] if args.dirty else []), port=args.port, **env)
    try:
        first = server.ready(TIMEOUT_S)
        shown, rebuilt = [], []
        run = time.strftime("%Y%m%dT%H%M%S")  # a kept corpus holds earlier runs' sentences
        for number in range(args.edits):
            sentence = f"Edit number {number} of run {run}."
            page, saved = corpus.append_to_one_statement(work, languages, sentence)
            shown.append(server.shows(page, sentence, TIMEOUT_S) - saved)
            server.wait_for(RELOADED, TIMEOUT_S)
            rebuilt.append(time.monotonic() - saved)
    except ServeError as exc:
        sys.exit(str(exc))
    finally:
        server.stop()
    scope = os.environ.get("ARCHIVE_BUILD_LANGUAGES") or "all languages"
    print(f"mkdocs serve{' --dirty' if args.dirty else ''}, {args.statements} statements x {len(languages)} "
          f"languages ({scope}), "
          f"cache {os.environ.get('ARCHIVE_CACHE') or 'on'}:")
    print(f"  first build {first:.1f} s")
    print("  edit shown after: " + ", ".join(f"{s:.2f} s" for s in shown))
    print("  whole site rebuilt after: " + ", ".join(f"{s:.1f} s" for s in rebuilt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
