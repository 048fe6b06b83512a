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
from statements_archive.content.authors import Author
from statements_archive.checks.report import WARNING, Problem

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARTIAL_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
REVISION = re.compile(r"^[0-9a-f]{12}$")
SOURCE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:.-]*$")
REVIEW_STATES = ("draft", "reviewed")
# An archive identifier: printable, no spaces at the ends, e.g. "A/RES/217(III)" or "ipa-2024-07".
IDENTIFIER = re.compile(r"^\S(?:[^\x00-\x1f\x7f]{0,98}\S)?$")
HTTP_URL = re.compile(r"^https?://[^\s<>\"']+$")


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

    @property
    def known_parts(self) -> tuple[int, ...]:
        """(year, month, day) as far as the content supports them: all three for
        an exact day, (year, month) or (year,) when both bounds share them, ()
        when the bounds say nothing certain (no 'before', or different years).
        Metadata formats use this so no date is more precise than the text."""
        if self.exact:
            return (self.earliest.year, self.earliest.month, self.earliest.day)
        if self.latest is None or self.latest.year != self.earliest.year:
            return ()
        if self.latest.month != self.earliest.month:
            return (self.earliest.year,)
        return (self.earliest.year, self.earliest.month)

    @property
    def known_iso(self) -> str:
        """ISO 8601 at the precision the content supports: '2024-10-28', '2024-10', '2024' or ''."""
        parts = self.known_parts
        return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]) if parts else ""


@dataclass(frozen=True)
class FirstPublished:
    """Where the text first appeared: any of publisher, url, date (YYYY, YYYY-MM or YYYY-MM-DD)."""

    publisher: str = ""
    url: str = ""
    date: str = ""


@dataclass(frozen=True)
class Correction:
    date: dt.date
    text: str


