"""The topic taxonomy: ids with a label in every configured language.

`translations/topics.yml` is the single source of truth for topic labels.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from statements_archive.content import frontmatter
from statements_archive.checks.report import Problem

TOPIC_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Taxonomy:
    labels: dict[str, dict[str, str]]  # topic id -> language -> label
    problems: list[Problem]

    @property
    def ids(self) -> list[str]:
        return list(self.labels)

    def label(self, topic: str, lang: str) -> str:
        return self.labels.get(topic, {}).get(lang) or topic


def load(path: Path, languages: list[str], noun: str = "topic") -> Taxonomy:
    """Read the taxonomy; every missing label or malformed id is a problem.

    ``noun`` names what the ids are in messages (the statement types reuse this format)."""
    name = str(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Taxonomy({}, [Problem(name, 0, f"{noun}s", f"cannot read the taxonomy: {exc}")])
    # Reuse the front-matter parser for line numbers: wrap the file as front-matter.
    doc = frontmatter.parse(f"---\n{text}\n---\n", name)
    problems = [Problem(p.path, max(p.line - 1, 1), p.field, p.message) for p in doc.problems]
    labels: dict[str, dict[str, str]] = {}
    for topic, entry in doc.meta.items():
        line = doc.line_of(str(topic)) - 1
        if not isinstance(topic, str) or not TOPIC_ID.match(topic):
            problems.append(Problem(name, line, str(topic), f"{noun} id must be lowercase letters, digits and hyphens, e.g. 'west-bank'"))
            continue
        if not isinstance(entry, dict):
            problems.append(Problem(name, line, topic, "must map each language code to a label, e.g. 'en: Gaza'"))
            continue
        for lang in languages:
            if not isinstance(entry.get(lang), str) or not entry[lang].strip():
                problems.append(Problem(name, line, f"{topic}.{lang}", f"missing label in language '{lang}'"))
        for lang in entry:
            if lang not in languages:
                problems.append(Problem(name, doc.line_of(f"{topic}.{lang}") - 1, f"{topic}.{lang}",
                                        f"'{lang}' is not a configured language ({', '.join(languages)})"))
        labels[topic] = {k: str(v) for k, v in entry.items()}
    return Taxonomy(labels, problems)
