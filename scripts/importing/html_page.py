"""A saved web page or CMS export: its main content and what its head says.

The statement is the page's ``<article>`` (the one with most text when a page
has several), else ``<main>``, else the body; navigation, sidebars, footers,
forms and buttons around or inside it are page furniture, not text. Scripts,
frames and embedded media are kept, so the safety check refuses them by name.
"""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser as HTMLParser, LexborNode as Node

from statements_archive.importing.metadata import language_code, split_keywords, split_names
from statements_archive.importing.outline import Metadata

MAIN = ("article", "main", "[role=main]", "#content", ".entry-content", ".post-content")
FURNITURE = ("nav", "aside", "footer", "form", "button", "[role=navigation]", "[role=complementary]",
             "[role=search]", "style", "link", "meta", "noscript", "template",
             'script[type="application/ld+json"]', ".screen-reader-text", ".sharedaddy", ".share", ".breadcrumb",
             ".breadcrumbs", ".comments", "#comments", ".byline", "header .author", "header .date", "p.author", "p.date",
             "p.subtitle", "[hidden]", "[aria-hidden=true]")
# Where a page states its own publication day (never a date quoted in its text).
DATE_META = ('meta[property="article:published_time"]', 'meta[name="article:published_time"]',
             'meta[name="date"]', 'meta[name="dcterms.date"]', 'meta[name="DC.date"]', 'meta[name="dc.date"]',
             'meta[itemprop="datePublished"]', 'meta[name="citation_publication_date"]')
TIME_PUBLISHED = ('time[itemprop="datePublished"]', "time[pubdate]", "time.published", "time.entry-date",
                  "header time", ".published time", ".date time", ".meta time", ".entry-meta time")


def _attr(tree: HTMLParser | Node, selector: str, name: str = "content") -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(name) if node else None
    return value.strip() if value and value.strip() else None


def _all(tree: HTMLParser, selector: str, name: str = "content") -> list[str]:
    return [n.attributes[name].strip() for n in tree.css(selector) if (n.attributes.get(name) or "").strip()]


def main_content(tree: HTMLParser) -> Node | None:
    for selector in MAIN:
        found = tree.css(selector)
        if found:
            return max(found, key=lambda n: len(n.text(strip=True)))
    return tree.body


def _published(tree: HTMLParser, main: Node | None) -> tuple[str | None, Node | None]:
    """The page's own publication day, and the <time> element that gave it."""
    for selector in DATE_META:
        value = _attr(tree, selector)
        if value:
            return value, None
    for scope in (main, tree):
        if scope is None:
            continue
        for selector in TIME_PUBLISHED:
            node = scope.css_first(selector)
            if node is not None:
                return (node.attributes.get("datetime") or node.text(strip=True) or "").strip() or None, node
    return None, None


def read(text: str) -> tuple[str, Metadata]:
    """(HTML of the main content, the page's metadata)."""
    tree = HTMLParser(text)
    main = main_content(tree)
    published, time_node = _published(tree, main)
    meta = Metadata(
        title=_attr(tree, 'meta[property="og:title"]') or (tree.css_first("title").text(strip=True)
                                                            if tree.css_first("title") else None),
        date=published,
        authors=[n for a in _all(tree, 'meta[name="author"]') + _all(tree, 'meta[property="article:author"]')
                 if not a.startswith("http") for n in split_names(a)],
        keywords=[k for v in _all(tree, 'meta[name="keywords"]') for k in split_keywords(v)]
        + _all(tree, 'meta[property="article:tag"]'),
        language=language_code(_attr(tree, "html", "lang") or _attr(tree, "body", "lang")
                               or _attr(tree, 'meta[http-equiv="content-language"]')),
        summary=_attr(tree, 'meta[name="description"]') or _attr(tree, 'meta[property="og:description"]'),
        base_url=_attr(tree, "base", "href") or _attr(tree, 'link[rel="canonical"]', "href")
        or _attr(tree, 'meta[property="og:url"]'),
    )
    if main is None:
        return "", meta
    if time_node is not None and time_node.parent is not None:
        # The <time> a page dates itself with is metadata, not a paragraph of the statement.
        time_node.decompose()
    for selector in FURNITURE:
        for node in main.css(selector):
            node.decompose()
    return main.html or "", meta
