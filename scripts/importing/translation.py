"""A translation brought in from a file: the scaffold filled with the file's title and blocks.

Translations are read against their original block for block (citations are
checked per paragraph), so where the file's blocks do not line up with the
original's, in number or kind, each break is reported with the line on both
sides; the file is written all the same, for the translator to mend.
"""
from __future__ import annotations

import difflib
import re

import yaml

from statements_archive.checks import safety
from statements_archive.checks.report import WARNING, Problem, errors
from statements_archive.content import frontmatter
from statements_archive.content.model import Statement
from statements_archive.importing import documents
from statements_archive.importing.outline import Outline
from statements_archive.markdown import citations

FENCE = re.compile(r"^(```+|~~~+)")
BULLET = re.compile(r"^[-*+]\s")
NUMBERED = re.compile(r"^\d+[.)]\s")
ESCAPED_GROUP = re.compile(r"\\\[((?:[^\[\]\n\\]|\\.)*?@(?:[^\[\]\n\\]|\\.)*?)\\\]")


def restore_citations(markdown: str, source_ids: set[str]) -> str:
    """``\\[@un-report\\]`` typed in a document becomes a live marker when the original has that source."""
    def live(match: re.Match) -> str:
        inner = re.sub(r"\\(.)", r"\1", match.group(1))
        cites = citations.parse_group(inner)
        return f"[{inner}]" if cites and all(c.id in source_ids for c in cites) else match.group(0)

    return ESCAPED_GROUP.sub(live, markdown)


def _kind(text: str) -> str:
    first = text.lstrip()
    if first.startswith("#"):
        return f"heading {len(first) - len(first.lstrip('#'))}"
    if first.startswith(">"):
        return "quote"
    if BULLET.match(first):
        return "list"
    if NUMBERED.match(first):
        return "numbered list"
    if first.startswith("|"):
        return "table"
    if re.match(r"^\[\^[^\]]+\]:", first):
        return "footnote"
    if FENCE.match(first):
        return "code"
    if re.fullmatch(r"(?:-{3,}|\*{3,}|_{3,})\s*", first):
        return "rule"
    return "paragraph"


def structure(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line, kind) of each top-level block of a Markdown body."""
    out: list[tuple[int, str]] = []
    fence = None
    previous_blank = True
    for offset, line in enumerate(body.split("\n")):
        if fence:
            if line.startswith(fence):
                fence = None
            continue
        if not line.strip():
            previous_blank = True
            continue
        opening = FENCE.match(line)
        continued = (not previous_blank and bool(out) and not out[-1][1].startswith("heading")) \
            or line.startswith(("    ", "\t"))
        kind = _kind(line)
        # A loose list's next item, or a footnote's next paragraph, is still the same block.
        if out and (continued or (kind.endswith("list") and out[-1][1] == kind)):
            previous_blank = False
            if opening:
                fence = opening.group(1)
            continue
        out.append((first_line + offset, kind))
        if opening:
            fence = opening.group(1)
        previous_blank = False
    return out


def render(original: Statement, outline: Outline, source: str) -> str:
    """The translation file: front-matter as `archive translate` writes it, the file's text as body."""
    meta = {
        "title": outline.title or original.title,
        "summary": " ".join((outline.meta.summary or original.summary).split()),
        "topics": list(original.topics),
        "translation": {"revision": original.revision, "translators": [], "status": "draft"},
    }
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    note = (f"# Imported from {source}. Check it against the original block for block and put each citation\n"
            "# marker of the original, e.g. [@id], in the paragraph where it stands.\n")
    if not outline.title:
        note += "# The file has no title: the title is still the original's; translate it.\n"
    if not outline.meta.summary:
        note += "# The summary is still the original's: translate it.\n"
    body = restore_citations(outline.body(), {s.get("id") for s in original.sources})
    return f"---\n{note}{front}---\n\n{body}"


def alignment(original: Statement, written: str, path: str) -> list[Problem]:
    """Every place where the translation's blocks stop matching the original's, as warnings."""
    doc = frontmatter.parse(written, path)
    ours = structure(doc.body, doc.body_line)
    theirs = structure(original.body, original.body_line)
    matcher = difflib.SequenceMatcher(a=[k for _, k in theirs], b=[k for _, k in ours], autojunk=False)
    problems = []

    def at(blocks, i, fallback):
        return blocks[i][0] if i < len(blocks) else (blocks[-1][0] if blocks else fallback)

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            if i < i2 and j < j2:
                problems.append(Problem(path, ours[j][0], "alignment", (
                    f"{ours[j][1]} here, but the original has a {theirs[i][1]} at {original.path}:{theirs[i][0]}")
                    , WARNING))
            elif j < j2:
                problems.append(Problem(path, ours[j][0], "alignment", (
                    f"this {ours[j][1]} has no counterpart in the original (whose next block is at "
                    f"{original.path}:{at(theirs, i2, original.body_line)})"), WARNING))
            else:
                problems.append(Problem(path, at(ours, j1, doc.body_line), "alignment", (
                    f"the original's {theirs[i][1]} at {original.path}:{theirs[i][0]} has no counterpart here"),
                    WARNING))
    return problems


def prepare(original: Statement, path, display: str, target: str) -> tuple[str, list[Problem]]:
    """The translation file's text from the document at ``path``, and the errors that stop it being written."""
    outline = documents.read(path, display)
    # A translation without a title of its own keeps the original's, to translate in place.
    problems = [p for p in errors(outline.problems) if p.field != "title"]
    if problems or not outline.blocks:
        return "", problems or [Problem(display, 0, "file", "no text found to translate")]
    text = render(original, outline, display)
    doc = frontmatter.parse(text, target)
    lines = text.split("\n")
    for problem in errors(safety.check_markdown(doc.body, target, doc.body_line)):
        written = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
        where = f"it would be line {problem.line} of {target}: {written.strip()[:80]!r}"
        problems.append(Problem(display, documents.locate(outline, written), problem.field,
                                f"{problem.message} ({where})"))
    return text, problems
