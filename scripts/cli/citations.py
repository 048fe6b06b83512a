"""`archive check citations`."""
from __future__ import annotations

import click

from statements_archive.checks import citations as citations_check
from statements_archive.content.catalog import display_path, statement_files
from statements_archive.cli.common import FORMAT_OPTION, finish, load_catalog
from statements_archive.cli.content import PATHS


@click.command("citations")
@PATHS
@FORMAT_OPTION
def check_citations(paths, fmt):
    """Check citations: markers resolve, sources are cited, URLs and dates are valid,
    translations cite the original's sources paragraph by paragraph."""
    catalog = load_catalog(paths)
    only = {display_path(catalog.config, p) for p in statement_files(catalog.config, list(paths))} if paths else None
    # Content errors (unreadable YAML...) come first: citations cannot be checked without it.
    problems = [p for p in catalog.problems if only is None or p.path in only]
    finish(problems + citations_check.check(catalog, only), fmt)
