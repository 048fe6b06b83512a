"""sitemap.xml for every language, from the catalog rather than the built files.

It replaces the sitemap that MkDocs and the i18n plugin write, which dates every
page with the build day and knows only one language build. Here each page has
its alternates in every language (plus x-default) and a `lastmod` taken from
the content, so the file changes only when the content does.
"""
from __future__ import annotations

import datetime as dt
import gzip
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from statements_archive.site import pages
from statements_archive.content.catalog import Catalog
from statements_archive.site.feeds import entries, known_modified

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
STATEMENTS_FOLDER = "statements/"
XHTML = "http://www.w3.org/1999/xhtml"
ET.register_namespace("", SITEMAP)
ET.register_namespace("xhtml", XHTML)


@dataclass
class Url:
    loc: str  # root-relative
    lastmod: dt.date | None
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> root-relative URL


def page_path(source: str) -> str:
    """URL path of a generated page's source: 'years/index.md' -> 'years/', 'years/2024.md' -> 'years/2024/'."""
    stem = source.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def _newest(days) -> dt.date | None:
    return max(days, default=None)


def _listed_lastmod(catalog: Catalog, lang: str, meta: dict) -> dt.date | None:
    """Newest change among the statements an archive page lists."""
    kind = meta.get("archive_page")
    if kind == "status":  # lists every original and every translation
        return _newest(known_modified(s) for w in catalog.works.values()
                       for s in (w.original, *w.translations.values()) if s and known_modified(s))
    listed = entries(catalog, lang, meta.get("topic") if kind == "topic" else None)
    if kind in ("author", "authors"):
        by = {w.slug for w in catalog.by_author(meta["author"])} if kind == "author" else \
            {s.slug for s in catalog.originals() if s.authors or s.signatories}
        listed = [s for s in listed if s.slug in by]
    elif kind == "home":
        listed = listed[:pages.HOME_LATEST]
    elif kind == "year":
        listed = [s for s in listed if s.date.year == int(meta["year"])]
    # Only exact days: a page listing only statements of unknown day gets no lastmod (it is optional).
    return _newest(known_modified(s) for s in listed if known_modified(s))


def archive_urls(catalog: Catalog) -> list[Url]:
    config = catalog.config
    default = config.default_language.code
    urls = []
    for language in config.languages:
        for source, meta in pages.generated_pages(catalog, language.code, lambda text: text):
            path = page_path(source)
            alternates = {other.code: pages.page_url(config, other.code, path) for other in config.languages}
            alternates["x-default"] = alternates[default]
            urls.append(Url(pages.page_url(config, language.code, path),
                            _listed_lastmod(catalog, language.code, meta), alternates))
    return urls


def statement_urls(catalog: Catalog) -> list[Url]:
    config = catalog.config
    urls = []
    for original in catalog.originals():
        work = catalog.works[original.slug]
        versions = {lang: work.in_language(lang) for lang in work.languages}
        alternates = {lang: pages.statement_url(config, lang, work.slug) for lang in config.codes if lang in versions}
        # x-default: the default language's version where there is one, else the original.
        fallback = config.default_language.code if config.default_language.code in versions else original.lang
        alternates["x-default"] = alternates[fallback]
        for lang in alternates:
            if lang != "x-default":
                urls.append(Url(alternates[lang], known_modified(versions[lang]), alternates))
    return urls


def written_urls(catalog: Catalog) -> list[Url]:
    """Pages written in Markdown beyond statements (about.md, ...), in the languages that have them."""
    config = catalog.config
    paths: dict[str, list[str]] = {}
    for language in config.languages:
        folder = config.docs_dir / language.code
        for md in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            relative = md.relative_to(folder).as_posix()
            if not relative.startswith(STATEMENTS_FOLDER):
                paths.setdefault(page_path(relative), []).append(language.code)
    urls = []
    for path, langs in sorted(paths.items()):
        alternates = {lang: pages.page_url(config, lang, path) for lang in config.codes if lang in langs}
        alternates["x-default"] = alternates.get(config.default_language.code) or alternates[langs[0]]
        urls += [Url(alternates[lang], None, alternates) for lang in alternates if lang != "x-default"]
    return urls


def build(catalog: Catalog) -> ET.ElementTree:
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    for url in archive_urls(catalog) + statement_urls(catalog) + written_urls(catalog):
        element = ET.SubElement(root, f"{{{SITEMAP}}}url")
        ET.SubElement(element, f"{{{SITEMAP}}}loc").text = catalog.config.site_url + url.loc
        if url.lastmod:
            ET.SubElement(element, f"{{{SITEMAP}}}lastmod").text = url.lastmod.isoformat()
        for hreflang, href in url.alternates.items():
            ET.SubElement(element, f"{{{XHTML}}}link",
                          {"rel": "alternate", "hreflang": hreflang, "href": catalog.config.site_url + href})
    ET.indent(root, space="  ")
    return ET.ElementTree(root)


def write(site_dir: Path, catalog: Catalog) -> None:
    """Write sitemap.xml and a sitemap.xml.gz with no timestamp or file name in its header."""
    tree = build(catalog)
    data = ET.tostring(tree.getroot(), encoding="utf-8", xml_declaration=True) + b"\n"
    (site_dir / "sitemap.xml").write_bytes(data)
    with (site_dir / "sitemap.xml.gz").open("wb") as handle:
        with gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) as packed:
            packed.write(data)
