"""`archive check content` and `archive schema`."""
from __future__ import annotations

import json
from pathlib import Path

import click

from statements_archive.content import model
from statements_archive.cli.common import FORMAT_OPTION, finish, load_catalog

PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


@click.command("content")
@PATHS
@FORMAT_OPTION
def check_content(paths, fmt):
    """Validate statements' front-matter, topics and raw HTML (all files, or PATHS)."""
    finish(load_catalog(paths).problems, fmt)


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: print).")
def schema(output):
    """Print the JSON Schema of statement front-matter (for editors)."""
    text = json.dumps(model.json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)
