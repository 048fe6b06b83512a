"""Extract the links and anchor targets of one built page (HTML or XML).

Kept free of any site-wide state so it can run in worker processes.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

LINK_SELECTOR = "[href], [src], [srcset]"
# Where MkDocs/Material puts the page's own Markdown content; links outside it
# (navigation, header, footer) come from the theme, not from a Markdown file.
CONTENT_SELECTORS = ("article.md-content__inner", "div.md-content", "main", "[role=main]")


@dataclass(slots=True)
class RawLink:
    attr: str  # "href", "src", "srcset", or the XML element that held it
    url: str
    text: str = ""  # link text or alt text, to find the link in the Markdown
    in_content: bool = True


@dataclass
class PageLinks:
    links: list[RawLink] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    base: str | None = None  # <base href>, when the page has one


def parse_srcset(value: str) -> list[str]:
    """URLs of a ``srcset`` (``a.png 1x, b.png 2x``); commas may sit inside URLs."""
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")  # "a.png,b.png" without descriptors
        else:
            while i < n and value[i] != ",":  # skip the descriptor
                i += 1
        if url:
            urls.append(url)
    return urls


def _text(node) -> str:
    if node.tag == "img":
        return node.attrs.get("alt") or ""
    if node.tag != "a":
        return ""
    return " ".join((node.text() or "").split())


def scan_html(data: bytes | str) -> PageLinks:
    tree = LexborHTMLParser(data)
    page = PageLinks()
    for node in tree.css("[id]"):
        page.ids.add(node.attrs.get("id") or "")
    for node in tree.css("a[name]"):
        page.ids.add(node.attrs.get("name") or "")
    base = tree.css_first("base[href]")
    if base is not None:
        page.base = base.attrs.get("href")
    content = None
    for selector in CONTENT_SELECTORS:
        content = tree.css_first(selector)
        if content is not None:
            break
    # Without a recognisable content area every link may come from Markdown.
    in_content = None if content is None else {n.mem_id for n in content.css(LINK_SELECTOR)}
    for node in tree.css(LINK_SELECTOR):
        if node.tag == "base":
            continue
        attrs = node.attrs
        inside = in_content is None or node.mem_id in in_content
        text = _text(node) if inside else ""
        for attr in ("href", "src"):
            value = attrs.get(attr)
            if value is not None:
                page.links.append(RawLink(attr, value.strip(), text, inside))
        srcset = attrs.get("srcset")
        if srcset:
            page.links.extend(RawLink("srcset", url, text, inside) for url in parse_srcset(srcset))
    return page


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def scan_xml(data: bytes) -> PageLinks:
    """Links of an Atom/RSS feed or a sitemap; anything else yields nothing."""
    page = PageLinks()
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return page
    for el in root.iter():
        name = _local(el.tag) if isinstance(el.tag, str) else ""
        if name == "link":
            # Atom and xhtml:link (sitemap hreflang) use href; RSS puts the URL in the text.
            url = el.get("href") or (el.text or "").strip()
            if url:
                page.links.append(RawLink("link", url.strip(), in_content=False))
        elif name == "loc" and el.text:
            page.links.append(RawLink("loc", el.text.strip(), in_content=False))
        elif name == "enclosure" and el.get("url"):
            page.links.append(RawLink("enclosure", el.get("url").strip(), in_content=False))
    return page
