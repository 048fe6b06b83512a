"""What a template receives for one page (``archive`` in the Jinja context).

The MkDocs adapter hands over the page's language, its statement or listing
kind and its URL; every rule (alternates, hreflang with x-default, listings)
lives here, so another engine's adapter would call the same function.
"""
from __future__ import annotations

from typing import Callable

from statements_archive.content.catalog import Catalog
from statements_archive.content.model import Statement
from statements_archive.export import pdf as pdf_export
from statements_archive.site import pages, quoting, social


def hreflang(catalog: Catalog, alternates: list[dict], statement: Statement | None) -> list[dict]:
    """Absolute alternates of the existing versions, and x-default: the default
    language's version, or for a statement without one, its original."""
    config = catalog.config
    links = [{"lang": a["lang"], "href": config.site_url + a["url"]} for a in alternates if a["exists"]]
    default = next((a for a in alternates if a["lang"] == config.default_language.code and a["exists"]), None)
    if default is None and statement is not None:
        original = catalog.works[statement.slug].original
        default = {"url": pages.statement_url(config, original.lang, original.slug)}
    if default:
        links.append({"lang": "x-default", "href": config.site_url + default["url"]})
    return links


def _listing(catalog: Catalog, lang: str, meta: dict, listings: dict, gettext: Callable[[str], str]) -> dict:
    data = {"kind": meta["archive_page"], **listings, "meta": meta,
            "topic_labels": {t: catalog.taxonomy.label(t, lang) for t in catalog.taxonomy.ids}}
    if meta["archive_page"] == "status":
        data["status"] = pages.translation_status(catalog, lang, gettext)
    return data


def for_page(catalog: Catalog, lang: str, gettext: Callable[[str], str], statement: Statement | None,
             meta: dict, url: str, listings: Callable[[], dict]) -> dict:
    """The ``archive`` context of a page at ``url`` (site-relative) in ``lang``.

    ``listings`` gives the language's listings (computed once per language by the caller)."""
    language = catalog.config.language(lang)
    data: dict = {"lang": lang, "dir": language.dir, "prefix": language.prefix}
    if statement is not None:
        data["statement"] = pages.statement_context(catalog, statement, gettext)
        data["social"] = social.social_context(catalog, statement)  # OG, JSON-LD, reading time
        data["quoting"] = quoting.statement_extras(catalog, statement)  # Cite block, citation_* tags, review credits
        data["pdf"] = pdf_export.page_link(catalog, statement)  # when the build makes PDFs
        alternates = pages.alternates(catalog, lang, statement.slug, "")
    elif "archive_page" in meta:
        data["listing"] = _listing(catalog, lang, meta, listings(), gettext)
        alternates = pages.alternates(catalog, lang, None, url[len(language.prefix):])
    elif pages.written_page(catalog.config, lang, url[len(language.prefix):]):
        # A written page (about.md): its own versions, else each language's home.
        alternates = pages.page_alternates(catalog, lang, url[len(language.prefix):])
    else:
        alternates = []
    data["alternates"] = alternates
    data["hreflang"] = hreflang(catalog, alternates, statement)
    return data


def for_template(catalog: Catalog, lang: str) -> dict:
    """Theme templates without a page (404.html): links to every language's home."""
    return {"lang": lang, "prefix": catalog.config.language(lang).prefix, "hreflang": [],
            "alternates": pages.alternates(catalog, lang, None, "")}
