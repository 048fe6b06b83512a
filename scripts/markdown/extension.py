"""Python-Markdown extension: citation markers become placeholders.

Registered before links so `[@id]` is never read as a reference link; inline
code and code blocks are never inline-processed, so markers there stay text.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor

from statements_archive.markdown.citations import GROUP, parse_group, placeholder_data


class _CitationProcessor(InlineProcessor):
    def handleMatch(self, m, data):
        cites = parse_group(m.group("body"))
        if not cites:
            return None, None, None
        el = etree.Element("sup", {"class": "citation", "data-cites": placeholder_data(cites)})
        return el, m.start(0), m.end(0)


class CitationExtension(Extension):
    def extendMarkdown(self, md):
        md.inlinePatterns.register(_CitationProcessor(GROUP.pattern, md), "citation", 175)


def makeExtension(**kwargs):
    return CitationExtension(**kwargs)
