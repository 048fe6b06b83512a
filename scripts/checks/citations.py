"""`archive check citations`: integrity of sources and citation markers."""
from __future__ import annotations

import re
from typing import Collection
from urllib.parse import urlsplit

from statements_archive.markdown import citations
from statements_archive.content.catalog import Catalog, Work
from statements_archive.build.check_cache import NO_CACHE, CheckCache, document_parts
from statements_archive.content.model import PARTIAL_DATE, Statement, parse_date, warn
from statements_archive.checks.report import WARNING, Problem


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"\s", value)


def _partial_date_ok(value: str) -> bool:
    if not PARTIAL_DATE.match(value):
        return False
    padded = value + "-01" * (2 - value.count("-"))
    return parse_date(padded) is not None


def check_sources(statement: Statement) -> list[Problem]:
    doc, problems, seen = statement.doc, [], {}
    for i, source in enumerate(statement.sources):
        key = f"sources.{i}"
        sid = source.get("id")
        if sid is None:
            continue  # the content check reports the missing id (statements_archive.content.model)
        if not sid or not re.fullmatch(citations.KEY, sid):
            problems.append(Problem(doc.path, doc.line_of(f"{key}.id"), f"{key}.id",
                                    f"missing or malformed id {sid!r}; use letters, digits, '-', e.g. 'lancet-2024'"))
            continue
        if sid in seen:
            problems.append(Problem(doc.path, doc.line_of(f"{key}.id"), f"{key}.id",
                                    f"duplicate source id '{sid}' (first on line {seen[sid]})"))
        seen.setdefault(sid, doc.line_of(f"{key}.id"))
        for field in ("url", "archive_url"):
            if field in source and not _is_http_url(source[field]):
                problems.append(Problem(doc.path, doc.line_of(f"{key}.{field}"), f"{key}.{field}",
                                        f"{source[field]!r} is not an absolute http(s) URL, e.g. https://example.org/page"))
        if "date" in source and not _partial_date_ok(source["date"]):
            problems.append(Problem(doc.path, doc.line_of(f"{key}.date"), f"{key}.date",
                                    f"{source['date']!r} is not a valid date; write YYYY, YYYY-MM or YYYY-MM-DD"))
        if "accessed" in source and parse_date(source["accessed"]) is None:
            problems.append(Problem(doc.path, doc.line_of(f"{key}.accessed"), f"{key}.accessed",
                                    f"{source['accessed']!r} is not a valid day; write YYYY-MM-DD"))
        if not source.get("title"):
            problems.append(warn(doc, key, f"source '{sid}' has no title"))
        if not (source.get("author") or source.get("publisher")):
            problems.append(warn(doc, key, f"source '{sid}' has neither author nor publisher"))
        if not source.get("url"):
            problems.append(warn(doc, key, f"source '{sid}' has no url"))
    return problems


def check_markers(statement: Statement) -> list[Problem]:
    """Every marker resolves; every source of an original is cited."""
    known = {s.get("id") for s in statement.sources}
    problems, cited = [], set()
    for occ in citations.occurrences(statement.body, statement.body_line):
        for cite in occ.cites:
            cited.add(cite.id)
            if cite.id not in known:
                hint = f"; known ids: {', '.join(sorted(k for k in known if k))}" if known else "; the statement has no sources"
                problems.append(Problem(statement.path, occ.line, "citation", f"[@{cite.id}] matches no source{hint}"))
    if not statement.is_translation:
        for i, source in enumerate(statement.sources):
            if source.get("id") and source["id"] not in cited:
                problems.append(Problem(statement.path, statement.doc.line_of(f"sources.{i}.id"), f"sources.{i}",
                                        f"source '{source['id']}' is never cited; cite it as [@{source['id']}] or remove it"))
    return problems


def check_translation(original: Statement, translation: Statement) -> list[Problem]:
    """A translation cites the original's sources, paragraph by paragraph."""
    path, problems = translation.path, []
    ours = citations.blocks(translation.body, translation.body_line)
    theirs = citations.blocks(original.body, original.body_line)
    if len(ours) != len(theirs):
        problems.append(Problem(path, translation.body_line, "body",
                                f"has {len(ours)} paragraphs/headings but the original {original.path} has {len(theirs)}; "
                                "keep one translated block per original block so citations can be compared",
                                WARNING))
    for (line, text), (oline, otext) in zip(ours, theirs):
        mine, want = set(citations.cited_ids(text)), set(citations.cited_ids(otext))
        if mine == want:
            continue
        detail = []
        if want - mine:
            detail.append("lost " + ", ".join(f"[@{i}]" for i in sorted(want - mine)))
        if mine - want:
            detail.append("gained " + ", ".join(f"[@{i}]" for i in sorted(mine - want)))
        problems.append(Problem(path, line, "citation",
                                f"paragraph {'; '.join(detail)} compared with {original.path}:{oline}"))
    mine_all = {c.id for o in citations.occurrences(translation.body, 1) for c in o.cites}
    want_all = {c.id for o in citations.occurrences(original.body, 1) for c in o.cites}
    if mine_all != want_all:
        missing, extra = sorted(want_all - mine_all), sorted(mine_all - want_all)
        text = "; ".join(x for x in (f"missing {', '.join(missing)}" if missing else "",
                                     f"extra {', '.join(extra)}" if extra else "") if x)
        problems.append(Problem(path, translation.doc.line_of("translation"), "citation",
                                f"cites a different set of sources than the original: {text}"))
    return problems


def check_work(work: Work, languages: Collection[str] | None = None, cache: CheckCache = NO_CACHE) -> list[Problem]:
    """Problems of one work's files; ``languages`` limits them to those languages' files."""
    wanted = (lambda lang: True) if languages is None else (lambda lang: lang in languages)
    original, problems = work.original, []
    if original and wanted(original.lang):
        problems += cache.problems("citations", document_parts(original.doc),
                                   lambda: check_sources(original) + check_markers(original))
    for translation in work.translations.values():
        if not wanted(translation.lang):
            continue
        parts = document_parts(translation.doc) + (document_parts(original.doc) if original else ())
        problems += cache.problems("citations-translation", parts, lambda t=translation: (
            check_markers(t) + (check_translation(original, t) if original else [])))
    return problems


def check(catalog: Catalog, only: set[str] | None = None, languages: Collection[str] | None = None,
          cache: CheckCache = NO_CACHE) -> list[Problem]:
    """All citation problems; ``only`` limits the report to these file paths,
    ``languages`` the checks to these languages' files."""
    problems = [p for work in catalog.works.values() for p in check_work(work, languages, cache)]
    return [p for p in problems if only is None or p.path in only]
