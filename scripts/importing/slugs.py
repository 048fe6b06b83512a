"""File names for imported statements: readable ASCII from any script, never taken twice.

A slug is the statement's identity in every language folder
(`docs/<lang>/statements/<slug>.md`), so it must be unique across all of them
and stable: it comes from the original's title, transliterated with anyascii.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from anyascii import anyascii

MAX_CHARS = 60
VALID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Transliterations mark Arabic hamza/ayn and Hebrew aleph/ayin with ' and `: inside a word they are no break.
_SILENT = re.compile(r"['`ʼʻʿʾ’]")


def _is_ideograph(char: str) -> bool:
    # Han characters carry no spaces between words; anyascii runs their syllables together
    # (世界人权 -> ShiJieRenQuan), so each one is a word of its own.
    return unicodedata.name(char, "").startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def transliterate(text: str) -> str:
    return "".join(f" {anyascii(ch)} " if _is_ideograph(ch) else ch for ch in text)


def slugify(title: str, max_chars: int = MAX_CHARS) -> str:
    """``"Всеобщая декларация"`` -> ``"vseobshchaya-deklaratsiya"``; ``""`` when nothing is left."""
    ascii_text = _SILENT.sub("", anyascii(transliterate(title))).lower()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_text):
        if slug and len(slug) + len(word) + 1 > max_chars:
            break
        slug = f"{slug}-{word}" if slug else word[:max_chars]
    return slug


def holder(docs_dir: Path, slug: str) -> Path | None:
    """The existing file that already uses ``slug``, in any language folder."""
    return next(iter(sorted(docs_dir.glob(f"*/statements/{slug}.md"))), None)


def free_variant(docs_dir: Path, slug: str) -> str:
    """The first ``slug-2``, ``slug-3``... that no language folder holds: a suggestion, never applied silently."""
    n = 2
    while holder(docs_dir, f"{slug}-{n}"):
        n += 1
    return f"{slug}-{n}"
