"""Full-text search: a Pagefind index of the built site, one per language.

Pagefind splits the index by each page's ``<html lang>``, so a reader on a
French page only downloads and searches the French index. Only statement
pages are indexed: they mark the statement with ``data-pagefind-body`` and the
glob below keeps archive listings (home, years, topics) out even when a site
has no statement yet (Pagefind would otherwise index every page).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click

from .catalog import STATEMENTS, Catalog

BUNDLE = "pagefind"
# Statement pages only, in every language folder, with or without directory URLs.
GLOB = f"**/{STATEMENTS}/**/*.html"
# Bibliographic apparatus is not the statement's text: the sources list, the
# citation marks in the text and the heading permalinks stay out of the index.
EXCLUDE = ".sources, sup.citation, .headerlink"
TIMEOUT_S = 600


class SearchIndexError(click.ClickException):
    """Pagefind could not index the site; the message says why.

    A ClickException, so `mkdocs build` and `archive build` (both click
    programs) print the message and exit 1 instead of showing a traceback.
    """


def command(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
            "--glob", GLOB, "--exclude-selectors", EXCLUDE, "--silent"]


def index(site_dir: Path, catalog: Catalog | None = None) -> None:
    """Write ``<site_dir>/pagefind/``; raise SearchIndexError when Pagefind fails."""
    site_dir = Path(site_dir)
    if not any(site_dir.glob(GLOB)):
        return  # an archive without statements: nothing to search (Pagefind refuses empty sites)
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)  # no stale chunks from an earlier run
    try:
        result = subprocess.run(command(site_dir), capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"search index: could not run Pagefind: {exc}") from exc
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        detail = "\n".join(dict.fromkeys(line for line in lines if line.strip())) or f"exit status {result.returncode}"
        raise SearchIndexError(f"search index: Pagefind failed on {site_dir}:\n{detail}")
    entry = site_dir / BUNDLE / "pagefind-entry.json"
    if not entry.is_file():
        raise SearchIndexError(f"search index: Pagefind wrote no {entry}")


def languages(site_dir: Path) -> dict[str, int]:
    """Pages indexed per language, from the bundle's entry file."""
    entry = json.loads((Path(site_dir) / BUNDLE / "pagefind-entry.json").read_text("utf-8"))
    return {lang: data.get("page_count", 0) for lang, data in entry.get("languages", {}).items()}
