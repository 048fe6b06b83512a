"""Translation status, scaffolding and change reports.

Status of a statement in a language:
- ``missing``: no file in that language;
- ``outdated``: the original's revision differs from the one the translation records;
- ``draft``: up to date but not reviewed (or edited since its review);
- ``current``: up to date and reviewed.
"""
from __future__ import annotations

import difflib
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePath

import yaml

from statements_archive.markdown import citations
from statements_archive.once import warn_once
from statements_archive.content import frontmatter
from statements_archive.content import model
from statements_archive.content.catalog import Catalog, Work
from statements_archive.content.model import Statement
from statements_archive.translation import review

STATES = ("missing", "outdated", "draft", "current")


@dataclass(frozen=True)
class Entry:
    slug: str
    lang: str
    status: str
    original: str  # path of the original
    path: str  # path of the translation (where it is or would be)
    title: str  # the original's title
    date: str  # ISO date of the original, for ordering "what next"


def status_of(work: Work, lang: str) -> str:
    translation = work.translations.get(lang)
    if translation is None:
        return "missing"
    if translation.translation.revision != work.original.revision:
        return "outdated"
    return "current" if review.is_reviewed(translation) else "draft"


def entries(catalog: Catalog, lang: str) -> list[Entry]:
    """Every original not written in ``lang``, with its status there (newest first)."""
    out = []
    for original in catalog.originals():
        if original.lang == lang:
            continue
        work = catalog.works[original.slug]
        out.append(Entry(original.slug, lang, status_of(work, lang), original.path,
                         f"docs/{lang}/statements/{original.slug}.md", original.title,
                         original.date.earliest.isoformat()))
    return out


def summary(catalog: Catalog, langs: list[str]) -> dict[str, dict[str, list[Entry]]]:
    """language -> status -> entries."""
    table = {}
    for lang in langs:
        by_state: dict[str, list[Entry]] = {state: [] for state in STATES}
        for entry in entries(catalog, lang):
            by_state[entry.status].append(entry)
        table[lang] = by_state
    return table


# --- scaffold --------------------------------------------------------------------

def scaffold(original: Statement, lang: str) -> str:
    """A new translation file: front-matter to fill, the original's text to translate in place."""
    meta = {
        "title": original.title,
        "summary": original.summary,
        "topics": list(original.topics),
        "translation": {"revision": original.revision, "translators": [], "status": "draft"},
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    note = ("# Translate the title, the summary and every paragraph in place, one paragraph for one.\n"
            "# Keep each citation marker in the paragraph where it stands; sources come from the original.\n")
    return f"---\n{note}{front}---\n\n{original.body.strip()}\n"


# --- what changed in the original ------------------------------------------------

@dataclass
class Change:
    kind: str  # "changed", "added", "removed"
    old_line: int | None
    new_line: int | None
    old: str
    new: str


def _git(root: Path, *args: str) -> str | None:
    try:
        # UTF-8 whatever the locale (statements are UTF-8; Windows' default code page is not).
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=True).stdout.decode(
            "utf-8", errors="replace")
    except (OSError, subprocess.CalledProcessError):
        return None


def find_revision_text(root: Path, path: str, wanted: str) -> str | None:
    """The original's text as it was at revision ``wanted``, from git history."""
    # `git show REV:PATH` wants '/' on every OS, and './' makes PATH relative to root, not to the repository's top.
    path = PurePath(path).as_posix()
    log = _git(root, "log", "--format=%H", "--", path)
    if log is None:
        warn_once("git-history", f"the git history of {root} cannot be read (no git, or not a repository): "
                                 "what changed in originals since a translation's revision is not shown")
    for commit in (log or "").split():
        text = _git(root, "show", f"{commit}:./{path}")
        if text is None:
            continue
        doc = frontmatter.parse(text, path)
        statement, _ = model.from_document(doc, "", "", [], lambda t: True)
        if statement is not None and statement.revision == wanted:
            return text
    return None


def _blocks(statement: Statement) -> list[tuple[int, str]]:
    title_summary = [(statement.doc.line_of("title"), statement.title),
                     (statement.doc.line_of("summary"), statement.summary)]
    return title_summary + citations.blocks(statement.body, statement.body_line)


def changes(old: Statement, new: Statement) -> list[Change]:
    """Paragraph-level changes from ``old`` to ``new`` (title and summary included)."""
    before, after = _blocks(old), _blocks(new)
    matcher = difflib.SequenceMatcher(a=[t for _, t in before], b=[t for _, t in after], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = before[i1:i2], after[j1:j2]
        for k in range(max(len(olds), len(news))):
            o = olds[k] if k < len(olds) else None
            n = news[k] if k < len(news) else None
            kind = "changed" if o and n else ("removed" if o else "added")
            out.append(Change(kind, o and o[0], n and n[0], o[1] if o else "", n[1] if n else ""))
    return out


def word_diff(old: str, new: str) -> str:
    """Inline word diff: [-removed-]{+added+}, as `git diff --word-diff` prints it."""
    a, b = old.split(" "), new.split(" ")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(a[i1:i2]))
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)
