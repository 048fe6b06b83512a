"""`archive export zim|pdf|folder`: offline copies of the built site
(statements_archive.export does the work)."""
from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import click

from statements_archive.build import parts as build_parts
from statements_archive.cli.common import comma_list, load_config
from statements_archive.content import catalog as catalog_mod
from statements_archive.checks import report
from statements_archive.export import folder as folder_export
from statements_archive.export import pdf as pdf_export
from statements_archive.export import sitecopy
from statements_archive.export import zim as zim_export

_say = partial(click.echo, err=True)

SITE_OPTION = click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=None,
                           help="Built site folder to export (default: site_dir of mkdocs.yml; built first if missing).")
LANG_OPTION = click.option("--lang", "languages", multiple=True, metavar="CODE[,CODE...]",
                           help="Only these languages (repeatable or comma-separated; default: every language).")
FORCE_OPTION = click.option("--force", is_flag=True, help="Replace the output if it exists.")


def _languages(config, values) -> list[str]:
    codes = [code for value in values for code in comma_list(value)]
    unknown = [c for c in codes if c not in config.codes]
    if unknown:
        raise click.UsageError(f"unknown language(s) {', '.join(unknown)}; configured: {', '.join(config.codes)}")
    return codes


def _site(config, site: Path | None) -> Path:
    """The built site; the default one is built first when it is not there."""
    site = site or config.site_dir
    try:
        sitecopy.check_site(site)
    except sitecopy.SiteMissing as exc:
        if site != config.site_dir:
            raise click.UsageError(str(exc))
        _say(f"no built site in {site}: building it first (archive build)")
        try:
            build_parts.build_all(config, site, os.cpu_count() or 1, _say)
        except (build_parts.PartRefused, build_parts.PartError) as error:
            raise click.ClickException(f"the site could not be built: {error}")
    return site


@click.group()
def group():
    """Offline copies: a Kiwix ZIM file, PDFs per statement and language, a folder for file://."""


@group.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .zim file to write.")
@LANG_OPTION
@SITE_OPTION
@FORCE_OPTION
def zim(output, languages, site, force):
    """A ZIM file of the site with full-text search, for Kiwix.

    \b
    archive export zim -o statements.zim
    archive export zim -o statements_ar.zim --lang ar
    """
    config = load_config()
    codes = _languages(config, languages)
    try:
        zim_export.export(config, _site(config, site), output, codes or None, force, _say)
    except (zim_export.ZimError, sitecopy.SiteMissing) as exc:
        raise click.UsageError(str(exc))


@group.command()
@click.argument("slugs", nargs=-1)
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the PDFs (<slug>.<lang>.pdf).")
@LANG_OPTION
@SITE_OPTION
@FORCE_OPTION
def pdf(slugs, output, languages, site, force):
    """One PDF per statement and language (default: every statement, every language).

    \b
    archive export pdf -o pdf
    archive export pdf stop-the-genocide-in-gaza --lang en,ar -o pdf
    """
    config = load_config()
    codes = _languages(config, languages)
    catalog = catalog_mod.load(config, render_check=False)
    errors = report.errors(catalog.problems)
    if errors:
        raise click.ClickException("the archive's content has errors:\n" + report.format_problems(errors))
    try:
        pdf_export.export(catalog, _site(config, site), output, slugs, codes, force, _say)
    except pdf_export.PdfError as exc:
        raise click.UsageError(str(exc))


@group.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Folder to write, or a file ending in .zip.")
@LANG_OPTION
@SITE_OPTION
@FORCE_OPTION
def folder(output, languages, site, force):
    """The site as a folder (or .zip) that opens from disk, with file:// links.

    \b
    archive export folder -o archive-offline
    archive export folder -o archive-offline.zip
    """
    config = load_config()
    codes = _languages(config, languages)
    try:
        folder_export.export(config, _site(config, site), output, codes or None, force, _say)
    except (folder_export.TargetExists, sitecopy.SiteMissing) as exc:
        raise click.UsageError(str(exc))
