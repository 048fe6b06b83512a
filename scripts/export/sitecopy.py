"""The built site as an offline copy sees it: which files, which languages, and
each file's bytes after the offline rewrite (statements_archive.export.offline_links).

The folder export and the ZIM export both read the site through :func:`pages`,
so a link that works in one works in the other.
"""
from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from selectolax.lexbor import LexborHTMLParser

from statements_archive.config import SiteConfig
from statements_archive.export import offline_links
from statements_archive.translation import interface as i18n

FOLDER, ZIM = "folder", "zim"
OFFLINE_CSS = "assets/archive/offline.css"
# The note where the search button was (folder copies only: Kiwix has its own search).
_OFFLINE_STYLE = """\
/* Offline copy: the note that takes search's place in the header. */
.archive-offline-search { position: relative; align-self: center; margin-inline: .4rem; font-size: .7rem; }
.archive-offline-search > summary { cursor: pointer; padding: .4rem; list-style: none; }
.archive-offline-search > summary::-webkit-details-marker { display: none; }
.archive-offline-search > p { position: absolute; inset-inline-end: 0; top: 100%; z-index: 10; width: 18rem;
  margin: 0; padding: .6rem .8rem; background: var(--md-default-bg-color, #fff);
  color: var(--md-default-fg-color, #000); box-shadow: 0 .2rem .5rem rgba(0, 0, 0, .3); line-height: 1.4; }
"""
MIMETYPES = {
    ".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".json": "application/json",
    ".xml": "application/atom+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp", ".ico": "image/x-icon",
    ".pdf": "application/pdf", ".txt": "text/plain", ".woff2": "font/woff2", ".woff": "font/woff",
}


class SiteMissing(Exception):
    """No built site where the export looks for one."""


@dataclass(frozen=True)
class Entry:
    path: str  # posix, relative to the site folder
    data: bytes
    mimetype: str
    title: str = ""  # HTML pages: their <title>
    lang: str = ""  # HTML pages: their <html lang>
    article: bool = False  # a page a reader opens (not an asset, not a 404 page)


def mimetype(path: str) -> str:
    return MIMETYPES.get(posixpath.splitext(path)[1].lower(), "application/octet-stream")


def check_site(site: Path) -> None:
    if not (site / "index.html").is_file():
        raise SiteMissing(f"{site}: no built site here (no index.html); build it with `archive build` "
                          "or name the folder with --site")


def language_of(config: SiteConfig, path: str) -> str | None:
    """The language a file belongs to; None for assets every language shares."""
    first = path.split("/", 1)[0]
    for language in config.languages:
        if not language.default and first == language.code:
            return language.code
    if first == "assets":
        return None
    return config.default_language.code


def site_files(config: SiteConfig, site: Path, languages: list[str] | None = None) -> list[str]:
    """Files of the copy: the site without what cannot work offline, only ``languages`` (default all)."""
    wanted = set(languages or config.codes)
    found = []
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        path = file.relative_to(site).as_posix()
        if offline_links.excluded(path):
            continue
        lang = language_of(config, path)
        if lang is None or lang in wanted:
            found.append(path)
    return found


def _search_note(lang: str, translations_dir: Path) -> str:
    _ = i18n.translations(translations_dir, lang).gettext
    return ('<details class="archive-offline-search"><summary>{}</summary><p role="note">{}</p></details>'.format(
        html.escape(_("Search")),
        html.escape(_("Search does not work in this offline copy. The archive's ZIM file, opened with Kiwix "
                      "(kiwix.org), has full-text search in every language."))))


def offline_page(source: str, path: str, copy: offline_links.Copy, mode: str, translations_dir: Path) -> tuple[str, str, str]:
    """(HTML, title, lang) of one page rewritten for ``mode``."""
    tree = offline_links.rewrite_html(source, path, copy)
    root = tree.css_first("html")
    lang = (root.attributes.get("lang") if root else "") or ""
    for place in offline_links.remove_search(tree):
        if mode == FOLDER:
            offline_links.replace(place, _search_note(lang, translations_dir))
        else:
            place.decompose()
    if mode == ZIM:
        offline_links.drop_csp(tree)
    if mode == FOLDER:
        offline_links.csp_for_files(tree)
        head = tree.css_first("head")
        if head is not None:
            link = LexborHTMLParser(f'<link rel="stylesheet" href="{html.escape(offline_links.relative(path, OFFLINE_CSS))}">')
            head.insert_child(link.css_first("link"))
    title_node = tree.css_first("title")
    return offline_links.serialize(tree), (title_node.text(strip=True) if title_node else ""), lang


def pages(config: SiteConfig, site: Path, mode: str, languages: list[str] | None = None,
          progress: Callable[[str], None] | None = None) -> Iterator[Entry]:
    """Every file of the offline copy, rewritten, in path order."""
    check_site(site)
    files = site_files(config, site, languages)
    if mode == FOLDER:
        files = sorted(set(files) | {OFFLINE_CSS})
    copy = offline_links.Copy(frozenset(files), config.site_url)
    translations_dir = config.translations_dir
    for path in files:
        if path == OFFLINE_CSS and mode == FOLDER and not (site / path).is_file():
            yield Entry(path, _OFFLINE_STYLE.encode("utf-8"), "text/css")
            continue
        data = (site / path).read_bytes()
        kind = mimetype(path)
        if kind == "text/html":
            text, title, lang = offline_page(data.decode("utf-8"), path, copy, mode, translations_dir)
            article = not posixpath.basename(path) == "404.html"
            yield Entry(path, text.encode("utf-8"), kind, title, lang, article)
        elif path.endswith(".xml") and "/feeds/" in f"/{path}":
            yield Entry(path, offline_links.rewrite_feed(data.decode("utf-8"), path, copy).encode("utf-8"), kind)
        else:
            yield Entry(path, data, kind)
