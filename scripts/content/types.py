"""Statement types (statement, declaration, resolution, open letter, speech, ...).

`translations/types.yml` holds the ids and a label in every configured
language, in the same format as the topics; a missing file means no types.
"""
from __future__ import annotations

from pathlib import Path

from statements_archive.content import topics
from statements_archive.content.topics import Taxonomy

FILE = "types.yml"


def load(translations: Path, languages: list[str]) -> Taxonomy:
    path = translations / FILE
    if not path.exists():
        return Taxonomy({}, [])
    return topics.load(path, languages, noun="type")
