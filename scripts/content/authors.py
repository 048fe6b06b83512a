"""Authors and issuers: the organisations and people statements are issued by.

`translations/authors.yml` maps an author id to its kind (organisation or
person), its name (one text, or one per language where it differs) and an
optional URL. Statements name authors by id; an unknown id is an error, so a
name is written once and spelled the same on every page, feed and metadata.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from statements_archive.content import frontmatter
from statements_archive.checks.report import Problem

AUTHOR_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KINDS = ("organisation", "person")
FIELDS = ("kind", "name", "url")
URL = re.compile(r"^https?://[^\s<>\"']+$")


@dataclass(frozen=True)
class Author:
    """One author. ``names`` maps language codes to the name in that language;
    ``default`` is the language of the name used where no translation is given,
    "" for a name written once for every language (it is then nobody's foreign text)."""

    id: str
    kind: str = "organisation"
    names: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    default: str = ""
    url: str = ""

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    @property
    def schema_type(self) -> str:
        """schema.org type: 'Person' or 'Organization'."""
        return "Person" if self.is_person else "Organization"

    def name_lang(self, lang: str) -> str:
        """Language the name shown to a reader of ``lang`` is written in."""
        return lang if lang in self.names or not self.default else self.default

    def name(self, lang: str) -> str:
        """The name for a reader of ``lang``: its own form if given, else the default one."""
        return self.names.get(lang) or self.names.get(self.default) or self.id


@dataclass
class Registry:
    authors: dict[str, Author]
    problems: list[Problem]

    @property
    def ids(self) -> list[str]:
        return list(self.authors)

    def get(self, author_id: str) -> Author | None:
        return self.authors.get(author_id)


def _names(value, languages: list[str], default: str) -> tuple[dict[str, str], str, str | None]:
    """(names by language, the default name's language, a problem message or None)."""
    if isinstance(value, str) and value.strip():
        return {"": value.strip()}, "", None
    if isinstance(value, dict) and value:
        bad = [str(k) for k in value if k not in languages]
        if bad:
            return {}, default, f"'{bad[0]}' is not a configured language ({', '.join(languages)})"
        if not all(isinstance(v, str) and v.strip() for v in value.values()):
            return {}, default, "every name must be non-empty text"
        names = {str(k): v.strip() for k, v in value.items()}
        # The site's default language's form where given, else the first one written.
        return names, default if default in names else next(iter(names)), None
    return {}, default, ("must be the name (text), or a mapping of language codes to names where they differ, "
                         "e.g. 'name: {en: United Nations, fr: Nations unies}'")


def load(path: Path, languages: list[str]) -> Registry:
    """Read the authors file; a missing file means no authors (not an error)."""
    name = str(path)
    if not path.exists():
        return Registry({}, [])
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Registry({}, [Problem(name, 0, "authors", f"cannot read the authors file: {exc}")])
    doc = frontmatter.parse(f"---\n{text}\n---\n", name)
    problems = [Problem(p.path, max(p.line - 1, 1), p.field, p.message) for p in doc.problems]
    default = languages[0] if languages else "en"
    authors: dict[str, Author] = {}
    for author_id, entry in doc.meta.items():
        line = doc.line_of(str(author_id)) - 1

        def problem(key: str, message: str) -> None:
            problems.append(Problem(name, max(doc.line_of(key) - 1, line), key, message))

        if not isinstance(author_id, str) or not AUTHOR_ID.match(author_id):
            problem(str(author_id), "author id must be lowercase letters, digits and hyphens, e.g. 'amnesty-international'")
            continue
        if not isinstance(entry, dict):
            problem(author_id, "must be a mapping with 'kind', 'name' and optional 'url'")
            continue
        for key in sorted(set(map(str, entry)) - set(FIELDS)):
            problem(f"{author_id}.{key}", f"unknown key; allowed: {', '.join(FIELDS)}")
        kind = entry.get("kind")
        if kind not in KINDS:
            problem(f"{author_id}.kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
            kind = "organisation"
        names, name_default, message = _names(entry.get("name"), languages, default)
        if message:
            problem(f"{author_id}.name", message)
            continue
        url = entry.get("url", "")
        if url and not (isinstance(url, str) and URL.match(url)):
            problem(f"{author_id}.url", f"must be an absolute http(s) URL, got {url!r}")
            url = ""
        authors[author_id] = Author(author_id, kind, names, name_default, url or "")
    return Registry(authors, problems)
