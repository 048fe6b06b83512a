"""`archive build`: the site's languages built in parallel processes, then merged
(statements_archive.build.parts does the work)."""
from __future__ import annotations

import json
import os
from functools import partial
from pathlib import Path

import click

from statements_archive.build import parts as build_parts
from statements_archive.cli.common import comma_list, load_config

_say = partial(click.echo, err=True)


@click.command()
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Parallel build processes (default: the machine's CPU cores).")
@click.option("--language", "languages", multiple=True, metavar="CODE[,CODE...]",
              help="Build only these languages (repeatable) into --output, as a part for --merge.")
@click.option("--plan", is_flag=True,
              help="Print the parts --jobs would build, as JSON (a CI matrix: one job per part), and stop.")
@click.option("--merge", "merging", is_flag=True,
              help="Merge the part folders given as arguments into --output and run the whole-site steps.")
@click.option("-d", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Site folder to write (default: site_dir of mkdocs.yml).")
@click.argument("parts", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
def command(jobs, languages, plan, merging, output, parts):
    """Build the site with one process per group of languages (same output as `mkdocs build`).

    \b
    archive build --jobs 4 -d site          build everything on this machine
    archive build --plan --jobs 8           the parts for 8 machines, as JSON
    archive build --language fr -d part-fr  build one part (e.g. one CI job each)
    archive build --merge part-* -d site    merge the parts, then sitemap, feeds, search
    """
    config = load_config()
    languages = [code for value in languages for code in comma_list(value)]
    if plan:
        click.echo(json.dumps(build_parts.parts_plan(config, jobs or os.cpu_count() or 1)))
        return
    if parts and not merging:
        raise click.UsageError("folders are only taken with --merge")
    if merging and languages:
        raise click.UsageError("use either --language (build a part) or --merge (join parts), not both")
    if merging and not parts:
        raise click.UsageError("--merge needs the part folders to merge")
    site = Path(output) if output else config.site_dir
    if languages and output is None:
        raise click.UsageError("--language needs --output: a part is not the whole site")
    try:
        if merging:
            build_parts.merge_parts(config, site, list(parts), _say)
        elif languages:
            build_parts.build_part(config, site, list(languages), _say)
        else:
            build_parts.build_all(config, site, jobs or os.cpu_count() or 1, _say)
    except build_parts.PartRefused as exc:
        raise click.UsageError(str(exc))
    except build_parts.PartError as exc:
        raise click.ClickException(str(exc))
