"""Shared pieces of the `archive` subcommands: loading the site, printing problems."""
from __future__ import annotations

from pathlib import Path

import click

from statements_archive.content import catalog as catalog_mod
from statements_archive.checks import report
from statements_archive import config as site_config

FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(report.FORMATS), default="text", show_default=True,
                             help="text for people, json for tools, github for workflow annotations.")


def comma_list(text: str) -> list[str]:
    """``"en, fr,,de"`` -> ``["en", "fr", "de"]``."""
    return [item.strip() for item in text.split(",") if item.strip()]


def load_config() -> site_config.SiteConfig:
    try:
        return site_config.load()
    except site_config.ConfigError as exc:
        raise click.UsageError(f"run this inside the archive repository (mkdocs.yml with the i18n plugin): {exc}")


def load_catalog(paths: tuple[Path, ...] = ()) -> catalog_mod.Catalog:
    config = load_config()
    return catalog_mod.load(config, list(paths) or None)


def finish(problems: list[report.Problem], fmt: str) -> None:
    """Print every problem at once and exit 0 (clean) or 1 (errors)."""
    if problems or fmt != "text":
        click.echo(report.format_problems(problems, fmt))
    else:
        click.echo("no problems found")
    raise SystemExit(report.exit_code(problems))


def load_translation(path: Path):
    """(catalog, shown path, translation, its original) for the translation file ``path``;
    a usage error when the file is not a translation."""
    catalog = load_catalog((path,))
    name = catalog_mod.display_path(catalog.config, path)
    translation = next((t for w in catalog.works.values() for t in w.translations.values() if t.path == name), None)
    if translation is None:
        raise click.UsageError(f"{name} is not a translation (no 'translation' block in its front-matter)")
    return catalog, name, translation, catalog.works[translation.slug].original

