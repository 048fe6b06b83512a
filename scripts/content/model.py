"""The statement content model: front-matter fields, their validation, and
the JSON Schema generated from the same definitions.

A statement file is `docs/<lang>/statements/<slug>.md`. An original declares
its `language`; a translation has a `translation` block and inherits date,
topics and sources from the original at the same path in the original's folder.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from statements_archive.content.frontmatter import Document
from statements_archive.checks.report import WARNING, Problem

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
REVISION = re.compile(r"^[0-9a-f]{12}$")
SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.-]*$")
REVIEW_STATES = ("draft", "reviewed")


@dataclass(frozen=True)
class PubDate:
    """A publication date: exact, or only bounded when the text does not say."""

    earliest: dt.date
    latest: dt.date | None = None
    exact: bool = True
    note: str = ""

    @property
    def sort_key(self) -> dt.date:
        return self.earliest

    @property
    def year(self) -> int:
        return self.earliest.year


@dataclass(frozen=True)
class Correction:
    date: dt.date
    text: str


@dataclass(frozen=True)
class Translation:
    revision: str
    translators: tuple[str, ...]
    status: str


@dataclass
class Statement:
    slug: str
    lang: str
    path: str  # relative to docs/, e.g. "en/statements/slug.md"
    title: str
    summary: str
    body: str
    body_line: int
    date: PubDate | None = None
    topics: tuple[str, ...] = ()
    language: str = ""  # the original's language
    updated: dt.date | None = None
    corrections: tuple[Correction, ...] = ()
    sources: tuple[dict, ...] = ()
    translation: Translation | None = None
    doc: Document | None = field(default=None, repr=False)

    @property
    def is_translation(self) -> bool:
        return self.translation is not None

    @cached_property
    def revision(self) -> str:
        """Content revision: changes when the title, summary or text change.

        Whitespace at line ends and runs of blank lines do not count, so reflowing
        a file's spacing does not mark its translations outdated. Cached: status
        pages ask for every original's revision in every language.
        """
        text = "\n".join([self.title, self.summary, self.body])
        text = re.sub(r"[ \t]+\n", "\n", text)
        text = re.sub(r"\n{3,}", "\n\n", text).strip()
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# --- field definitions ---------------------------------------------------------

@dataclass(frozen=True)
class Field:
    name: str
    schema: dict
    required: bool = False
    description: str = ""


DATE_SCHEMA = {"type": "string", "pattern": ISO_DATE.pattern, "format": "date"}
APPROX_DATE_SCHEMA = {
    "type": "object",
    "description": "An unknown publication date, bounded by what the text supports.",
    "properties": {
        "after": {**DATE_SCHEMA, "description": "The statement was published on or after this day."},
        "before": {**DATE_SCHEMA, "description": "The statement was published on or before this day (omit if unknown)."},
        "note": {"type": "string", "description": "Why the date is uncertain and what bounds it."},
    },
    "required": ["after", "note"],
    "additionalProperties": False,
}
SOURCE_FIELDS = {
    "id": "Identifier cited in the body as [@id].",
    "title": "Title of the cited document, exactly as published.",
    "author": "Person or people who wrote or said it.",
    "publisher": "Organisation or outlet that published it.",
    "date": "Publication date: YYYY, YYYY-MM or YYYY-MM-DD.",
    "url": "Absolute http(s) URL of the document, if known.",
    "archive_url": "Absolute http(s) URL of an archived snapshot.",
    "accessed": "Day the URL was last read: YYYY-MM-DD.",
    "note": "What the statement takes from this source.",
}
SOURCE_SCHEMA = {
    "type": "object",
    "properties": {
        name: {"type": "string", "description": text, **({"format": "uri"} if name.endswith("url") else {})}
        for name, text in SOURCE_FIELDS.items()
    },
    "required": ["id"],
    "additionalProperties": False,
}

FIELDS = [
    Field("title", {"type": "string", "minLength": 1}, True, "Title of the statement in this language."),
    Field("date", {"oneOf": [DATE_SCHEMA, APPROX_DATE_SCHEMA]}, False,
          "Publication date (YYYY-MM-DD), or {after, before, note} when the exact day is unknown. Required in originals."),
    Field("topics", {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True}, False,
          "Topic ids from translations/topics.yml. Required in originals; translations keep the original's."),
    Field("summary", {"type": "string", "minLength": 1}, True, "One paragraph summarising the statement."),
    Field("language", {"type": "string"}, False, "Original language code (originals only); must match the folder."),
    Field("updated", DATE_SCHEMA, False, "Day of the last substantive update (YYYY-MM-DD)."),
    Field("corrections", {"type": "array", "items": {
        "type": "object", "properties": {"date": DATE_SCHEMA, "text": {"type": "string", "minLength": 1}},
        "required": ["date", "text"], "additionalProperties": False}}, False, "Dated corrections, oldest first."),
    Field("sources", {"type": "array", "items": SOURCE_SCHEMA}, False,
          "Sources cited in the body as [@id] (originals only; translations inherit them)."),
    Field("translation", {"type": "object", "properties": {
        "revision": {"type": "string", "pattern": REVISION.pattern,
                     "description": "Revision of the original this translation was made from (archive translate records it)."},
        "translators": {"type": "array", "items": {"type": "string"}},
        "status": {"enum": list(REVIEW_STATES)},
    }, "required": ["revision", "status"], "additionalProperties": False}, False,
          "Present in translations only."),
]
FIELD_NAMES = [f.name for f in FIELDS]


def json_schema() -> dict:
    """JSON Schema of the front-matter, for editors (generated, never hand-edited)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Archive statement front-matter",
        "type": "object",
        "properties": {f.name: {**f.schema, "description": f.description} for f in FIELDS},
        "required": [f.name for f in FIELDS if f.required],
        "additionalProperties": False,
    }


