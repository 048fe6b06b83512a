"""`archive import`: add a plain-text statement to the archive."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from statements_archive.importing import plaintext as importer
from statements_archive import config as site_config
from statements_archive.content import topics
from statements_archive.cli.common import comma_list


def _check_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD", param_hint=option)
    return value


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--date", "date", help="Publication date, YYYY-MM-DD, when it is known.")
@click.option("--after", help="When the exact date is unknown: the earliest possible day, YYYY-MM-DD.")
@click.option("--before", help="With --after: the latest possible day, if known.")
@click.option("--date-note", help="With --after: what the date is inferred from.")
@click.option("--topics", "topic_list", required=True, help="Comma-separated topic ids from translations/topics.yml.")
@click.option("--summary", help="One-paragraph summary (default: a placeholder to write before publishing).")
@click.option("--lang", help="Language of the text (default: the site's default language).")
@click.option("--slug", help="File name without .md (default: from the title).")
def command(file, date, after, before, date_note, topic_list, summary, lang, slug):
    """Import FILE (title on line 1, short lines as headings) as a new statement.

    Writes docs/<lang>/statements/<slug>.md and refuses to overwrite a file.
    """
    config = site_config.load()
    lang = lang or config.default_language.code
    if lang not in config.codes:
        raise click.BadParameter(f"{lang!r} is not configured; use one of {', '.join(config.codes)}", param_hint="--lang")
    if bool(date) == bool(after):
        raise click.UsageError("give either --date (known day) or --after with --date-note (unknown day)")
    if after and not date_note:
        raise click.UsageError("--after needs --date-note saying what the date is inferred from")
    taxonomy = topics.load(config.root / "translations" / "topics.yml", config.codes)
    chosen = comma_list(topic_list)
    unknown = [t for t in chosen if t not in taxonomy.labels]
    if unknown or not chosen:
        raise click.BadParameter(f"unknown topic(s) {', '.join(unknown) or '(none given)'}; "
                                 f"known: {', '.join(taxonomy.ids)}", param_hint="--topics")
    try:
        text = file.read_text("utf-8")
        statement = importer.parse_plain(text)
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{file}: not valid UTF-8 at byte {exc.start}; convert it to UTF-8 first")
    except importer.ImportError_ as exc:
        raise click.ClickException(f"{file}: {exc}")
    date_value = _check_date(date, "--date") or {
        k: v for k, v in (("after", _check_date(after, "--after")), ("before", _check_date(before, "--before")),
                          ("note", date_note)) if v}
    meta = {
        "date": date_value,
        "topics": chosen,
        "summary": summary or "TODO: write a one-paragraph summary before publishing.",
        "language": lang,
    }
    target = config.docs_dir / lang / "statements" / f"{slug or importer.slugify(statement.title)}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(importer.render(statement, meta))
    except FileExistsError:
        raise click.ClickException(f"{target} already exists; choose another --slug or remove the file first")
    headings = sum(b.kind == "heading" for b in statement.blocks)
    click.echo(f"wrote {target.relative_to(config.root)}: {len(statement.blocks) - headings} paragraphs, {headings} headings")
