"""Read a Markdown file's YAML front-matter, keeping line numbers.

Errors are returned as :class:`statements_archive.checks.report.Problem` values, never raised,
so one run can report every file's problems at once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from statements_archive.checks.report import Problem

FENCE = "---"


@dataclass
class Document:
    """A Markdown file split into front-matter and body."""

    path: str
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    lines: dict[str, int] = field(default_factory=dict)  # "a.b.0.c" -> line
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        """Line of a dotted key, or of its nearest known parent."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return self.lines.get("", 1)


# libyaml's parser when PyYAML has it (several times faster), with the same marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """Safe loader that keeps dates as text so we validate them ourselves."""


# Drop the timestamp resolver: `2024-02-30` must be our error, not PyYAML's.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_yaml(text: str):
    """The YAML node tree (for line numbers) and its data, parsed once."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def _node_lines(node: yaml.Node, prefix: str, out: dict[str, int], offset: int) -> None:
    out[prefix] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}.{key.value}" if prefix else str(key.value)
            out[name] = key.start_mark.line + 1 + offset
            _node_lines(value, name, out, offset)
            out[name] = key.start_mark.line + 1 + offset
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _node_lines(item, f"{prefix}.{i}" if prefix else str(i), out, offset)


def parse(text: str, path: str) -> Document:
    """Split ``text`` into front-matter and body; problems are collected."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        problem = Problem(path, 1, "front-matter", "file must start with a '---' line opening the YAML front-matter")
        return Document(path, {}, text, 1, problems=[problem])
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "..."))
    except StopIteration:
        problem = Problem(path, 1, "front-matter", "front-matter opened with '---' on line 1 is never closed by a '---' line")
        return Document(path, {}, "", len(lines), problems=[problem])
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:])
    doc = Document(path, {}, body, end + 2)
    try:
        node, data = _load_yaml(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc)
        doc.problems.append(Problem(path, line, "front-matter", f"invalid YAML: {reason}"))
        return doc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        kind = type(data).__name__.replace("str", "text").replace("list", "a list")
        doc.problems.append(Problem(path, 2, "front-matter", f"must be a mapping of fields (key: value), not {kind}"))
        return doc
    if node is not None:
        _node_lines(node, "", doc.lines, offset=1)
    doc.lines[""] = 1
    doc.meta = data
    return doc


def read(path: Path, display: str | None = None) -> Document:
    """Read and parse a file; unreadable or non-UTF-8 files become problems."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Document(name, {}, "", 1, problems=[Problem(name, 0, "file", f"cannot read: {exc.strerror}")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return Document(name, {}, "", line, problems=[
            Problem(name, line, "file", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8")])
    if not text.strip():
        return Document(name, {}, "", 1, problems=[Problem(name, 1, "file", "file is empty; a statement needs front-matter and a body")])
    return parse(text.lstrip("\ufeff"), name)