# --- validation ---------------------------------------------------------------

class _Errors:
    """Collects problems for one document, with the line of each field."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.items: list[Problem] = []

    def add(self, key: str, message: str, severity: str = "error") -> None:
        self.items.append(Problem(self.doc.path, self.doc.line_of(key), key, message, severity))


def parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _date(errs: _Errors, key: str, value: Any) -> dt.date | None:
    day = parse_date(value)
    if day is None:
        if isinstance(value, str) and ISO_DATE.match(value):
            errs.add(key, f"'{value}' is not a real calendar day")
        else:
            errs.add(key, f"expected a date written YYYY-MM-DD, got {value!r}")
    return day


def _text(errs: _Errors, key: str, value: Any, one_paragraph: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        errs.add(key, "must be non-empty text")
        return ""
    if one_paragraph and re.search(r"\n\s*\n", value.strip()):
        errs.add(key, "must be one paragraph (no blank line)")
    return value.strip()


def _pub_date(errs: _Errors, value: Any) -> PubDate | None:
    if isinstance(value, dict):
        unknown = set(value) - {"after", "before", "note"}
        for name in sorted(unknown):
            errs.add(f"date.{name}", "unknown key; an approximate date has 'after', optional 'before', and 'note'")
        if "after" not in value:
            errs.add("date", "an approximate date needs 'after: YYYY-MM-DD' (the earliest possible day)")
            return None
        after = _date(errs, "date.after", value["after"])
        before = _date(errs, "date.before", value["before"]) if "before" in value else None
        note = _text(errs, "date.note", value.get("note"))
        if after and before and before < after:
            errs.add("date.before", "must not be earlier than 'after'")
        return PubDate(after, before, False, note) if after else None
    day = _date(errs, "date", value)
    return PubDate(day) if day else None


def _corrections(errs: _Errors, value: Any) -> tuple[Correction, ...]:
    if not isinstance(value, list):
        errs.add("corrections", "must be a list of {date: YYYY-MM-DD, text: ...} entries")
        return ()
    out = []
    for i, item in enumerate(value):
        key = f"corrections.{i}"
        if not isinstance(item, dict):
            errs.add(key, "each correction is a mapping with 'date' and 'text'")
            continue
        day = _date(errs, f"{key}.date", item.get("date"))
        text = _text(errs, f"{key}.text", item.get("text"))
        if day and text:
            out.append(Correction(day, text))
    return tuple(out)


def _translation(errs: _Errors, value: Any) -> Translation | None:
    if not isinstance(value, dict):
        errs.add("translation", "must be a mapping with 'revision', 'translators' and 'status'")
        return None
    for name in sorted(set(value) - {"revision", "translators", "status"}):
        errs.add(f"translation.{name}", "unknown key; expected revision, translators, status")
    revision = value.get("revision")
    if not isinstance(revision, str) or not REVISION.match(revision):
        errs.add("translation.revision",
                 f"expected the original's 12-character revision (run `archive translations` to see it), got {revision!r}")
    translators = value.get("translators", [])
    if not isinstance(translators, list) or not all(isinstance(t, str) and t.strip() for t in translators):
        errs.add("translation.translators", "must be a list of names")
        translators = []
    status = value.get("status")
    if status not in REVIEW_STATES:
        errs.add("translation.status", f"must be one of {', '.join(REVIEW_STATES)}, got {status!r}")
    return Translation(str(revision), tuple(translators), str(status))


def _topics(errs: _Errors, value: Any, known: Callable[[str], bool]) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        errs.add("topics", "must be a non-empty list of topic ids from translations/topics.yml")
        return ()
    out = []
    for i, topic in enumerate(value):
        if not isinstance(topic, str) or not known(topic):
            errs.add(f"topics.{i}", f"unknown topic {topic!r}; add it to translations/topics.yml or use a listed id")
        elif topic in out:
            errs.add(f"topics.{i}", f"topic {topic!r} is listed twice")
        else:
            out.append(topic)
    return tuple(out)


def _sources(errs: _Errors, value: Any) -> tuple[dict, ...]:
    """Shape checks only; citation integrity is the citations module's job."""
    if not isinstance(value, list):
        errs.add("sources", "must be a list of source entries (id, title, ...)")
        return ()
    out = []
    for i, item in enumerate(value):
        key = f"sources.{i}"
        if not isinstance(item, dict):
            errs.add(key, "each source is a mapping with at least an 'id'")
            continue
        for name in sorted(set(item) - set(SOURCE_FIELDS)):
            errs.add(f"{key}.{name}", f"unknown source field; allowed: {', '.join(SOURCE_FIELDS)}")
        out.append({k: (v if isinstance(v, str) else str(v)) for k, v in item.items() if k in SOURCE_FIELDS})
    return tuple(out)


