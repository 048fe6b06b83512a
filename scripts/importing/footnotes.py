"""Footnotes of web pages and CMS exports: `text<sup><a href="#fn1">1</a></sup>` and a list of notes.

Pandoc turns only its own footnote markup into notes; other pages link a small
label ("1", "[2]", "*") to an element holding the note, usually an item of a
list at the end. Those pairs become real notes here, on pandoc's tree, before
it is written, so they come out as the archive's `[^1]` footnotes; back-links
("↩") go, and a notes heading or rule left with nothing under it goes too.
A label whose target is not found is left alone.
"""
from __future__ import annotations

import re

from statements_archive.importing.writer import plain

LABEL = re.compile(r"^[\[(]?(?:\d{1,3}|[ivxlc]{1,6}|[a-z]|[*†‡§]{1,3})[\])]?\.?$", re.I)
BACK_LABELS = {"↩", "↩︎", "↑", "^", "⮐", "back", "retour"}


def _inline_lists(node) -> list[list]:
    """Every list of inlines below ``node`` (a block or an inline)."""
    found = []
    if isinstance(node, list):
        for item in node:
            found.extend(_inline_lists(item))
    elif isinstance(node, dict):
        if node.get("t") in ("Para", "Plain"):
            found.append(node["c"])
        c = node.get("c")
        if isinstance(c, list):
            found.extend(_inline_lists(c))
    return found


def _refs(blocks: list) -> dict[str, str]:
    """Target id -> label of every footnote-like link ``[1](#id)``."""
    refs = {}
    for inlines in _inline_lists(blocks):
        for item in _walk_inlines(inlines):
            if item["t"] == "Link" and item["c"][2][0].startswith("#") and LABEL.match(plain(item["c"][1])):
                refs[item["c"][2][0][1:]] = item["c"][0][0]
    return refs


def _walk_inlines(inlines: list):
    for item in inlines:
        yield item
        c = item.get("c")
        if item["t"] in ("Emph", "Strong", "Superscript", "Subscript", "Underline", "SmallCaps", "Strikeout"):
            yield from _walk_inlines(c)
        elif item["t"] in ("Span", "Link", "Quoted"):
            yield from _walk_inlines(c[1])


def _holder_id(block: dict) -> str | None:
    """The id a note's block carries: its own (a Div) or an anchor opening its text."""
    if block["t"] == "Div" and block["c"][0][0]:
        return block["c"][0][0]
    if block["t"] in ("Para", "Plain") and block["c"] and block["c"][0]["t"] == "Span":
        return block["c"][0]["c"][0][0] or None
    return None


def _note_body(blocks: list, back_ids: set[str]) -> list:
    """The note's blocks without its anchor, leading label or back-links."""
    out = []
    for block in blocks:
        if block["t"] == "Div":
            out.extend(_note_body(block["c"][1], back_ids))
            continue
        if block["t"] in ("Para", "Plain"):
            inlines = list(block["c"])
            if inlines and inlines[0]["t"] == "Span":  # the anchor: keep what it wraps
                inlines = inlines[0]["c"][1] + inlines[1:]
            if inlines and inlines[0]["t"] == "Str" and LABEL.match(inlines[0]["c"]) and len(inlines) > 1:
                inlines = inlines[2:] if inlines[1]["t"] == "Space" else inlines[1:]
            inlines = [i for i in inlines if not (i["t"] == "Link" and (
                i["c"][2][0][1:] in back_ids or plain(i["c"][1]).strip().lower() in BACK_LABELS))]
            while inlines and inlines[-1]["t"] in ("Space", "SoftBreak"):
                inlines.pop()
            block = {"t": "Para", "c": inlines}
        out.append(block)
    return out


def _take_notes(blocks: list, wanted: set[str], back_ids: set[str], notes: dict) -> list:
    """``blocks`` without the notes they hold, which go into ``notes`` (id -> blocks)."""
    out = []
    for block in blocks:
        kind = block["t"]
        if kind in ("OrderedList", "BulletList"):
            items = block["c"][1] if kind == "OrderedList" else block["c"]
            kept = []
            for item in items:
                held = _holder_id(item[0]) if item else None
                if held in wanted:
                    notes[held] = _note_body(item, back_ids)
                else:
                    kept.append(item)
            if not kept:
                continue
            block = {"t": kind, "c": [block["c"][0], kept] if kind == "OrderedList" else kept}
        elif kind == "Div":
            if block["c"][0][0] in wanted:
                notes[block["c"][0][0]] = _note_body(block["c"][1], back_ids)
                continue
            block = {"t": "Div", "c": [block["c"][0], _take_notes(block["c"][1], wanted, back_ids, notes)]}
        elif _holder_id(block) in wanted:
            notes[_holder_id(block)] = _note_body([block], back_ids)
            continue
        out.append(block)
    return out


def _replace_refs(inlines: list, notes: dict) -> list:
    out = []
    for item in inlines:
        kind, c = item["t"], item.get("c")
        target = c[2][0][1:] if kind == "Link" and c[2][0].startswith("#") else None
        if target in notes and LABEL.match(plain(c[1])):
            out.append({"t": "Note", "c": notes[target]})
            continue
        if kind == "Superscript" and len(c) == 1 and c[0]["t"] == "Link" and c[0]["c"][2][0][1:] in notes:
            out.extend(_replace_refs(c, notes))
            continue
        if kind in ("Emph", "Strong", "Superscript", "Subscript", "Underline", "SmallCaps", "Strikeout"):
            item = {"t": kind, "c": _replace_refs(c, notes)}
        elif kind in ("Span", "Quoted"):
            item = {"t": kind, "c": [c[0], _replace_refs(c[1], notes)]}
        out.append(item)
    return out


def _replace_in_blocks(node, notes: dict):
    if isinstance(node, list):
        return [_replace_in_blocks(n, notes) for n in node]
    if isinstance(node, dict):
        if node.get("t") in ("Para", "Plain"):
            return {"t": node["t"], "c": _replace_refs(node["c"], notes)}
        if isinstance(node.get("c"), list):
            return {**node, "c": _replace_in_blocks(node["c"], notes)}
    return node


def link_notes(blocks: list) -> list:
    """``blocks`` with linked footnotes turned into notes."""
    refs = _refs(blocks)
    if not refs:
        return blocks
    notes: dict = {}
    rest = _take_notes(blocks, set(refs), {r for r in refs.values() if r}, notes)
    if not notes:
        return blocks
    rest = _replace_in_blocks(rest, notes)
    # A "Notes" heading or a rule that announced the notes is left with nothing under it
    # (closing tags of page wrappers may follow; the writer drops those).
    last = [i for i, b in enumerate(rest) if b["t"] != "RawBlock"]
    while last and rest[last[-1]]["t"] in ("HorizontalRule", "Header"):
        del rest[last.pop()]
    return rest
