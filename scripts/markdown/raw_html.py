"""Raw HTML inside Markdown, tokenized as an HTML5 browser reads it.

The content checks (statements_archive.checks.safety) and the code-span
reading of statements_archive.markdown.scanner share this tokenizer, so both
agree on where a tag or comment starts and ends. It follows HTML5's rules for
tag names, attribute separators such as ``/``, quoting and comments, not
``html.parser``, whose tokenizer differs from browsers' in ways that can hide a tag.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

# Python-Markdown's block-level elements: at the start of a line they open a
# raw HTML block whose content is not Markdown (so backticks do not quote).
BLOCK_LEVEL = frozenset("""
    address article aside blockquote body canvas colgroup dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html iframe
    legend li main map math menu nav noscript object ol output p pre progress script
    section style summary table tbody td template textarea tfoot th thead tr ul video""".split())

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}):([^\s<>]*)>")


@dataclass
class Tag:
    start: int
    end: int  # index after '>'
    name: str
    attrs: list[tuple[str, str, int]]  # (name, raw value, position of the name)
    closing: bool = False
    across_blank_line: bool = False


class TooComplex(Exception):
    """The text would take too long to tokenize (a flood of unterminated markup)."""


_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_BEFORE_ATTR = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME = re.compile(r"=?[^\t\n\f\r />=]*")
_SPACE = re.compile(r"[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")


class HtmlScanner:
    """Finds tags, comments and autolinks in a text as an HTML5 browser would.

    Lookups are indexed so that a flood of ``<`` or ``<!--`` stays fast, and a
    budget of characters read bounds the worst case (beyond it the text is
    reported as too complex to check rather than waved through).
    """

    def __init__(self, text: str):
        self.text = text
        self.budget = 50 * len(text) + 500_000
        self.gts = [m.start() for m in re.finditer(">", text)]
        self.comment_closes = sorted(m.start() for m in re.finditer("(?=--!?>)", text))
        self.comment_opens = [m.start() for m in re.finditer("<!--", text)]
        self.blanks = [m.start() for m in re.finditer(r"(?=\n[ \t]*\n)", text)]

    def _first_at_or_after(self, positions: list[int], pos: int) -> int | None:
        k = bisect_left(positions, pos)
        return positions[k] if k < len(positions) else None

    def has_blank_line(self, start: int, end: int) -> bool:
        first = self._first_at_or_after(self.blanks, start)
        return first is not None and first < end

    def parse_tag(self, i: int) -> Tag | None:
        """The start or end tag at ``text[i] == '<'``, or None if no '>' ends it."""
        text = self.text
        if self._first_at_or_after(self.gts, i) is None:
            return None
        n = len(text)
        closing = text.startswith("</", i)
        j = i + (2 if closing else 1)
        k = _TAG_NAME.match(text, j).end()
        tag = Tag(i, n, text[j:k].lower(), [], closing)
        j = k
        while True:
            j = _BEFORE_ATTR.match(text, j).end()
            if j >= n:
                self._spend(j - i)
                return None
            if text[j] == ">":
                tag.end = j + 1
                tag.across_blank_line = self.has_blank_line(i, j)
                self._spend(j - i)
                return tag
            start = j
            j = _ATTR_NAME.match(text, j).end()
            if j == start:  # cannot happen ('=' or a name char); guard against looping
                j += 1
            name = text[start:j].lower()
            j = _SPACE.match(text, j).end()
            value = ""
            if j < n and text[j] == "=":
                j = _SPACE.match(text, j + 1).end()
                if j < n and text[j] in "\"'":
                    close = text.find(text[j], j + 1)
                    if close < 0:
                        self._spend(n - i)
                        return None
                    value = text[j + 1:close]
                    j = close + 1
                else:
                    v = j
                    j = _UNQUOTED.match(text, j).end()
                    value = text[v:j]
            tag.attrs.append((name, value, start))

    def _spend(self, amount: int) -> None:
        self.budget -= amount
        if self.budget < 0:
            raise TooComplex

    def comment_end(self, i: int) -> int | None:
        """End of an HTML comment opened at ``i`` (HTML5 rules), or None to not skip it.

        Comments are skipped only when every engine agrees where they end:
        closed, no nested ``<!--``, and no blank line unless the comment starts
        a line (Python-Markdown keeps other comments that span paragraphs as
        text, and what follows would be live HTML).
        """
        text = self.text
        body = i + 4
        for abrupt in (">", "->"):
            if text.startswith(abrupt, body):
                return body + len(abrupt)
        close = self._first_at_or_after(self.comment_closes, body)
        if close is None:
            return None
        end = close + (3 if text.startswith("-->", close) else 4)
        nested = self._first_at_or_after(self.comment_opens, body)
        if nested is not None and nested < end:
            return None
        line_start = text.rfind("\n", 0, i) + 1
        at_line_start = text[line_start:i].strip(" ") == "" and i - line_start <= 3
        if not at_line_start and self.has_blank_line(body, end):
            return None
        return end

    def tokens(self):
        """Yield ("tag", Tag), ("comment", (start, end)) and ("autolink", match)."""
        text = self.text
        i = 0
        n = len(text)
        while True:
            i = text.find("<", i)
            if i < 0 or i + 1 >= n:
                return
            nxt = text[i + 1]
            if text.startswith("<!--", i):
                end = self.comment_end(i)
                if end is not None:
                    yield "comment", (i, end)
                    i = end
                else:
                    i += 4
                continue
            letter = nxt.isascii() and nxt.isalpha()
            if letter:
                auto = AUTOLINK.match(text, i)
                if auto:
                    yield "autolink", auto
                    i = auto.end()
                    continue
            if letter or (nxt == "/" and i + 2 < n and text[i + 2].isascii() and text[i + 2].isalpha()):
                # A '<' that no '>' closes is text to Markdown and browsers.
                tag = self.parse_tag(i)
                if tag is not None:
                    yield "tag", tag
                    if not tag.across_blank_line:
                        i = tag.end
                        continue
                    # Across a blank line it is one tag to a raw HTML block but
                    # two paragraphs of text (with live markup between) to
                    # Markdown: check it both ways.
            # '<' followed by anything else is text ("<!DOCTYPE", "<?", "</ "
            # are bogus comments to a browser, but read on: nothing is hidden).
            i += 1
