"""Collect the external http(s) URLs cited in ``docs/**/*.md``, with file:line.

Two places hold them: the front-matter ``sources:`` list (``url`` and
``archive_url``) and the Markdown body (inline links, autolinks, reference
definitions, raw HTML ``href``). Code blocks and code spans are skipped: a
URL shown as code is not a link.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from statements_archive.content import frontmatter
from statements_archive.markdown import scanner

_URL_CHARS = r"(?:[^\s()<>]|\([^\s()<>]*\))+"  # balanced (...) as in Wikipedia URLs
_BODY_PATTERNS = [
    re.compile(r"\]\(\s*<(https?://[^>\s]+)>"),  # [t](<url>)
    re.compile(r"\]\(\s*(https?://" + _URL_CHARS + ")"),  # [t](url "title")
    re.compile(r"<(https?://[^\s<>]+)>"),  # <url>
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(https?://[^\s>]+)>?"),  # [id]: url
    re.compile(r"""\b(?:href|src)\s*=\s*["'](https?://[^"'\s]+)["']"""),  # raw HTML
]


@dataclass(frozen=True, order=True)
class Use:
    """One place a URL is cited."""

    path: str
    line: int
    field: str  # "sources.2.url", "sources.2.archive_url" or "link" (Markdown body)
    archive_url: str | None = None  # a source url's archived copy, its fallback


def check_key(url: str) -> str:
    """The URL as requested: the fragment never reaches the server."""
    return url.strip().partition("#")[0]


def is_http(url: object) -> bool:
    return isinstance(url, str) and url.strip().lower().startswith(("http://", "https://"))


def body_urls(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, url) of every link in a Markdown body starting at ``first_line``
    (code, as Python-Markdown reads it, is no link: statements_archive.markdown.scanner)."""
    found = []
    for number, line in scanner.lines_outside_code(body, first_line):
        seen = set()
        for pattern in _BODY_PATTERNS:
            for url in pattern.findall(line):
                if url not in seen:
                    seen.add(url)
                    found.append((number, url))
    return found


def document_uses(doc: frontmatter.Document) -> list[tuple[str, Use]]:
    uses = []
    sources = doc.meta.get("sources")
    for i, source in enumerate(sources if isinstance(sources, list) else []):
        if not isinstance(source, dict):
            continue
        url, archive = source.get("url"), source.get("archive_url")
        archive = archive.strip() if is_http(archive) else None
        if is_http(url):
            uses.append((url.strip(), Use(doc.path, doc.line_of(f"sources.{i}.url"), f"sources.{i}.url", archive)))
        if archive:
            uses.append((archive, Use(doc.path, doc.line_of(f"sources.{i}.archive_url"), f"sources.{i}.archive_url")))
    for line, url in body_urls(doc.body, doc.body_line):
        uses.append((url, Use(doc.path, line, "link")))
    return uses


def collect(docs: Path) -> dict[str, list[Use]]:
    """Every cited URL (fragment dropped) mapped to the places citing it."""
    urls: dict[str, set[Use]] = defaultdict(set)
    for path in sorted(docs.rglob("*.md")):
        doc = frontmatter.read(path, str(path))
        for url, use in document_uses(doc):
            urls[check_key(url)].add(use)
    return {url: sorted(uses) for url, uses in sorted(urls.items())}
