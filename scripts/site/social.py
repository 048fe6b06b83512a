"""Sharing metadata of a statement page: Open Graph tags and schema.org JSON-LD.

Pure functions of the catalog; every URL is absolute (from the site URL) since
the readers of this data (link previews, search engines) see it out of context.
"""
from __future__ import annotations

import json
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from statements_archive.site import pages
from statements_archive.site import reading
from statements_archive.content.catalog import Catalog
from statements_archive.site.feeds import absolute, known_modified, known_published
from statements_archive.content.model import Statement

# Facebook, the main reader of og:locale, knows Arabic only as ar_AR.
OG_LOCALE_OVERRIDES = {"ar": "ar_AR"}


@lru_cache(maxsize=64)
def og_locale(lang: str) -> str:
    """'fr' -> 'fr_FR': the language with its most likely territory (CLDR)."""
    if lang in OG_LOCALE_OVERRIDES:
        return OG_LOCALE_OVERRIDES[lang]
    try:
        locale = Locale.parse(lang.replace("-", "_"))
        if not locale.territory:
            locale = Locale.parse(get_global("likely_subtags").get(locale.language, locale.language))
    except (ValueError, UnknownLocaleError):
        return lang
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def _url(catalog: Catalog, statement: Statement) -> str:
    return absolute(catalog, pages.statement_url(catalog.config, statement.lang, statement.slug))


def _versions(catalog: Catalog, statement: Statement) -> list[Statement]:
    """Every language version of the statement, in the site's language order."""
    work = catalog.works[statement.slug]
    return [s for s in (work.in_language(code) for code in catalog.config.codes) if s]


def open_graph(catalog: Catalog, statement: Statement) -> list[tuple[str, str]]:
    """(property, content) pairs, in the order they go in <head>."""
    tags = [
        ("og:type", "article"),
        ("og:title", statement.title),
        ("og:description", statement.summary),
        ("og:url", _url(catalog, statement)),
        ("og:site_name", catalog.config.site_name_in(statement.lang)),
        ("og:locale", og_locale(statement.lang)),
    ]
    tags += [("og:locale:alternate", og_locale(s.lang)) for s in _versions(catalog, statement) if s.lang != statement.lang]
    # Open Graph times are full dates: stated only when the content gives the day.
    if known_published(statement):
        tags.append(("article:published_time", known_published(statement).isoformat()))
    if known_modified(statement):
        tags.append(("article:modified_time", known_modified(statement).isoformat()))
    tags += [("article:author", absolute(catalog, pages.page_url(catalog.config, statement.lang, f"authors/{a.id}/")))
             for a in statement.authors]
    if statement.type:
        tags.append(("article:section", catalog.types.label(statement.type, statement.lang)))
    tags += [("article:tag", catalog.taxonomy.label(topic, statement.lang)) for topic in statement.topics]
    return tags


def citation(source: dict) -> dict:
    """A source as a schema.org CreativeWork, with the fields that are known."""
    work: dict = {"@type": "CreativeWork"}
    if source.get("title"):
        work["name"] = source["title"]
    if source.get("author"):
        work["author"] = {"@type": "Person", "name": source["author"]}
    if source.get("publisher"):
        work["publisher"] = {"@type": "Organization", "name": source["publisher"]}
    if source.get("date"):
        work["datePublished"] = source["date"]
    if source.get("url"):
        work["url"] = source["url"]
    if source.get("archive_url"):
        work["archivedAt"] = source["archive_url"]
    if source.get("note"):
        work["description"] = source["note"]
    return work


def author_ld(catalog: Catalog, author, lang: str) -> dict:
    """An author as schema.org Organization or Person, with the archive's page about it."""
    data = {"@type": author.schema_type, "name": author.name(lang),
            "url": author.url or absolute(catalog, pages.page_url(catalog.config, lang, f"authors/{author.id}/"))}
    if author.url:
        data["sameAs"] = author.url
    return data


def _first_published(first) -> dict:
    """Where the text first appeared, as the CreativeWork this archive copy is based on."""
    work: dict = {"@type": "CreativeWork"}
    if first.publisher:
        work["publisher"] = {"@type": "Organization", "name": first.publisher}
    if first.url:
        work["url"] = first.url
    if first.date:
        work["datePublished"] = first.date
    return work


def _reference(catalog: Catalog, statement: Statement) -> dict:
    url = _url(catalog, statement)
    return {"@type": "Article", "@id": url, "url": url, "inLanguage": statement.lang, "headline": statement.title,
            "identifier": statement.identifier}


def json_ld(catalog: Catalog, statement: Statement) -> dict:
    """schema.org Article describing the statement, its sources and its translations."""
    config = catalog.config
    url = _url(catalog, statement)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url,
        "url": url,
        "headline": statement.title,
        "description": statement.summary,
        "inLanguage": statement.lang,
        "identifier": statement.identifier,
        "about": [{"@type": "Thing", "name": catalog.taxonomy.label(topic, statement.lang),
                   "url": absolute(catalog, pages.page_url(config, statement.lang, f"topics/{topic}/"))}
                  for topic in statement.topics],
        "isPartOf": {"@type": "WebSite", "name": config.site_name_in(statement.lang), "url": config.site_url},
    }
    # As precise as the content: '2024-10-28', '2024-10', '2024', or left out (docs-dev/dates.md).
    if statement.date.known_iso:
        data["datePublished"] = statement.date.known_iso
    if known_modified(statement):
        data["dateModified"] = known_modified(statement).isoformat()
    if statement.authors:  # an issuer the text does not name is left out, never guessed
        data["author"] = [author_ld(catalog, a, statement.lang) for a in statement.authors]
    if statement.type:
        data["genre"] = catalog.types.label(statement.type, statement.lang)
    if statement.place:
        data["locationCreated"] = {"@type": "Place", "name": statement.place}
    first = statement.first_published
    if first is not None:
        data["isBasedOn"] = _first_published(first)
    if statement.sources:
        data["citation"] = [citation(source) for source in statement.sources]
    original = catalog.works[statement.slug].original
    if statement.is_translation and original is not None:
        data["translationOfWork"] = _reference(catalog, original)
        if statement.translation.translators:
            data["translator"] = [{"@type": "Person", "name": name} for name in statement.translation.translators]
    else:
        translations = [s for s in _versions(catalog, statement) if s.is_translation]
        if translations:
            data["workTranslation"] = [_reference(catalog, s) for s in translations]
    return data


def script_json(data: dict) -> str:
    """JSON safe inside <script>: no '<' at all, so neither '</script>' nor '<!--' can appear."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def social_context(catalog: Catalog, statement: Statement) -> dict:
    """What the page templates need: OG pairs, the JSON-LD text, the reading time."""
    return {
        "open_graph": open_graph(catalog, statement),
        "json_ld": script_json(json_ld(catalog, statement)),
        "reading_minutes": reading.minutes(statement.body, statement.lang),
    }
