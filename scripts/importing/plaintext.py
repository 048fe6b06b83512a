"""Turn a plain-text statement into Markdown with front-matter.

Plain-text layout: the title on the first line, then blocks separated by
blank lines. A block that is one short line without closing punctuation is a
section heading; every other block is a paragraph (its lines joined).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import yaml

HEADING_MAX_CHARS = 150
SENTENCE_END = tuple(".!?…:;")
# Characters that would start Markdown syntax at the beginning of a line.
LINE_START = re.compile(r"^(\s*)([#>+=-]|\*)")
ORDERED_ITEM = re.compile(r"^(\s*\d+)([.)])(?=\s)")
INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
# `<` and entity-like `&...;` have no backslash escape in Markdown: write them as entities.
HTML_SPECIAL = re.compile(r"<|&(?=#?\w+;)")


@dataclass
class Block:
    kind: str  # "heading" or "paragraph"
    text: str


@dataclass
class PlainStatement:
    title: str
    blocks: list[Block]


class ImportError_(ValueError):
    """The text cannot be read as a statement; the message says why."""


def is_heading(text: str) -> bool:
    return "\n" not in text and len(text) <= HEADING_MAX_CHARS and not text.rstrip("”’\"')").endswith(SENTENCE_END)


def parse_plain(text: str) -> PlainStatement:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise ImportError_("the file is empty; expected the title on the first line, then paragraphs")
    title = " ".join(lines[first].split())
    blocks = []
    for chunk in re.split(r"\n\s*\n", "\n".join(lines[first + 1:])):
        chunk = "\n".join(line.strip() for line in chunk.strip().split("\n"))
        if not chunk:
            continue
        joined = " ".join(chunk.split("\n"))
        blocks.append(Block("heading" if is_heading(chunk) else "paragraph", joined))
    if not any(b.kind == "paragraph" for b in blocks):
        raise ImportError_("no paragraph found after the title; paragraphs are separated by blank lines")
    return PlainStatement(title, blocks)


def escape_markdown(text: str) -> str:
    """Escape what Markdown would otherwise turn into markup, so text renders verbatim."""
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    text = HTML_SPECIAL.sub(lambda m: "&lt;" if m.group(0) == "<" else "&amp;", text)
    text = LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return ORDERED_ITEM.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def slugify(title: str, max_chars: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > max_chars and slug:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "statement"


def render(statement: PlainStatement, meta: dict) -> str:
    """The Markdown file: front-matter, then headings (##) and paragraphs."""
    front = yaml.safe_dump({"title": statement.title, **meta}, allow_unicode=True, sort_keys=False, width=100)
    body = "\n\n".join(
        f"## {escape_markdown(b.text)}" if b.kind == "heading" else escape_markdown(b.text)
        for b in statement.blocks
    )
    return f"---\n{front}---\n\n{body}\n"
