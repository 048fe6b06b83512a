"""What the site shows: archive listings, statement headers, language links.

Everything here is plain data for templates, with URLs relative to the site
root (e.g. `fr/statements/slug/`); the MkDocs adapter makes them page-relative.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

from statements_archive.site import dates
from statements_archive.translation import status as translations
from statements_archive.translation import review
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


def language_name(code: str, lang: str) -> str:
    """Name of language ``code`` for a reader of ``lang`` ('anglais' on a French page)."""
    return dates.language_name(code, lang)


def marked(catalog: Catalog, text: str, text_lang: str, lang: str) -> dict:
    """Text with its language: templates mark it (lang, dir, <bdi>) when it is not the page's."""
    return {"text": text, "lang": text_lang, "dir": catalog.config.language(text_lang).dir
            if text_lang in catalog.config.codes else "auto", "foreign": text_lang != lang}


def with_separators(items: list[dict], lang: str) -> list[dict]:
    """Each item gets ``sep``, the text before it in a list of the page's language ('', ', ', ' et ')."""
    seps = ("", *dates.list_separators(len(items), lang))
    return [{**item, "sep": sep} for item, sep in zip(items, seps)]


def author_view(catalog: Catalog, author, lang: str) -> dict:
    """An author as a page of ``lang`` shows it: name (marked if not in ``lang``), page, kind."""
    return {"id": author.id, "kind": author.kind, "home": author.url,
            "url": page_url(catalog.config, lang, f"authors/{author.id}/"),
            **marked(catalog, author.name(lang), author.name_lang(lang), lang)}


def signatory_view(catalog: Catalog, statement: Statement, signatory, lang: str) -> dict:
    if isinstance(signatory, str):  # a plain name, as written in the original
        return {"url": "", "home": "", **marked(catalog, signatory, statement.language or statement.lang, lang)}
    return author_view(catalog, signatory, lang)


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
        "language_name": language_name(shown.lang, lang),
        "untranslated": shown.lang != lang,
        "url": statement_url(catalog.config, shown.lang, work.slug),
        "date": dates.pubdate_text(shown.date, lang, _),
        "datetime": dates.machine(shown.date),
        "topics": topic_links(catalog, shown, lang),
        "authors": with_separators([author_view(catalog, a, lang) for a in shown.authors], lang),
        "type": catalog.types.label(shown.type, lang) if shown.type else "",
    }


def _works(catalog: Catalog) -> list[Work]:
    return [catalog.works[s.slug] for s in catalog.originals()]


def listings(catalog: Catalog, lang: str, _: Gettext) -> dict:
    """Entries for the home, year and topic pages of one language, newest first."""
    entries = [listing_entry(catalog, w, lang, _) for w in _works(catalog)]
    by_year: dict[int, list[dict]] = defaultdict(list)
    by_topic: dict[str, list[dict]] = defaultdict(list)
    by_author: dict[str, list[dict]] = defaultdict(list)
    for work, entry in zip(_works(catalog), entries):
        by_year[work.original.date.year].append(entry)
        for topic in work.original.topics:
            by_topic[topic].append(entry)
        for author in {a.id: a for a in (*work.original.authors, *work.original.signatories)
                       if not isinstance(a, str)}:
            by_author[author].append(entry)
    return {"all": entries, "latest": entries[:HOME_LATEST], "years": dict(sorted(by_year.items(), reverse=True)),
            "topics": by_topic, "authors": by_author,
            "author_list": [author_view(catalog, a, lang) for a in catalog.authors.authors.values()]}


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
    pages.append(("authors/index.md", {"title": _("Authors and issuers"), "archive_page": "authors"}))
    pages += [(f"authors/{author.id}.md", {"title": author.name(lang), "archive_page": "author", "author": author.id})
              for author in catalog.authors.authors.values()]
    return pages


def nav_for_language(nav: list, has_page: Callable[[str], bool]) -> list:
    """The configured navigation without the pages this language does not have
    (an about page written in English and French is left out of the Spanish
    navigation rather than shown in English as if it were Spanish)."""
    out = []
    for item in nav or []:
        if isinstance(item, str):
            if not item.endswith(".md") or has_page(item):
                out.append(item)
        elif isinstance(item, dict):
            kept = {}
            for title, value in item.items():
                if isinstance(value, list):
                    value = nav_for_language(value, has_page)
                    if value:
                        kept[title] = value
                elif not (isinstance(value, str) and value.endswith(".md")) or has_page(value):
                    kept[title] = value
            if kept:
                out.append(kept)
        else:
            out.append(item)
    return out


def written_page(config: SiteConfig, lang: str, url_path: str) -> bool:
    """Whether ``lang`` has its own Markdown file for the page at ``url_path`` ('about/')."""
    stem = url_path.strip("/") or "index"
    folder = config.docs_dir / lang
    return (folder / f"{stem}.md").is_file() or (folder / stem / "index.md").is_file()


