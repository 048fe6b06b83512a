"""One reading of a Markdown body's structure: code, blocks, citation markers, links.

Every check (content safety, citations, links) and the citation extension ask
this module where code is, so they agree on what is quoted code and what is
text. Code is found in one of two modes:

- ``certain=False`` reads code as Python-Markdown (MkDocs' renderer) does:
  fenced blocks opened at the start of a line and closed by the same fence,
  and code spans as its backtick pattern pairs them within a block. Citations,
  links and the rendered page follow this reading.
- ``certain=True`` keeps only what every Markdown engine agrees is code (see
  statements_archive.checks.safety): the safety scan checks everything else as
  if it were HTML, so a contributor cannot hide markup in an ambiguous fence.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from statements_archive.markdown.raw_html import BLOCK_LEVEL, VOID, HtmlScanner

_BACKTICK_RUN = re.compile(r"`+")
_FENCE_OPEN = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)\Z")
# fenced_code's accepted info strings: `{ attrs }` or `.lang` plus hl_lines.
_FENCE_INFO = re.compile(
    r"[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|')[^\n]*?\1[ ]*)?)\Z")

def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character of ``spans`` but newlines turned into spaces."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def _line_offsets(lines: list[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    return offsets


def fenced_code(text: str, certain: bool) -> list[tuple[int, int]]:
    """Spans of the fenced code blocks.

    The block structure follows Python-Markdown's fenced_code (what MkDocs
    renders): an opening fence at the start of a line, taken by the first
    line that repeats exactly the same fence; an opener without one is text.
    With ``certain``, a block is only returned when no line inside it could
    close it for another engine (same character, at least as long, indented up
    to three spaces): such a block is still skipped over as PyMD does, but its
    lines are read as text.
    """
    lines = text.split("\n")
    offsets = _line_offsets(lines)
    fence_lines: dict[str, list[int]] = {}  # "```" -> lines that are exactly that fence
    for k, line in enumerate(lines):
        stripped = line.rstrip(" ")
        if stripped[:1] in ("`", "~") and _FENCE_OPEN.fullmatch(stripped) and not stripped.strip("`~"):
            fence_lines.setdefault(stripped, []).append(k)
    blank = []
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m or (m["fence"][0] == "`" and "`" in m["info"]) or not _FENCE_INFO.match(m["info"]):
            i += 1
            continue
        fence = m["fence"]
        candidates = fence_lines.get(fence, [])
        k = bisect_right(candidates, i)
        close = candidates[k] if k < len(candidates) else None
        if close is None:
            i += 1  # no closing fence: Markdown reads the line as text
            continue
        ambiguous = False
        for j in range(i + 1, close) if certain else ():
            stripped = lines[j].strip(" ")
            indent = len(lines[j]) - len(lines[j].lstrip(" "))
            if indent <= 3 and stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                ambiguous = True
                break
        if not ambiguous:
            blank.append((offsets[i], offsets[close] + len(lines[close])))
        i = close + 1
    return blank


def _pair_backticks(line: str) -> list[tuple[int, int]] | None:
    """Code spans of one line, or None unless every backtick run pairs up.

    A run opens a span closed by the next run of the same length (what
    CommonMark and Python-Markdown both do when every run has a partner); a
    run without one, or one after a backslash, makes the line ambiguous.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICK_RUN.finditer(line)]
    if any(s > 0 and line[s - 1] == "\\" for s, _ in runs):
        return None
    spans = []
    r = 0
    while r < len(runs):
        length = runs[r][1] - runs[r][0]
        match = next((q for q in range(r + 1, len(runs)) if runs[q][1] - runs[q][0] == length), None)
        if match is None:
            return None
        spans.append((runs[r][0], runs[match][1]))
        r = match + 1
    return spans


