"""Turn a plain-text statement into Markdown with front-matter.

Plain-text layout: the title on the first line, then blocks separated by
blank lines. A block that is one short line without closing punctuation is a
section heading; every other block is a paragraph (its lines joined). A line
that ends with a comma, semicolon or colon, or starts with a lowercase letter,
continues a sentence ("Whereas ... between nations,", "Now, therefore,") and is
never a heading. ``headings`` overrides the rule: ``"none"``, or the line
numbers of the heading lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

HEADING_MAX_CHARS = 150
SENTENCE_END = tuple(".!?…:;,،؛")
# Characters that would start Markdown syntax at the beginning of a line.
LINE_START = re.compile(r"^(\s*)([#>+-]|\*)")
ORDERED_ITEM = re.compile(r"^(\s*\d+)([.)])(?=\s)")
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
# `<` and entity-like `&...;` have no backslash escape in Markdown: write them as entities.
HTML_SPECIAL = re.compile(r"<|&(?=#?\w+;)")


@dataclass
class Block:
    kind: str  # "heading" or "paragraph"
    text: str
    line: int = 0  # line of the block's first line in the file


@dataclass
class PlainStatement:
    title: str
    blocks: list[Block]


class ImportError_(ValueError):
    """The text cannot be read as a statement; the message says why."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


def _starts_lowercase(text: str) -> bool:
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.islower()


def is_heading(text: str) -> bool:
    return ("\n" not in text and len(text) <= HEADING_MAX_CHARS
            and not text.rstrip("”’»\"')").endswith(SENTENCE_END) and not _starts_lowercase(text))


def parse_headings(value: str | None) -> str | set[int]:
    """``--headings``: ``auto`` (default), ``none`` or ``1,5,9`` (line numbers)."""
    value = (value or "auto").strip().lower()
    if value in ("auto", "none"):
        return value
    numbers = set()
    for part in value.split(","):
        part = part.strip()
        if not part.isdigit() or int(part) < 1:
            raise ValueError(f"expected auto, none or line numbers such as 3,12,40; got {part!r}")
        numbers.add(int(part))
    return numbers


def parse_plain(text: str, headings: str | set[int] = "auto") -> PlainStatement:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ImportError_("the file is empty; expected the title on the first line, then paragraphs")
    title = " ".join(lines[first].split())
    blocks: list[Block] = []
    chunks: list[tuple[int, str]] = []  # (first line, text with its line breaks)
    start = None
    for number, line in enumerate(lines[first + 1:] + [""], first + 2):
        if line.strip() and start is None:
            start = number
        elif not line.strip() and start is not None:
            chunks.append((start, "\n".join(l.strip() for l in lines[start - 1:number - 1])))
            start = None
    if isinstance(headings, set):
        _check_heading_lines(headings, chunks, first + 1)
    for start, chunk in chunks:
        if headings == "auto":
            kind = "heading" if is_heading(chunk) else "paragraph"
        else:
            kind = "heading" if headings != "none" and start in headings else "paragraph"
        blocks.append(Block(kind, " ".join(chunk.split("\n")), start))
    if not any(b.kind == "paragraph" for b in blocks):
        raise ImportError_("no paragraph found after the title; paragraphs are separated by blank lines")
    return PlainStatement(title, blocks)


def _check_heading_lines(numbers: set[int], chunks: list[tuple[int, str]], title_line: int) -> None:
    for number in sorted(numbers):
        holder = next(((start, chunk) for start, chunk in chunks
                       if start <= number < start + chunk.count("\n") + 1), None)
        if number == title_line:
            why = "the title"
        elif holder is None:
            why = "blank (or past the end)"
        elif holder[0] != number:
            why = f"inside the paragraph that starts on line {holder[0]}"
        elif "\n" in holder[1]:
            why = f"the first of {holder[1].count(chr(10)) + 1} lines of one block (a heading stands alone)"
        else:
            continue
        raise ImportError_(f"line {number} is {why}; list the lines of headings that stand alone between "
                           "blank lines, e.g. --headings 3,12", line=number)


def escape_markdown(text: str) -> str:
    """Escape what Markdown would otherwise turn into markup, so text renders verbatim."""
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    text = HTML_SPECIAL.sub(lambda m: "&lt;" if m.group(0) == "<" else "&amp;", text)
    text = LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return ORDERED_ITEM.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def render(statement: PlainStatement, meta: dict) -> str:
    """The Markdown file: front-matter, then headings (##) and paragraphs."""
    front = yaml.safe_dump({"title": statement.title, **meta}, allow_unicode=True, sort_keys=False, width=100)
    body = "\n\n".join(
        f"## {escape_markdown(b.text)}" if b.kind == "heading" else escape_markdown(b.text)
        for b in statement.blocks
    )
    return f"---\n{front}---\n\n{body}\n"
