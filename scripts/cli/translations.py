"""`archive translations [diff]` and `archive translate`."""
from __future__ import annotations

import difflib
import json
from dataclasses import asdict
from pathlib import Path

import click

from statements_archive.content import frontmatter
from statements_archive.content import model
from statements_archive.translation import status as translations
from statements_archive.content.catalog import display_path
from statements_archive.cli.common import load_catalog, load_translation
from statements_archive.checks import report
from statements_archive.importing import translation as from_file

LABELS = {"missing": "missing", "outdated": "outdated", "draft": "draft", "current": "current"}


def _languages(catalog, lang):
    if lang is None:
        return catalog.config.codes
    if lang not in catalog.config.codes:
        raise click.BadParameter(f"{lang!r} is not configured; use one of {', '.join(catalog.config.codes)}",
                                 param_hint="--lang")
    return [lang]


def _text_table(table) -> str:
    lines = []
    for lang, by_state in table.items():
        counts = "  ".join(f"{state}: {len(items)}" for state, items in by_state.items())
        lines.append(f"== {lang} ==  {counts}")
        for state in ("outdated", "missing", "draft"):
            for e in by_state[state]:
                lines.append(f"  {state:<9} {e.path}  ({e.date}, from {e.original})")
    return "\n".join(lines)


def _markdown_table(table) -> str:
    head = "| language | " + " | ".join(translations.STATES) + " |\n|---|" + "---|" * len(translations.STATES)
    rows = [f"| {lang} | " + " | ".join(str(len(by[s])) for s in translations.STATES) + " |" for lang, by in table.items()]
    todo = [f"- `{e.path}` is {e.status}" for by in table.values() for s in ("outdated", "missing") for e in by[s]]
    return "\n".join(["## Translation status", "", head, *rows, "", *todo[:200]])


@click.group(invoke_without_command=True)
@click.option("--lang", help="Only this language.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.pass_context
def group(ctx, lang, fmt):
    """Translation status per language: missing, outdated, draft, current."""
    if ctx.invoked_subcommand:
        return
    catalog = load_catalog()
    table = translations.summary(catalog, _languages(catalog, lang))
    if fmt == "json":
        click.echo(json.dumps({l: {s: [asdict(e) for e in es] for s, es in by.items()} for l, by in table.items()},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(_markdown_table(table) if fmt == "markdown" else _text_table(table))


@group.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def diff(path):
    """Show what changed in the original since the revision the translation PATH records."""
    catalog, name, translation, original = load_translation(path)
    if original is None:
        raise click.ClickException(f"{name}: no original statement '{translation.slug}' found")
    recorded, now = translation.translation.revision, original.revision
    if recorded == now:
        click.echo(f"{name} is up to date with {original.path} (revision {now}).")
        return
    old_text = translations.find_revision_text(catalog.config.root, original.path, recorded)
    if old_text is None:
        raise click.ClickException(
            f"{name} records revision {recorded}, but no version of {original.path} in the git history has it "
            f"(current revision: {now}). Fetch the full history (git fetch --unshallow) or compare by hand.")
    old, _ = model.from_document(frontmatter.parse(old_text, original.path), "", "", [], lambda t: True)
    click.echo(f"{original.path} changed since revision {recorded} (now {now}):")
    for change in translations.changes(old, original):
        where = f"{original.path}:{change.new_line}" if change.new_line else f"(was line {change.old_line})"
        click.echo(f"\n{change.kind} {where}")
        if change.kind == "changed":
            click.echo("  " + translations.word_diff(change.old, change.new))
        else:
            click.echo(("  - " if change.kind == "removed" else "  + ") + (change.old or change.new))
    click.echo(f"\nWhen the translation is updated, set translation.revision to {now} in {name}.")


@click.command()
@click.argument("slug")
@click.argument("lang")
@click.option("--from", "source", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Fill the translation from this file (.txt, .md, .docx, .odt, .html): its title and blocks.")
def translate(slug, lang, source):
    """Start a translation of statement SLUG into LANG (refuses to overwrite).

    With --from FILE the file's title and text fill it; each place where its blocks do not
    line up with the original's is reported as path:line on both sides."""
    catalog = load_catalog()
    work = catalog.works.get(slug)
    if work is None or work.original is None:
        close = difflib.get_close_matches(slug, list(catalog.works), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise click.BadParameter(f"no statement {slug!r}{hint}", param_hint="SLUG")
    if lang not in catalog.config.codes:
        raise click.BadParameter(f"{lang!r} is not configured; use one of {', '.join(catalog.config.codes)}",
                                 param_hint="LANG")
    if lang == work.original.lang:
        raise click.BadParameter(f"{slug} is written in {lang}; choose another language", param_hint="LANG")
    target = catalog.config.docs_dir / lang / "statements" / f"{slug}.md"
    shown = display_path(catalog.config, target)
    text = translations.scaffold(work.original, lang)
    if source is not None:
        text, problems = from_file.prepare(work.original, source, display_path(catalog.config, source), shown)
        if problems:
            click.echo(report.format_problems(problems), err=True)
            raise SystemExit(report.EXIT_PROBLEMS)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise click.ClickException(f"{shown} already exists; see `archive translations diff {shown}`")
    if source is not None:
        breaks = from_file.alignment(work.original, text, shown)
        for problem in breaks:
            click.echo(str(problem))
        click.echo(f"wrote {shown} from {display_path(catalog.config, source)}: "
                   + (f"{len(breaks)} place(s) where the blocks do not line up with {work.original.path}; "
                      if breaks else f"every block lines up with {work.original.path}; ")
                   + f"place the citation markers, then run `archive check citations {shown}`.")
        return
    click.echo(f"wrote {display_path(catalog.config, target)}: translate the title, summary and text in place, "
               f"then preview with `ARCHIVE_BUILD_LANGUAGES={lang} mkdocs serve`.")
