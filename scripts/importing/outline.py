"""What an imported document is made of, before it becomes a statement file.

Every reader (plain text, pandoc formats) produces an :class:`Outline`: the
title, the top-level blocks already written as the archive's Markdown, the
footnotes, the metadata found in the document and the problems met on the way.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from statements_archive.checks.report import Problem

# Kinds of top-level blocks; translations are aligned on them.
KINDS = ("heading", "paragraph", "list", "quote", "table", "code", "rule", "html")


@dataclass
class Block:
    kind: str
    markdown: str  # as written in the statement file
    text: str  # plain text, for outlines and reports
    line: int = 0  # line in the source file, when the format has lines
    level: int = 0  # headings: 2 for ##, 3 for ###...


@dataclass
class Metadata:
    """Facts the document states about itself; absent ones stay None (never guessed)."""

    title: str | None = None
    title_hidden: bool = False  # the title is only in the file's properties, not on the page
    date: str | None = None  # as written in the document
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    language: str | None = None
    summary: str | None = None
    base_url: str | None = None  # HTML pages: where relative links pointed
    sources: list | None = None  # Markdown files already in the archive's format


@dataclass
class Outline:
    source: str  # the file as the user named it
    title: str
    blocks: list[Block]
    notes: list[str] = field(default_factory=list)  # footnote bodies, [^1] first
    meta: Metadata = field(default_factory=Metadata)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # what was changed on the way in, for the user
    source_text: str | None = None  # text formats: the file's text, to point at its lines

    @property
    def paragraphs(self) -> int:
        return sum(b.kind != "heading" for b in self.blocks)

    @property
    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    def body(self) -> str:
        """The Markdown body: blocks, then the footnote definitions."""
        parts = [b.markdown for b in self.blocks]
        for n, note in enumerate(self.notes, 1):
            first, *rest = note.split("\n")
            parts.append(f"[^{n}]: {first}" + "".join(f"\n    {line}" if line else "\n" for line in rest))
        return "\n\n".join(parts) + "\n"