def from_document(doc: Document, lang: str, slug: str, languages: list[str],
                  topic_known: Callable[[str], bool]) -> tuple[Statement | None, list[Problem]]:
    """Validate one statement document; returns the statement and every problem found."""
    errs = _Errors(doc)
    meta = doc.meta
    if doc.problems:
        return None, list(doc.problems)
    for name in meta:
        if name not in FIELD_NAMES:
            errs.add(str(name), f"unknown field; allowed fields: {', '.join(FIELD_NAMES)}")
    for f in FIELDS:
        if f.required and f.name not in meta:
            errs.add(f.name, f"missing required field '{f.name}' ({f.description})")
    is_translation = "translation" in meta
    if not is_translation:
        for name in ("date", "topics", "language"):
            if name not in meta:
                errs.add(name, f"missing required field '{name}' in an original statement")
    elif "sources" in meta:
        errs.add("sources", "a translation inherits the original's sources; remove this list")
    statement = Statement(
        slug=slug, lang=lang, path=doc.path, doc=doc, body=doc.body, body_line=doc.body_line,
        title=_text(errs, "title", meta.get("title")) if "title" in meta else "",
        summary=_text(errs, "summary", meta.get("summary"), one_paragraph=True) if "summary" in meta else "",
    )
    if "date" in meta:
        statement.date = _pub_date(errs, meta["date"])
    if "topics" in meta:
        statement.topics = _topics(errs, meta["topics"], topic_known)
    if "language" in meta:
        statement.language = str(meta["language"])
        if meta["language"] not in languages:
            errs.add("language", f"unknown language {meta['language']!r}; configured: {', '.join(languages)}")
        elif not is_translation and meta["language"] != lang:
            errs.add("language", f"an original in docs/{lang}/ must have language: {lang}")
        elif is_translation and meta["language"] == lang:
            errs.add("language", "a translation's 'language' is its original's language, not its own")
    if "updated" in meta:
        statement.updated = _date(errs, "updated", meta["updated"])
        if statement.updated and statement.date and statement.updated < statement.date.earliest:
            errs.add("updated", "must not be earlier than the publication date")
    if "corrections" in meta:
        statement.corrections = _corrections(errs, meta["corrections"])
    if "sources" in meta and not is_translation:
        statement.sources = _sources(errs, meta["sources"])
    if is_translation:
        statement.translation = _translation(errs, meta["translation"])
    if not doc.body.strip():
        errs.add("body", "the statement has no text after its front-matter")
    return statement, errs.items


def warn(doc: Document, key: str, message: str) -> Problem:
    return Problem(doc.path, doc.line_of(key), key, message, WARNING)
