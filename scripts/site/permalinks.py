"""Paragraph permalinks: the ¶ links the Markdown extension leaves get their label.

The extension (statements_archive.markdown.extension) numbers blocks without
knowing the page's language; the label "Link to paragraph N" is added here,
in the page's language, so screen readers announce it once (the glyph itself
is aria-hidden). Labels come from catalogs, which are contributed text:
they are escaped.
"""
from __future__ import annotations

import html
import re
from typing import Callable

# What the extension writes; the label goes right after the class.
_LINK = re.compile(r'<a class="block-link" data-pagefind-ignore="" href="#p-(?P<n>\d+)">')


def anchor(n: int) -> str:
    return f"p-{n}"


def label(page_html: str, gettext: Callable[[str], str]) -> str:
    """Every ¶ link of ``page_html`` with its aria-label in the page's language."""
    text = gettext("Link to paragraph %(n)d")

    def replace(match: re.Match) -> str:
        n = int(match["n"])
        name = html.escape(text % {"n": n}, quote=True)
        return (f'<a class="block-link" data-pagefind-ignore="" href="#{anchor(n)}" '
                f'aria-label="{name}" title="{name}">')

    return _LINK.sub(replace, page_html)

