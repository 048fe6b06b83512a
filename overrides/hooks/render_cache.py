"""Reuse rendered Markdown across builds (statements_archive.build.render_cache does the storing).

MkDocs always runs `page.render()`. On a cache hit this hook (on_page_markdown,
last) makes that call put back what the full render produced: the HTML, the
table of contents, the title and the anchors MkDocs validates links against.
A render that logged a warning is never stored, so a strict build fails again
on the next run. Pages with links also depend on the site's file list, which
is then part of the key.
ARCHIVE_CACHE=off switches the cache off; =DIR puts it elsewhere (statements_archive.build.cache).
"""
from __future__ import annotations

import functools
import hashlib
import logging
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler

from statements_archive.build import cache as build_cache
from statements_archive.build import render_cache

log = logging.getLogger("mkdocs.hooks.render_cache")
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")  # the logger MkDocs' render consults
_state: dict = {"cache": None, "settings": "", "files": "", "counter": None}


def on_config(config):
    folder = build_cache.folder(Path(config.config_file_path).parent, "render")
    _state["cache"] = render_cache.RenderCache(folder) if folder else None
    return config


@event_priority(-1000)  # after every plugin has added its files and extensions
def on_files(files, config):
    if _state["cache"] is None:
        return files
    site = Path(config.config_file_path).read_bytes()  # any settings change starts afresh
    _state["settings"] = render_cache.key(
        render_cache.renderer_version(config.markdown_extensions, config.mdx_configs or {}),
        hashlib.sha256(site).hexdigest(), str(log.getEffectiveLevel() > logging.DEBUG))
    _state["files"] = render_cache.key(*sorted(f"{f.src_uri}\t{f.url}" for f in files))
    return files


def _stop_counting():
    if _state["counter"] is not None:
        logging.getLogger("mkdocs").removeHandler(_state["counter"])
        _state["counter"] = None


@event_priority(-1000)  # last: the key covers what other plugins did to the Markdown
def on_page_markdown(markdown, page, config, files):
    cache = _state["cache"]
    if cache is None:
        return markdown
    _stop_counting()
    depends = _state["files"] if render_cache.may_link(markdown) else ""
    entry_key = render_cache.key(_state["settings"], page.file.src_uri, page.file.url, depends, markdown)
    page._archive_render_key = entry_key  # the page cache's key covers the rendering through it
    stored = cache.get(entry_key)
    if stored is not None:
        # MkDocs has no event that skips rendering, and its render builds a Markdown instance with
        # every extension (2-3 ms a page) even for an empty text: the page's render, this once, restores.
        page.render = functools.partial(_restore, page, stored)
        return markdown
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    _state["counter"] = counter
    page._archive_render = (entry_key, counter)  # a miss: stored once rendered, unless it logged a warning
    return markdown


def _tokens(items) -> list[dict]:
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _tokens(a.children)} for a in items]


def _restore(page, stored: render_cache.Rendered, config, files) -> None:
    """Called as the page's ``render(config, files)``: what MkDocs' render would set, from the cache."""
    del page.render  # the class's render again, should the page be rendered once more
    page.content = stored.html
    page.toc = get_toc(stored.toc)
    page._title_from_render = stored.title
    page.present_anchor_ids = set(stored.anchors)
    if _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:  # as MkDocs' render: these are recorded unless debugging
        by_uri = files.src_uris
        page.links_to_anchors = {by_uri[uri]: dict(links) for uri, links in stored.links.items() if uri in by_uri}


@event_priority(1000)  # first: what is stored is the HTML as rendered, before later hooks change it
def on_page_content(html, page, config, files):
    state = getattr(page, "_archive_render", None)
    if state is None:
        return html
    del page._archive_render
    entry_key, counter = state
    _stop_counting()
    if not counter.get_counts():
        _state["cache"].put(entry_key, render_cache.Rendered(
            html=html, toc=_tokens(page.toc), title=page._title_from_render,
            anchors=sorted(page.present_anchor_ids or ()),
            links={f.src_uri: dict(links) for f, links in (page.links_to_anchors or {}).items()}))
    return html


def on_post_build(config):
    _stop_counting()
    cache = _state["cache"]
    if cache is not None and cache.hits + cache.misses:
        log.info(f"render cache: {cache.hits} page(s) reused, {cache.misses} rendered")
        cache.hits = cache.misses = 0


def on_build_error(error):
    _stop_counting()
