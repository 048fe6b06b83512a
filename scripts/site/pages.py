"""What the site shows: archive listings, statement headers, language links.

Everything here is plain data for templates, with URLs relative to the site
root (e.g. `fr/statements/slug/`); the MkDocs adapter makes them page-relative.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

from statements_archive.site import dates
from statements_archive.translation import status as translations
from statements_archive.content.catalog import Catalog, Work
from statements_archive.content.model import Statement
from statements_archive.config import SiteConfig

Gettext = Callable[[str], str]
HOME_LATEST = 10


def statement_url(config: SiteConfig, lang: str, slug: str) -> str:
    return f"{config.language(lang).prefix}statements/{slug}/"


def page_url(config: SiteConfig, lang: str, path: str) -> str:
    """Root-relative URL of a generated page: path like 'topics/gaza/' or ''."""
    return f"{config.language(lang).prefix}{path}"


def topic_links(catalog: Catalog, statement: Statement, lang: str) -> list[dict]:
    return [{"id": t, "label": catalog.taxonomy.label(t, lang), "url": page_url(catalog.config, lang, f"topics/{t}/")}
            for t in statement.topics]


def listing_entry(catalog: Catalog, work: Work, lang: str, _: Gettext) -> dict:
    """One statement in a listing of `lang`: the translation if any, else the original, marked."""
    shown = work.in_language(lang) or work.original
    return {
        "slug": work.slug,
        "title": shown.title,
        "summary": shown.summary,
        "lang": shown.lang,
        "dir": catalog.config.language(shown.lang).dir,
        "language_name": catalog.config.language(shown.lang).name,
        "untranslated": shown.lang != lang,
        "url": statement_url(catalog.config, shown.lang, work.slug),
        "date": dates.pubdate_text(shown.date, lang, _),
        "datetime": dates.iso(shown.date),
        "topics": topic_links(catalog, shown, lang),
    }


def _works(catalog: Catalog) -> list[Work]:
    return [catalog.works[s.slug] for s in catalog.originals()]


def listings(catalog: Catalog, lang: str, _: Gettext) -> dict:
    """Entries for the home, year and topic pages of one language, newest first."""
    entries = [listing_entry(catalog, w, lang, _) for w in _works(catalog)]
    by_year: dict[int, list[dict]] = defaultdict(list)
    by_topic: dict[str, list[dict]] = defaultdict(list)
    for work, entry in zip(_works(catalog), entries):
        by_year[work.original.date.year].append(entry)
        for topic in work.original.topics:
            by_topic[topic].append(entry)
    return {"all": entries, "latest": entries[:HOME_LATEST], "years": dict(sorted(by_year.items(), reverse=True)),
            "topics": by_topic}


def generated_pages(catalog: Catalog, lang: str, _: Gettext) -> list[tuple[str, dict]]:
    """(path under the language folder, front-matter) of every archive page."""
    data = listings(catalog, lang, _)
    pages = [
        ("index.md", {"title": _("Latest statements"), "archive_page": "home"}),
        ("years/index.md", {"title": _("Statements by year"), "archive_page": "years"}),
        ("topics/index.md", {"title": _("Topics"), "archive_page": "topics"}),
        ("translation-status.md", {"title": _("Translation status"), "archive_page": "status"}),
    ]
    pages += [(f"years/{year}.md", {"title": _("Statements of %(year)s") % {"year": year},
                                    "archive_page": "year", "year": year}) for year in data["years"]]
    pages += [(f"topics/{topic}.md", {"title": catalog.taxonomy.label(topic, lang),
                                      "archive_page": "topic", "topic": topic}) for topic in catalog.taxonomy.ids]
    return pages


def alternates(catalog: Catalog, lang: str, slug: str | None, path: str) -> list[dict]:
    """The same page in every language; statements only where they exist."""
    out = []
    for language in catalog.config.languages:
        if slug is not None:
            exists = catalog.get(language.code, slug) is not None
            url = statement_url(catalog.config, language.code, slug) if exists else page_url(catalog.config, language.code, "")
        else:
            exists, url = True, page_url(catalog.config, language.code, path)
        out.append({"lang": language.code, "name": language.name, "url": url, "exists": exists,
                    "current": language.code == lang})
    return out


def notice(catalog: Catalog, statement: Statement, _: Gettext) -> dict | None:
    """Reader-facing notice for a draft or outdated translation."""
    if not statement.is_translation:
        return None
    original = catalog.works[statement.slug].original
    if original is None:
        return None
    link = {"url": statement_url(catalog.config, original.lang, original.slug),
            "language_name": catalog.config.language(original.lang).name, "lang": original.lang}
    if statement.translation.revision != original.revision:
        return {"kind": "outdated", **link, "text": _(
            "This translation is outdated: the original has changed since it was translated.")}
    if statement.translation.status == "draft":
        return {"kind": "draft", **link, "text": _(
            "This translation is a draft that no reviewer has checked yet.")}
    return None


def statement_context(catalog: Catalog, statement: Statement, _: Gettext) -> dict:
    lang = statement.lang
    config = catalog.config
    return {
        "title": statement.title,
        "summary": statement.summary,
        "date": dates.pubdate_text(statement.date, lang, _),
        "datetime": dates.iso(statement.date),
        "date_exact": statement.date.exact,
        "date_note": statement.date.note,
        # The note is written once, in the original; mark its language on translations.
        "date_note_lang": statement.language or lang,
        "date_note_dir": config.language(statement.language or lang).dir,
        "updated": dates.long_date(statement.updated, lang) if statement.updated else "",
        "topics": topic_links(catalog, statement, lang),
        "original_language": config.language(statement.language or lang).name,
        "is_translation": statement.is_translation,
        "translators": list(statement.translation.translators) if statement.translation else [],
        "corrections": [{"date": dates.long_date(c.date, lang), "datetime": c.date.isoformat(), "text": c.text}
                        for c in statement.corrections],
        "languages": [a for a in alternates(catalog, lang, statement.slug, "") if a["exists"]],
        "notice": notice(catalog, statement, _),
    }


def translation_status(catalog: Catalog, lang: str) -> dict:
    """The status page of one language: what to translate next, what is outdated, and every language's counts."""
    table = translations.summary(catalog, catalog.config.codes)
    mine = {state: [{"slug": e.slug, "title": e.title, "path": e.path, "datetime": e.date,
                     "url": statement_url(catalog.config, lang if state != "missing" else
                                          catalog.works[e.slug].original.lang, e.slug)}
                    for e in entries] for state, entries in table[lang].items()}
    counts = [{"lang": code, "name": catalog.config.language(code).name,
               **{state: len(entries) for state, entries in table[code].items()}} for code in catalog.config.codes]
    return {"mine": mine, "counts": counts, "states": list(translations.STATES)}
