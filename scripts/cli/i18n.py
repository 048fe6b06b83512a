"""`archive i18n extract|update|compile|check`: the interface-string catalogs.

A thin layer over Babel's own command line, with the project's paths, plus a
completeness check that fails when a configured language lacks a string.
"""
from __future__ import annotations

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

import click

from statements_archive.translation import interface as i18n
from statements_archive.cli.common import FORMAT_OPTION, finish, load_config
from statements_archive.checks.report import Problem
from statements_archive.checks import catalogs as data_checks


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def _paths():
    config = load_config()
    translations_dir = config.root / "translations"
    return config, translations_dir, translations_dir / f"{i18n.DOMAIN}.pot"


@click.group()
def group():
    """Interface strings: extract them, update catalogs, compile, check completeness."""


@group.command()
def extract():
    """Extract every translatable string into translations/messages.pot."""
    config, _, pot = _paths()
    _pybabel("extract", "-F", str(config.root / "babel.cfg"), "-k", "_", "-k", "gettext", "-k", "ngettext:1,2",
             "--sort-by-file", "--omit-header", "--no-wrap", "-o", str(pot), str(config.root))
    click.echo(f"wrote {pot.relative_to(config.root)}")


@group.command()
def update():
    """Create or update each configured language's catalog from the template."""
    config, translations_dir, pot = _paths()
    for lang in config.codes:
        po = i18n.po_path(translations_dir, lang)
        if po.exists():
            _pybabel("update", "-i", str(pot), "-d", str(translations_dir), "-l", lang, "--no-wrap", "--ignore-obsolete", "--no-fuzzy-matching")
        else:
            _pybabel("init", "-i", str(pot), "-d", str(translations_dir), "-l", lang, "--no-wrap")
    click.echo(f"updated catalogs for {', '.join(config.codes)}")


@group.command("compile")
def compile_():
    """Compile catalogs to .mo files (the build reads the .po files directly)."""
    _, translations_dir, _ = _paths()
    _pybabel("compile", "-d", str(translations_dir), "--use-fuzzy")
    click.echo("compiled")


def missing_strings(config, translations_dir, pot) -> list[Problem]:
    """Every template string that a configured language has not translated (English is the source)."""
    with pot.open("rb") as handle:
        wanted = [m.id for m in read_po(handle) if m.id]
    problems = []
    for lang in config.codes:
        if lang == "en":
            continue
        po = i18n.po_path(translations_dir, lang)
        shown = str(po.relative_to(config.root))
        if not po.is_file():
            problems.append(Problem(shown, 0, lang, "catalog missing; run `archive i18n update`"))
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for msgid in wanted:
            message = catalog.get(msgid)
            strings = message.string if message else None
            done = message and not message.fuzzy and (all(strings) if isinstance(strings, (list, tuple)) else strings)
            if not done:
                key = msgid if isinstance(msgid, str) else msgid[0]
                problems.append(Problem(shown, message.lineno if message else 0, lang,
                                        f"untranslated{' (fuzzy)' if message and message.fuzzy else ''}: {key!r}"))
    return problems


@group.command()
@FORMAT_OPTION
def check(fmt):
    """Fail when a language lacks a string, or a string or label carries markup or wrong placeholders."""
    config, translations_dir, pot = _paths()
    # The same data check the build runs (overrides/hooks/output_gate.py): catalogs, labels, mkdocs.yml.
    finish(missing_strings(config, translations_dir, pot) + data_checks.check_project(config.root, config.codes), fmt)