@dataclass(frozen=True)
class Translation:
    revision: str
    translators: tuple[str, ...]
    status: str
    # `archive review` records who reviewed the text and the revision of the
    # translation's own text they read (an edit afterwards makes it a draft again).
    reviewers: tuple[str, ...] = ()
    reviewed_revision: str = ""


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
    # Who issued it, resolved from translations/authors.yml (translations inherit them).
    authors: tuple[Author, ...] = ()
    signatories: tuple[Author | str, ...] = ()  # an author, or a plain name
    type: str = ""  # id from translations/types.yml, or "" when not recorded
    place: str = ""
    place_lang: str = ""  # the language `place` is written in (the original's, unless translated)
    first_published: FirstPublished | None = None
    explicit_identifier: str = ""  # `identifier:` of the original, if any

    @property
    def is_translation(self) -> bool:
        return self.translation is not None

    @property
    def identifier(self) -> str:
        """The archive identifier, the same for every language version: the
        original's `identifier:` if given, else the slug (the shared file name)."""
        return self.explicit_identifier or self.slug

    @cached_property
    def revision(self) -> str:
        """Content revision: changes when the title, summary or text change.

        Whitespace at line ends and runs of blank lines do not count, so reflowing
        a file's spacing does not mark its translations outdated. Cached: status
        pages ask for every original's revision in every language.
        """
        text = "\n".join([self.title, self.summary, self.body])
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # a file saved with CRLF is the same text
        if " \n" in text or "\t\n" in text:  # the substitutions cost more than the tests
            text = re.sub(r"[ \t]+\n", "\n", text)
        if "\n\n\n" in text:
            text = re.sub(r"\n{3,}", "\n\n", text)
        text = text.strip()
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
    Field("authors", {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True}, False,
          "Author/issuer ids from translations/authors.yml (originals only). Leave out when the text names no issuer."),
    Field("signatories", {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}, False,
          "Signatories: author ids from translations/authors.yml or plain names (originals only)."),
    Field("type", {"type": "string"}, False,
          "Kind of text: an id from translations/types.yml (statement, declaration, open-letter, ...). Originals only."),
    Field("place", {"type": "string", "minLength": 1}, False,
          "Where it was issued, as written in this file's language; translations may translate it."),
    Field("first_published", {"type": "object", "properties": {
        "publisher": {"type": "string", "minLength": 1, "description": "Outlet or organisation that first published it."},
        "url": {"type": "string", "format": "uri", "description": "Absolute http(s) URL of the first publication."},
        "date": {"type": "string", "pattern": PARTIAL_DATE.pattern, "description": "YYYY, YYYY-MM or YYYY-MM-DD."},
    }, "minProperties": 1, "additionalProperties": False}, False,
          "Where the text first appeared (originals only)."),
    Field("identifier", {"type": "string", "pattern": IDENTIFIER.pattern}, False,
          "Archive identifier shared by all language versions (originals only); default: the file name (slug)."),
    Field("translation", {"type": "object", "properties": {
        "revision": {"type": "string", "pattern": REVISION.pattern,
                     "description": "Revision of the original this translation was made from (archive translate records it)."},
        "translators": {"type": "array", "items": {"type": "string"}},
        "status": {"enum": list(REVIEW_STATES),
                   "description": "draft until a second person reviews it (archive review sets reviewed)."},
        "reviewers": {"type": "array", "items": {"type": "string", "minLength": 1},
                      "description": "Who reviewed the translation (never one of its translators)."},
        "reviewed_revision": {"type": "string", "pattern": REVISION.pattern,
                              "description": "Revision of this translation's text when it was reviewed (archive review records it)."},
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
        # A translation (it has `translation:`) inherits; an original must say.
        "if": {"required": ["translation"]},
        "then": {"properties": {name: False for name in NOT_IN_TRANSLATIONS}},
        "else": {"required": list(REQUIRED_IN_ORIGINALS)},
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
    for name in sorted(set(value) - {"revision", "translators", "status", "reviewers", "reviewed_revision"}):
        errs.add(f"translation.{name}", "unknown key; expected revision, translators, status, reviewers, reviewed_revision")
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
    reviewers, reviewed = _review(errs, value, status, translators)
    return Translation(str(revision), tuple(translators), str(status), reviewers, reviewed)


def _review(errs: _Errors, value: dict, status: Any, translators: list) -> tuple[tuple[str, ...], str]:
    reviewers = value.get("reviewers", [])
    if not isinstance(reviewers, list) or not all(isinstance(r, str) and r.strip() for r in reviewers):
        errs.add("translation.reviewers", "must be a list of names")
        reviewers = []
    both = {r.strip().casefold() for r in reviewers} & {t.strip().casefold() for t in translators}
    if both:
        errs.add("translation.reviewers", f"{', '.join(sorted(both))} also translated this text; "
                                          "a review is a second person's reading")
    reviewed = value.get("reviewed_revision", "")
    if "reviewed_revision" in value and (not isinstance(reviewed, str) or not REVISION.match(reviewed)):
        errs.add("translation.reviewed_revision", f"expected a 12-character revision (archive review records it), got {reviewed!r}")
        reviewed = ""
    if status == "reviewed" and not (reviewers and reviewed):
        # Files from before `archive review` keep their status; new reviews record who and what.
        errs.add("translation.status", "'reviewed' without reviewers and reviewed_revision: nobody is credited; "
                                       "record the review with `archive review PATH --reviewer NAME`", WARNING)
    return tuple(reviewers), str(reviewed)


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
        if "id" not in item:  # the shape rule; `archive check citations` checks the id's form
            errs.add(key, "missing 'id': each source needs one, cited in the text as [@id]")
        for name in sorted(set(item) - set(SOURCE_FIELDS)):
            errs.add(f"{key}.{name}", f"unknown source field; allowed: {', '.join(SOURCE_FIELDS)}")
        out.append({k: (v if isinstance(v, str) else str(v)) for k, v in item.items() if k in SOURCE_FIELDS})
    return tuple(out)


def _author_list(errs: _Errors, key: str, value: Any, resolve: Callable[[str], Author | None] | None,
                 names_allowed: bool) -> tuple:
    """Author ids (or, for signatories, also plain names) resolved to Author entries."""
    what = "author ids from translations/authors.yml" + (" or names" if names_allowed else "")
    if not isinstance(value, list) or not value:
        errs.add(key, f"must be a non-empty list of {what}")
        return ()
    out: list = []
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            errs.add(f"{key}.{i}", f"must be text: one of the {what}")
            continue
        item = item.strip()
        author = resolve(item) if resolve else Author(item)
        if author is None and not names_allowed:
            errs.add(f"{key}.{i}", f"unknown author {item!r}; add it to translations/authors.yml or use a listed id")
            continue
        entry = author or item
        if entry in out:
            errs.add(f"{key}.{i}", f"{item!r} is listed twice")
            continue
        out.append(entry)
    return tuple(out)


def _first_published(errs: _Errors, value: Any) -> FirstPublished | None:
    if not isinstance(value, dict) or not value:
        errs.add("first_published", "must be a mapping with any of 'publisher', 'url', 'date'")
        return None
    for name in sorted(set(map(str, value)) - {"publisher", "url", "date"}):
        errs.add(f"first_published.{name}", "unknown key; expected publisher, url, date")
    publisher = _text(errs, "first_published.publisher", value["publisher"]) if "publisher" in value else ""
    url = value.get("url", "")
    if url and not (isinstance(url, str) and HTTP_URL.match(url)):
        errs.add("first_published.url", f"must be an absolute http(s) URL, got {url!r}")
        url = ""
    date = value.get("date", "")
    date = str(date) if isinstance(date, int) and not isinstance(date, bool) else date  # `date: 2024`
    if date and not (isinstance(date, str) and PARTIAL_DATE.match(date) and _real_partial(date)):
        errs.add("first_published.date", f"expected YYYY, YYYY-MM or YYYY-MM-DD (a real day), got {date!r}")
        date = ""
    return FirstPublished(publisher, str(url or ""), str(date or ""))


def _real_partial(text: str) -> bool:
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


ORIGINAL_ONLY = ("authors", "signatories", "type", "first_published", "identifier")
# The two kinds of file differ: an original must say these; a translation must
# not repeat what it inherits. The validator and the JSON Schema both read them.
REQUIRED_IN_ORIGINALS = ("date", "topics", "language")
NOT_IN_TRANSLATIONS = ("sources",) + ORIGINAL_ONLY


def from_document(doc: Document, lang: str, slug: str, languages: list[str],
                  topic_known: Callable[[str], bool],
                  author: Callable[[str], Author | None] | None = None,
                  type_known: Callable[[str], bool] | None = None) -> tuple[Statement | None, list[Problem]]:
    """Validate one statement document; returns the statement and every problem found.

    ``author`` resolves author ids and ``type_known`` checks type ids; left out
    (reading an old revision), ids are accepted as they are."""
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
        for name in REQUIRED_IN_ORIGINALS:
            if name not in meta:
                errs.add(name, f"missing required field '{name}' in an original statement")
    elif "sources" in meta:
        errs.add("sources", "a translation inherits the original's sources; remove this list")
    if is_translation:
        for name in ORIGINAL_ONLY:
            if name in meta:
                errs.add(name, f"a translation inherits the original's '{name}'; remove it here")
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
    else:
        if "authors" in meta:
            statement.authors = _author_list(errs, "authors", meta["authors"], author, names_allowed=False)
        if "signatories" in meta:
            statement.signatories = _author_list(errs, "signatories", meta["signatories"], author, names_allowed=True)
        if "type" in meta:
            kind = meta["type"]
            if not isinstance(kind, str) or (type_known is not None and not type_known(kind)):
                errs.add("type", f"unknown type {kind!r}; add it to translations/types.yml or use a listed id")
            else:
                statement.type = kind
        if "first_published" in meta:
            statement.first_published = _first_published(errs, meta["first_published"])
        if "identifier" in meta:
            ident = meta["identifier"]
            if not isinstance(ident, str) or not IDENTIFIER.match(ident):
                errs.add("identifier", "must be one line of text without leading or trailing spaces, "
                                       f"at most 100 characters, e.g. 'A/RES/217(III)'; got {ident!r}")
            else:
                statement.explicit_identifier = ident
    if "place" in meta:
        statement.place = _text(errs, "place", meta["place"])
        statement.place_lang = lang
    if not doc.body.strip():
        errs.add("body", "the statement has no text after its front-matter")
    return statement, errs.items


def warn(doc: Document, key: str, message: str) -> Problem:
    return Problem(doc.path, doc.line_of(key), key, message, WARNING)
