"""Content check results reused between builds, keyed by what they depend on.

Checking a statement (its raw HTML and URLs, its citations, a translation
against its original, the HTML rendered from it) costs more than reading it,
and the result depends only on the text checked and on the checking code. So
each result is stored under a hash of both (statements_archive.build.cache): a build
after editing one statement checks that statement again, not the archive.
"""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable

from statements_archive.build import cache as build_cache
from statements_archive.checks.report import Problem


@functools.cache
def code_version() -> str:
    """Hash of the archive's own code: a change to any check starts afresh."""
    digest, package = hashlib.sha256(), Path(__file__).parents[1]  # the whole package
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def document_parts(doc) -> tuple[str, ...]:
    """Everything of a front-matter document a check can depend on (statements_archive.content.frontmatter.Document)."""
    return (doc.path, str(doc.body_line), json.dumps(doc.meta, sort_keys=True, default=str),
            json.dumps(doc.lines, sort_keys=True), doc.body)


class CheckCache:
    def __init__(self, folder: Path | None):
        self.store = build_cache.Store(folder) if folder else None

    def problems(self, kind: str, parts: Iterable[str], compute: Callable[[], list[Problem]]) -> list[Problem]:
        """``compute()``, or what it returned for the same ``kind`` and ``parts`` before."""
        if self.store is None:
            return compute()
        entry = build_cache.key(kind, code_version(), *parts)
        stored = self.store.get(entry)
        if isinstance(stored, list):
            try:
                return [Problem(**item) for item in stored]
            except TypeError:
                pass  # an entry of another shape: check again
        found = compute()
        self.store.put(entry, [asdict(problem) for problem in found])
        return found


NO_CACHE = CheckCache(None)