def _certain_code_spans(text: str) -> list[tuple[int, int]]:
    """The inline code spans that every engine agrees are code (see checks.safety)."""
    lines = text.split("\n")
    offsets = _line_offsets(lines)
    candidates = [_pair_backticks(line) for line in lines]

    def line_of(pos: int) -> int:
        return bisect_right(offsets, pos) - 1

    def in_span(pos: int) -> bool:
        k = line_of(pos)
        return any(s <= pos - offsets[k] < e for s, e in candidates[k] or ())

    # A backtick inside a tag or comment that starts outside any span: Markdown
    # engines disagree on which comes first, so nothing on those lines is code.
    dirty = [spans is None for spans in candidates]
    raw_from: dict[int, bool] = {}  # line -> closed already, of raw HTML blocks
    scanner = HtmlScanner(text)
    pos = text.find("<")
    while pos >= 0:
        end = None
        resume = pos + 1
        if in_span(pos):
            pass  # a tag inside a code span is quoted code to every engine
        elif text.startswith("<!--", pos):
            end = scanner.comment_end(pos)
        elif pos + 1 < len(text) and (text[pos + 1].isascii() and text[pos + 1].isalpha() or
                                      text.startswith("</", pos)):
            tag = scanner.parse_tag(pos)
            if tag is not None:
                end = tag.end
                if not tag.across_blank_line:
                    resume = end
                line_start = offsets[line_of(pos)]
                if (not tag.closing and tag.name in BLOCK_LEVEL
                        and text[line_start:pos].strip(" ") == "" and pos - line_start <= 3):
                    closed = tag.name in VOID or text[end - 2:end] == "/>"
                    raw_from[line_of(pos)] = raw_from.get(line_of(pos), True) and closed
        if end is not None and "`" in text[pos:end]:
            for k in range(line_of(pos), line_of(end - 1) + 1):
                dirty[k] = True
        pos = text.find("<", resume)

    # Raw HTML blocks run from a block-level tag at the start of a line to the
    # first blank line after a line that closes a block-level element (a block
    # opened inside another extends it).
    closes = re.compile(r"</\s*(?:" + "|".join(sorted(BLOCK_LEVEL)) + r")(?![\w-])|/>", re.I)
    active = closed = False
    for k, line in enumerate(lines):
        if k in raw_from:
            active, closed = True, raw_from[k]
        if not active:
            continue
        if not line.strip() and closed:
            active = False
            continue
        dirty[k] = True
        closed = closed or bool(closes.search(line))

    spans = []
    paragraph_dirty = False
    for k, line in enumerate(lines):
        if not line.strip():
            paragraph_dirty = False
            continue
        if dirty[k]:
            paragraph_dirty = paragraph_dirty or "`" in line or candidates[k] is None
            continue
        if not paragraph_dirty:
            spans.extend((offsets[k] + s, offsets[k] + e) for s, e in candidates[k])
    return spans


# Python-Markdown's BACKTICK_RE (inline patterns run with DOTALL: a span may
# cross the lines of one block, never a blank line).
_PYMD_BACKTICK = re.compile(r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`))", re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _pymd_code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans as Python-Markdown's backtick pattern pairs them, block by block."""
    spans = []
    if "`" not in text:  # no span can start: the pattern would still try at every character
        return spans
    start = 0
    for end in [m.start() for m in _BLANK_LINE.finditer(text)] + [len(text)]:
        if text.find("`", start, end) >= 0:
            spans.extend(m.span() for m in _PYMD_BACKTICK.finditer(text, start, end) if m.group(2))
        start = end
    return spans


def mask_code(text: str, certain: bool = False) -> str:
    """``text`` with its code (fenced blocks, then code spans) blanked, offsets and lines kept."""
    text = _mask(text, fenced_code(text, certain))
    return _mask(text, _certain_code_spans(text) if certain else _pymd_code_spans(text))


# ---------------------------------------------------------------- blocks, markers, links

def blocks(body: str, first_line: int) -> list[tuple[int, str]]:
    """Paragraph-level blocks (first line, text) with code masked and fenced
    code blocks left out. Block n is the same block to every reader of this
    function: citations per paragraph, alignment of translations. Indented
    lines stay: in Python-Markdown four spaces are mostly list content."""
    masked = mask_code(body)
    fences = fenced_code(body, certain=False)
    out: list[tuple[int, list[str]]] = []
    current = None
    offset = 0
    for number, raw in enumerate(masked.split("\n")):
        in_fence = any(start <= offset < end for start, end in fences)
        offset += len(raw) + 1
        if in_fence or not raw.strip():
            current = None
            continue
        if current is None:
            current = (first_line + number, [])
            out.append(current)
        current[1].append(raw)
    return [(line, "\n".join(lines)) for line, lines in out]


def citation_groups(body: str, first_line: int, group: re.Pattern) -> list[tuple[int, re.Match]]:
    """(file line, match) of every citation marker ``group`` finds outside code."""
    found = []
    for line, text in blocks(body, first_line):
        for n, row in enumerate(text.split("\n")):
            found.extend((line + n, match) for match in group.finditer(row))
    return found


def lines_outside_code(body: str, first_line: int) -> list[tuple[int, str]]:
    """(file line, text) of every line with its code blanked, for link scanners."""
    return list(enumerate(mask_code(body).split("\n"), first_line))
