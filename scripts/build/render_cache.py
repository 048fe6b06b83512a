"""A disk cache of rendered Markdown, keyed by what the rendering depends on.

The MkDocs hook overrides/hooks/render_cache.py stores, for each page, the
HTML Python-Markdown produced and what MkDocs derives from the same pass
(table of contents, title, anchors, links to other pages' anchors). The key
is a SHA-256 of the Markdown, the page's place in the site, the Markdown
extensions' configuration and the renderer's version, so an entry is never
stale: a change to any of them is a different key. statements_archive.build.cache stores
the entries (parallel builds share the folder).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from statements_archive.build import cache as build_cache

FORMAT = "1"  # bump when Rendered changes shape
RENDERERS = ("Markdown", "pymdown-extensions", "mkdocs")


@dataclass
class Rendered:
    html: str
    toc: list[dict] = field(default_factory=list)  # Python-Markdown toc tokens: level, id, name, children
    title: str | None = None  # the first <h1>, as MkDocs extracts it
    anchors: list[str] = field(default_factory=list)  # ids present in the page
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # linked src_uri -> {anchor: link as written}


def stable(value: Any) -> Any:
    """A JSON-able form of extension settings that is the same in every process
    (a slugify function's repr holds its memory address)."""
    if isinstance(value, dict):
        return {str(k): stable(v) for k, v in sorted(value.items(), key=lambda item: str(item[0]))}
    if isinstance(value, (list, tuple)):
        return [stable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, functools.partial):
        return {"partial": stable(value.func), "args": stable(value.args), "keywords": stable(value.keywords)}
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    return f"{type(value).__module__}.{type(value).__qualname__}"


def _source_digest(module_name: str) -> str:
    """Hash of a Markdown extension module's source, for extensions that live in the project."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        return ""
    origin = spec.origin if spec else None
    if not origin or "site-packages" in origin or not os.path.isfile(origin):
        return ""
    return hashlib.sha256(Path(origin).read_bytes()).hexdigest()


def renderer_version(extensions: list, extension_configs: dict) -> str:
    """Everything besides the page that decides its HTML: settings, versions, our extensions' code."""
    versions = {}
    for name in RENDERERS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = ""
    ours = {name: _source_digest(name) for name in extensions if isinstance(name, str)}
    # Our citation extension renders with statements_archive.markdown.citations' patterns.
    ours["statements_archive.markdown.citations"] = _source_digest("statements_archive.markdown.citations")
    settings = {"format": FORMAT, "versions": versions, "extensions": stable(extensions),
                "configs": stable(extension_configs), "sources": ours}
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()


key = build_cache.key
_REFERENCE = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:", re.MULTILINE)


def may_link(markdown: str) -> bool:
    """Whether the page's HTML may depend on other files: links, images, reference definitions,
    raw links. A false yes only puts the file list in the key; plain substring tests first
    (a case-insensitive regex over the whole text cost 2 ms a page)."""
    if "](" in markdown or "][" in markdown or ("]:" in markdown and _REFERENCE.search(markdown)):
        return True
    lower = markdown.lower()
    return "href=" in lower or "src=" in lower or ("<a" in lower and re.search(r"<a\s", lower) is not None)


class RenderCache(build_cache.Store):
    def get(self, entry_key: str) -> Rendered | None:
        data = super().get(entry_key)
        try:
            return Rendered(**data) if data is not None else None
        except TypeError:  # an entry of another shape
            return None

    def put(self, entry_key: str, rendered: Rendered) -> None:
        super().put(entry_key, asdict(rendered))
