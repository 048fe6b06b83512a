"""Review sign-off: a second person records that they checked a translation.

`archive review PATH --reviewer NAME` (statements_archive.cli.review) writes,
inside the translation's `translation:` block, `status: reviewed`, the
reviewers, and `reviewed_revision`: the revision of the translation's own
text they read, so an edit afterwards makes it a draft again
(:func:`is_reviewed`). Every other line of the file stays byte for byte.

Refused, with the reason: a reviewer who translated the file, and a
translation that is outdated (the original changed since it was made): a
review of a text that no longer matches its original would certify nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from statements_archive.content import frontmatter
from statements_archive.content.model import Statement


class ReviewRefused(Exception):
    """The review cannot be recorded; the message says why and what to do."""


def is_reviewed(translation: Statement) -> bool:
    """Reviewed, and not edited since the review. A `status: reviewed` written by
    hand before reviews were recorded (no reviewed_revision) still counts."""
    t = translation.translation
    if t is None or t.status != "reviewed":
        return False
    return not t.reviewed_revision or t.reviewed_revision == translation.revision


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def reviewers_after(translation: Statement, reviewer: str) -> list[str]:
    """Who has reviewed the current text once ``reviewer`` signs off."""
    t = translation.translation
    still_valid = list(t.reviewers) if t.reviewed_revision == translation.revision else []
    if any(_same(r, reviewer) for r in still_valid):
        return still_valid
    return still_valid + [reviewer.strip()]


def check(translation: Statement, original: Statement | None, reviewer: str) -> None:
    """Raise ReviewRefused when ``reviewer`` may not sign off ``translation`` now."""
    path = translation.path
    if not reviewer.strip():
        raise ReviewRefused("--reviewer: give the reviewer's name, e.g. --reviewer 'Ana Lima'")
    if original is None:
        raise ReviewRefused(f"{path}: no original statement '{translation.slug}' to review it against")
    t = translation.translation
    if any(_same(name, reviewer) for name in t.translators):
        raise ReviewRefused(
            f"{path}: {reviewer.strip()} is a translator of this file; a review must be a second person's "
            f"reading. Ask someone who did not translate it to run `archive review {path} --reviewer NAME`.")
    if t.revision != original.revision:
        raise ReviewRefused(
            f"{path}: the translation is outdated: it was made from revision {t.revision} of {original.path}, "
            f"which is now at {original.revision}. Update it first (`archive translations diff {path}` shows "
            f"what changed), set translation.revision to {original.revision}, then review it.")


# --- editing the front-matter in place ------------------------------------------------

_KEY = re.compile(r"^(?P<indent>[ ]*)(?P<key>[A-Za-z_][\w-]*)[ ]*:(?P<rest>.*)$")


@dataclass
class _Block:
    start: int  # index of the `translation:` line
    end: int  # index after its last child line
    indent: str  # indentation of its children


def _translation_block(lines: list[str], front_end: int, path: str) -> _Block:
    for i in range(1, front_end):
        m = _KEY.match(lines[i].rstrip("\r\n"))
        if m and m["indent"] == "" and m["key"] == "translation":
            if m["rest"].strip() and not m["rest"].strip().startswith("#"):
                raise ReviewRefused(f"{path}:{i + 1}: translation: write it as a block mapping (one key per line) "
                                    "so the review can be recorded without rewriting the file")
            end, indent = i + 1, None
            while end < front_end:
                text = lines[end].rstrip("\r\n")
                if text.strip() and not text.startswith(" "):
                    break
                if text.strip() and indent is None:
                    indent = text[: len(text) - len(text.lstrip(" "))]
                end += 1
            while end > i + 1 and not lines[end - 1].strip():
                end -= 1  # trailing blank lines belong to no one
            return _Block(i, end, indent or "  ")
    raise ReviewRefused(f"{path}: no 'translation:' block in the front-matter; only translations are reviewed")


def _continues(line: str, indent: str) -> bool:
    """A line still inside the child above: deeper, or a list item at the key's own indent."""
    text = line.rstrip("\r\n")
    depth = len(text) - len(text.lstrip(" "))
    return bool(text.strip()) and (depth > len(indent) or (depth == len(indent) and text.lstrip(" ").startswith("- ")))


def _child(lines: list[str], block: _Block, key: str) -> tuple[int, int] | None:
    """Line range of the child ``key`` (its line and the lines of its value under it)."""
    for i in range(block.start + 1, block.end):
        m = _KEY.match(lines[i].rstrip("\r\n"))
        if m and m["indent"] == block.indent and m["key"] == key:
            j = i + 1
            while j < block.end and _continues(lines[j], block.indent):
                j += 1
            return i, j
    return None


def _yaml_value(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("...").strip()


def sign_off(text: str, path: str, reviewers: list[str], revision: str) -> str:
    """``text`` with status, reviewers and reviewed_revision set in its translation block."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise ReviewRefused(f"{path}:1: no front-matter ('---' on the first line)")
    front_end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") == "---"), None)
    if front_end is None:
        raise ReviewRefused(f"{path}: the front-matter has no closing '---'")
    block = _translation_block(lines, front_end, path)
    values = {"status": "reviewed", "reviewers": reviewers, "reviewed_revision": revision}
    for key, value in values.items():
        line = f"{block.indent}{key}: {_yaml_value(value)}{newline}"
        found = _child(lines, block, key)
        if found:
            start, end = found
            lines[start:end] = [line]
            block.end -= (end - start) - 1
        else:
            lines.insert(block.end, line)
            block.end += 1
    result = "".join(lines)
    _verify(text, result, path, values)
    return result


def _verify(before: str, after: str, path: str, values: dict) -> None:
    """The edit changed exactly the three keys: anything else is a bug, never written."""
    old, new = frontmatter.parse(before, path), frontmatter.parse(after, path)
    expected = dict(old.meta)
    expected["translation"] = {**(old.meta.get("translation") or {}), **values}
    if new.problems or new.meta != expected or new.body != old.body:
        raise ReviewRefused(f"{path}: could not record the review without changing other lines; "
                            f"edit the translation block by hand: {values}")
