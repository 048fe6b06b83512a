"""Python-Markdown extension: citation markers become placeholders.

Registered before links so `[@id]` is never read as a reference link; inline
code and code blocks are never inline-processed, so markers there stay text.
A marker takes the spaces before it, as Pandoc's note styles do: the
superscript follows the preceding character and the text around the markers
is exactly what the author wrote.

Every top-level block is numbered (`id="p-N"`, the same N in every aligned
language version) and gets a ¶ permalink whose label the page adds in its
own language (statements_archive.site.permalinks).
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from statements_archive.markdown.citations import GROUP, parse_group, placeholder_data


class _CitationProcessor(InlineProcessor):
    def handleMatch(self, m, data):
        cites = parse_group(m.group("body"))
        if not cites:
            return None, None, None
        el = etree.Element("sup", {"class": "citation", "data-cites": placeholder_data(cites)})
        return el, _leading_space(data, m.start(0), m.pos), m.end(0)


def _leading_space(data: str, bracket: int, floor: int) -> int:
    """Where the spaces (and one line break) before a marker start: they belong to it.

    Walked back from the bracket, never before ``floor`` (where the search began),
    rather than matched by the pattern: a pattern that may begin with a space cannot
    be searched for by its first character, and searching for it cost 66 times the
    bracket's search on every text of every page."""
    start = _spaces_before(data, bracket, floor)
    if start > floor and data[start - 1] == "\n":
        start = _spaces_before(data, start - 1, floor)
    return start


def _spaces_before(data: str, at: int, floor: int) -> int:
    while at > floor and data[at - 1] in " \t":
        at -= 1
    return at


# Blocks that hold inline text and may carry the ¶ link themselves.
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TEXT_BLOCKS = {"p", *_HEADINGS}


def _permalink(n: int) -> etree.Element:
    link = etree.Element("a", {"class": "block-link", "href": f"#p-{n}", "data-pagefind-ignore": ""})
    glyph = etree.SubElement(link, "span", {"aria-hidden": "true"})
    glyph.text = "\u00b6"
    return link


def _numbered(el) -> bool:
    if el.tag == "hr" or (el.tag == "div" and "footnote" in (el.get("class") or "").split()):
        return False
    return isinstance(el.tag, str)


class _BlockNumbers(Treeprocessor):
    """`id="p-N"` and a ¶ link on every top-level block, counted in document order."""

    def run(self, root):
        n = 0
        for index, el in enumerate(list(root)):
            if not _numbered(el):
                continue
            n += 1
            if el.tag == "p" and not len(el) and HTML_PLACEHOLDER_RE.fullmatch((el.text or "").strip()):
                # A stashed block (fenced code, raw HTML) replaces this <p> whole after
                # rendering: it is wrapped like any block that is not text.
                el.tag = "stashed"
            if el.tag in _TEXT_BLOCKS:
                el.set("data-block", str(n))
            if el.tag in _HEADINGS or (el.tag in _TEXT_BLOCKS and el.get("id")):
                # A heading keeps its toc id (and toc's ¶); p-N is an anchor at its start.
                mark = etree.Element("span", {"class": "block-anchor", "id": f"p-{n}"})
                mark.tail, el.text = el.text, None
                el.insert(0, mark)
            elif el.tag in _TEXT_BLOCKS:
                el.set("id", f"p-{n}")
                el.append(_permalink(n))
            else:  # lists, quotes, tables, code: a wrapper holds the id and the link
                wrapper = etree.Element("div", {"class": "archive-block", "id": f"p-{n}", "data-block": str(n)})
                wrapper.tail, el.tail = el.tail, "\n"
                root.remove(el)
                el.tag = "p" if el.tag == "stashed" else el.tag
                wrapper.text = "\n"
                wrapper.append(el)
                wrapper.append(_permalink(n))
                root.insert(index, wrapper)


class CitationExtension(Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(_CitationProcessor(GROUP.pattern, md), "citation", 175)
        # After inline (20) and attr_list (8); before toc and MkDocs' anchor
        # collection (both 5), so links to #p-N validate and headings keep toc's id.
        md.treeprocessors.register(_BlockNumbers(md), "archive_blocks", 6)


def makeExtension(**kwargs):
    return CitationExtension(**kwargs)
