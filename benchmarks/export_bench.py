"""Figures for the offline exports: ZIM size and time, PDF seconds per statement.

    .venv/bin/python benchmarks/export_bench.py                    # the repository (builds it into a temp folder)
    .venv/bin/python benchmarks/export_bench.py --statements 300   # the 300 x 6 bench corpus, built with -j2

Prints one JSON object. Not a test: the figures depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from statements_archive import config as site_config  # noqa: E402
from statements_archive.content import catalog as catalog_mod  # noqa: E402
from statements_archive.export import pdf, zim  # noqa: E402

LANGUAGES = ["en", "fr", "es", "de", "ar", "he"]
BIN = Path(sys.executable).parent


def build(project: Path, site: Path, jobs: int) -> float:
    start = time.monotonic()
    subprocess.run([str(BIN / "archive"), "build", "-j", str(jobs), "-d", str(site)], cwd=project, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.DEVNULL)
    return time.monotonic() - start


def _drafts_without_reviews(project: Path) -> None:
    """A 'reviewed' translation now needs its reviewers recorded, which the generator does not
    write (yet): such translations become drafts, which changes no figure measured here."""
    for path in (project / "docs").glob("*/statements/*.md"):
        text = path.read_text("utf-8")
        if "status: reviewed" in text and "reviewers" not in text:
            path.write_text(text.replace("status: reviewed", "status: draft", 1), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=0, help="generate a corpus of N statements (0: the repository)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pdfs", type=int, default=3, help="statements to print for the PDF figure (each language)")
    parser.add_argument("--work", type=Path, default=None, help="folder for the corpus, site and outputs")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="export-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.statements:
        from benchmarks import corpus

        project = work / "project"
        corpus.generate(project, args.statements, LANGUAGES, seed=0)
        _drafts_without_reviews(project)
    else:
        project = REPO
    site = work / "site"
    figures: dict = {"statements": args.statements or "repository", "languages": LANGUAGES}
    figures["build_seconds"] = round(build(project, site, args.jobs), 1)
    config = site_config.load(project)
    start = time.monotonic()
    result = zim.export(config, site, work / "archive.zim", force=True)
    figures["zim_seconds"] = round(time.monotonic() - start, 1)
    figures["zim_bytes"] = result["bytes"]
    figures["zim_entries"] = result["entries"]
    figures["site_bytes"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    catalog = catalog_mod.load(config, render_check=False)
    chosen = pdf.select(catalog, sorted(catalog.works)[: args.pdfs])
    start = time.monotonic()
    for statement in chosen:
        page = (site / pdf.page_path(catalog, statement)).read_text("utf-8")
        pdf.render(pdf.print_document(catalog, statement, page))
    figures["pdf_count"] = len(chosen)
    figures["pdf_seconds_per_statement"] = round((time.monotonic() - start) / max(len(chosen), 1), 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