def page_alternates(catalog: Catalog, lang: str, url_path: str) -> list[dict]:
    """Alternates of a written page (e.g. about.md): the language's own version where
    it exists, else that language's home page, marked as not translated."""
    out = []
    for language in catalog.config.languages:
        exists = written_page(catalog.config, language.code, url_path)
        out.append({"lang": language.code, "name": language.name, "local_name": language_name(language.code, lang),
                    "url": page_url(catalog.config, language.code, url_path if exists else ""),
                    "exists": exists, "current": language.code == lang})
    return out


def alternates(catalog: Catalog, lang: str, slug: str | None, path: str) -> list[dict]:
    """The same page in every language; statements only where they exist."""
    out = []
    for language in catalog.config.languages:
        if slug is not None:
            exists = catalog.get(language.code, slug) is not None
            url = statement_url(catalog.config, language.code, slug) if exists else page_url(catalog.config, language.code, "")
        else:
            exists, url = True, page_url(catalog.config, language.code, path)
        out.append({"lang": language.code, "name": language.name, "local_name": language_name(language.code, lang),
                    "url": url, "exists": exists, "current": language.code == lang})
    return out


def notice(catalog: Catalog, statement: Statement, _: Gettext) -> dict | None:
    """Reader-facing notice for a draft or outdated translation."""
    if not statement.is_translation:
        return None
    original = catalog.works[statement.slug].original
    if original is None:
        return None
    link = {"url": statement_url(catalog.config, original.lang, original.slug),
            "language_name": language_name(original.lang, statement.lang), "lang": original.lang}
    if statement.translation.revision != original.revision:
        return {"kind": "outdated", **link, "text": _(
            "This translation is outdated: the original has changed since it was translated.")}
    if not review.is_reviewed(statement):
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
        "datetime": dates.machine(statement.date),  # '' when the content gives no certain year
        "sort_date": dates.iso(statement.date),
        "year": statement.date.year,
        "date_exact": statement.date.exact,
        "date_note": statement.date.note,
        # The note is written once, in the original; mark its language on translations.
        "date_note_lang": statement.language or lang,
        "date_note_dir": config.language(statement.language or lang).dir,
        "updated": dates.long_date(statement.updated, lang) if statement.updated else "",
        "topics": topic_links(catalog, statement, lang),
        "original_language": language_name(statement.language or lang, lang),
        "identifier": statement.identifier,
        "authors": with_separators([author_view(catalog, a, lang) for a in statement.authors], lang),
        "signatories": with_separators([signatory_view(catalog, statement, s, lang) for s in statement.signatories], lang),
        "type": catalog.types.label(statement.type, lang) if statement.type else "",
        "place": marked(catalog, statement.place, statement.place_lang or lang, lang) if statement.place else None,
        "first_published": first_published_view(statement, lang),
        "is_translation": statement.is_translation,
        "translators": list(statement.translation.translators) if statement.translation else [],
        "corrections": [{"date": dates.long_date(c.date, lang), "datetime": c.date.isoformat(), "text": c.text}
                        for c in statement.corrections],
        "languages": [a for a in alternates(catalog, lang, statement.slug, "") if a["exists"]],
        "original_date_note": bool(statement.date.note) and (statement.language or lang) != lang,
        "notice": notice(catalog, statement, _),
    }


def first_published_view(statement: Statement, lang: str) -> dict | None:
    first = statement.first_published
    if first is None:
        return None
    return {"publisher": first.publisher, "url": first.url, "datetime": first.date,
            "date": dates.partial_date(first.date, lang) if first.date else "",
            "lang": statement.language or statement.lang}


def translation_status(catalog: Catalog, lang: str, _: Gettext = lambda text: text) -> dict:
    """The status page of one language: what to translate next, what is outdated, and every language's counts.

    Drafts and outdated translations are listed under their title in this
    language; missing ones under the original's title, marked with its language."""
    table = translations.summary(catalog, catalog.config.codes)

    def item(state: str, e) -> dict:
        work = catalog.works[e.slug]
        shown = work.translations.get(lang) if state != "missing" else None
        shown = shown or work.original
        return {"slug": e.slug, "path": e.path, "url": statement_url(catalog.config, shown.lang, e.slug),
                "title": marked(catalog, shown.title, shown.lang, lang),
                "date": dates.pubdate_text(shown.date, lang, _), "datetime": dates.machine(shown.date)}

    mine = {state: [item(state, e) for e in entries] for state, entries in table[lang].items()}
    counts = [{"lang": code, "name": language_name(code, lang),
               **{state: len(entries) for state, entries in table[code].items()}} for code in catalog.config.codes]
    return {"mine": mine, "counts": counts, "states": list(translations.STATES)}
