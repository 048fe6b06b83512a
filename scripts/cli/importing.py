"""`archive import`: add statements from text, Markdown, Word, OpenDocument or HTML files, or a folder of them."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from statements_archive.checks.report import EXIT_PROBLEMS, errors
from statements_archive.cli.common import comma_list, load_config
from statements_archive.content.catalog import display_path
from statements_archive.importing import describe, folder, plaintext, slugs, statement


def _check_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD", param_hint=option)
    return value


def _options(site, date, after, before, date_note, topic_list, author_list, summary, lang, slug, title):
    config = site.config
    if lang and lang not in config.codes:
        raise click.BadParameter(f"{lang!r} is not configured; use one of {', '.join(config.codes)}", param_hint="--lang")
    if date and after:
        raise click.UsageError("give either --date (known day) or --after with --date-note (unknown day), not both")
    if after and not date_note:
        raise click.UsageError("--after needs --date-note saying what the date is inferred from")
    if (before or date_note) and not after:
        raise click.UsageError("--before and --date-note go with --after (the earliest possible day)")
    chosen = comma_list(topic_list or "")
    unknown = [t for t in chosen if t not in site.taxonomy.labels]
    if unknown or (topic_list is not None and not chosen):
        raise click.BadParameter(f"unknown topic(s) {', '.join(unknown) or '(none given)'}; "
                                 f"known: {', '.join(site.taxonomy.ids)}", param_hint="--topics")
    authors = comma_list(author_list or "")
    unknown = [a for a in authors if site.registry.get(a) is None]
    if unknown:
        known = ", ".join(site.registry.ids) or "none yet"
        raise click.BadParameter(f"unknown author id(s) {', '.join(unknown)}; add them to translations/authors.yml "
                                 f"(known: {known})", param_hint="--authors")
    if slug and not slugs.VALID.match(slug):
        raise click.BadParameter(f"{slug!r}: use lowercase ASCII letters, digits and hyphens", param_hint="--slug")
    return statement.Options(_check_date(date, "--date"), _check_date(after, "--after"), _check_date(before, "--before"),
                             date_note, chosen, authors, summary, lang, slug, title)


def _print_problems(problems) -> None:
    for problem in sorted(problems):
        click.echo(str(problem), err=True)


@click.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--date", "date", help="Publication date, YYYY-MM-DD, when the document does not state it.")
@click.option("--after", help="When the exact date is unknown: the earliest possible day, YYYY-MM-DD.")
@click.option("--before", help="With --after: the latest possible day, if known.")
@click.option("--date-note", help="With --after: what the date is inferred from.")
@click.option("--topics", "topic_list", help="Comma-separated topic ids, when the document's keywords name none.")
@click.option("--authors", "author_list", help="Comma-separated author ids from translations/authors.yml.")
@click.option("--summary", help="One-paragraph summary (default: the document's, else a placeholder to replace).")
@click.option("--lang", help="Language of the text (default: the document's, else the site's default language).")
@click.option("--slug", help="File name without .md (default: from the title, transliterated to ASCII).")
@click.option("--title", help="Title, when the document has none (or a wrong one).")
@click.option("--headings", default="auto", show_default=True,
              help="Plain text: auto, none, or the line numbers of headings (e.g. 3,12,40).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=min(4, os.cpu_count() or 1), show_default=True,
              help="A folder: documents read at once (each pandoc run is a process of its own).")
@click.option("--dry-run", is_flag=True, help="Print the outline (title, headings, paragraphs, slug, target); write nothing.")
def command(path, date, after, before, date_note, topic_list, author_list, summary, lang, slug, title, headings, jobs,
            dry_run):
    """Import PATH (.txt, .md, .docx, .odt, .html, or a folder of them) as new statements.

    Writes docs/<lang>/statements/<slug>.md and never overwrites a file. Plain
    text: the title on line 1, blocks separated by blank lines, short lines as
    headings. Exit 0 when everything was imported, 1 when anything was refused,
    2 on usage errors.
    """
    site = statement.Site.load(load_config())
    options = _options(site, date, after, before, date_note, topic_list, author_list, summary, lang, slug, title)
    try:
        heading_rule = plaintext.parse_headings(headings)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--headings")
    shown = lambda p: display_path(site.config, p)  # noqa: E731
    if path.is_dir():
        if slug or title:
            raise click.UsageError("--slug and --title name one statement; they cannot apply to a folder")
        _import_folder(path, options, site, shown, dry_run, heading_rule, jobs)
    else:
        _import_file(path, options, site, shown, dry_run, heading_rule)


def _import_file(path, options, site, shown, dry_run, heading_rule):
    plan, text = statement.prepare(path, shown(path), options, site, heading_rule)
    if dry_run:
        click.echo(describe.outline(plan) if plan.outline.title else f"source: {plan.outline.source}")
    if errors(plan.problems):
        _print_problems(errors(plan.problems))
        raise SystemExit(EXIT_PROBLEMS)
    if dry_run:
        click.echo("dry run: nothing written")
        return
    try:
        statement.write(plan, text)
    except FileExistsError:
        raise click.ClickException(f"{plan.shown_target} already exists; choose another --slug")
    o = plan.outline
    click.echo(f"wrote {plan.shown_target}: {o.paragraphs} paragraphs, {len(o.headings)} headings")
    for notice in plan.notices:
        click.echo(f"note: {notice}")


def _import_folder(path, options, site, shown, dry_run, heading_rule, jobs):
    def report(outcome: folder.Outcome) -> None:
        if outcome.problems:
            first, *rest = sorted(outcome.problems)
            more = f" (and {len(rest)} more)" if rest else ""
            click.echo(f"refused   {outcome.source}: {first.field + ': ' if first.field else ''}{first.message}{more}")
            for problem in rest:
                click.echo(f"          {problem}")
        else:
            verb = "would import" if dry_run else "imported"
            click.echo(f"{verb:<9} {outcome.source} -> {outcome.plan.shown_target}")
            for notice in outcome.plan.notices:
                click.echo(f"          note: {notice}")

    outcomes = folder.import_folder(path, options, site, shown, dry_run, heading_rule, report, jobs)
    click.echo(folder.summary(outcomes, dry_run))
    if any(o.problems for o in outcomes):
        raise SystemExit(EXIT_PROBLEMS)
