"""Steps that need the whole built site (every language) and run once after it.

Both the MkDocs adapter (after the last language build) and `archive build`
(after merging per-language builds) call :func:`finalize`. Each step is
``module:function`` taking ``(site_dir: Path, catalog: Catalog)``.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from statements_archive.build import phases
from statements_archive.content.catalog import Catalog

STEPS: list[str] = ["statements_archive.site.search:index", "statements_archive.site.feeds:write", "statements_archive.site.sitemap:write",
                    # PDFs per statement and language, when extra.pdf or ARCHIVE_PDF=1 asks for them.
                    "statements_archive.export.pdf:build_step",
                    # _headers: the Content-Security-Policy and Referrer-Policy for hosts that read it.
                    "statements_archive.site.csp:write_headers"]


def finalize(site_dir: Path, catalog: Catalog) -> None:
    with phases.current.timing("whole-site"):
        for step in STEPS:
            module, _, name = step.partition(":")
            getattr(importlib.import_module(module), name)(site_dir, catalog)
