"""Whole pages reused across builds (statements_archive.build.page_cache keys and stores them).

Before a page's template runs (on_page_context, once mkdocs-static-i18n has set
the page's alternates) its key is looked up. On a hit the template context
carries the stored HTML as ``archive_reused``, and main.html writes it out as it
is (it then extends archive-reused.html instead of base.html); the archive hook
skips building the page's context and citations, the output gate its check.
On a miss the page is templated as always, and stored once the output gate
has passed it. Pages with a template of their own, and builds without the
render cache (ARCHIVE_CACHE=off), are never reused.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

from statements_archive import config as site_config
from statements_archive.build import cache as build_cache
from statements_archive.build import page_cache, phases
from statements_archive.content import catalog as catalog_mod

log = logging.getLogger("mkdocs.hooks.page_cache")
REUSED = "archive_reused"  # the template context's key for a stored page
# Settings pages show; the navigation, the Markdown extensions and the alternates are keyed apart.
SETTINGS = ("site_name", "site_url", "site_description", "site_author", "copyright", "repo_url", "repo_name",
            "edit_uri", "use_directory_urls", "extra_css", "extra_javascript")
_state: dict = {"cache": None, "site": "", "files": "", "digests": page_cache.ContentDigests(), "nav": (None, "")}


def on_config(config):
    folder = build_cache.folder(Path(config.config_file_path).parent, "pages")
    _state["cache"] = page_cache.PageCache(folder) if folder else None
    return config


def _settings(config) -> dict:
    extra = {k: v for k, v in config.extra.items() if k != "alternate"}  # alternates are the page's own
    return {"language": config.plugins["i18n"].current_language, "extra": extra,
            "theme": {name: config.theme[name] for name in config.theme},
            **{name: config[name] for name in SETTINGS}}


@event_priority(-1000)  # after every plugin has added its files
def on_files(files, config):
    if _state["cache"] is None:
        return files
    site = site_config.load(Path(config.config_file_path).parent)
    folders = [Path(d) for d in ([config.theme.custom_dir] if config.theme.custom_dir else [])]
    labels = page_cache.label_folders(site.translations_dir, config.plugins["i18n"].current_language)
    _state["site"] = page_cache.site_digest(Path(config.config_file_path), folders + labels, _settings(config))
    # Which files exist in every language (a written page links its versions) and this build's URLs.
    every = sorted(p.relative_to(site.docs_dir).as_posix() for p in site.docs_dir.rglob("*") if p.is_file())
    _state["files"] = page_cache.key(*every, *sorted(f"{f.src_uri}\t{f.url}" for f in files))
    _state["digests"].refresh(catalog_mod.statement_files(site), site.docs_dir)
    return files


def _navigation(nav) -> str:
    """The navigation as templates show it: every item's kind, title and URL, in order
    (worked out once per language build: each has its own navigation object)."""
    if _state["nav"][0] is not nav:
        def walk(items):
            for item in items or ():
                yield f"{type(item).__name__}\t{item.title}\t{getattr(item, 'url', '')}\t{len(item.children or ())}"
                yield from walk(item.children)
        _state["nav"] = (nav, page_cache.key(*walk(nav.items)))
    return _state["nav"][1]


def _shown(page) -> str:
    """What the page shows of the content: its work's files, or for other pages all of them."""
    parts = Path(page.file.src_uri).parts
    slug = page.meta.get("archive_compare")
    if slug is None and len(parts) == 3 and parts[1] == catalog_mod.STATEMENTS:
        slug = Path(parts[2]).stem
    digests = _state["digests"]
    return digests.for_work(str(slug)) if slug is not None else digests.for_listing(_state["files"])


@event_priority(40)  # after mkdocs-static-i18n (50) set the alternates, before the archive hook (0)
def on_page_context(context, page, config, nav):
    cache, rendered = _state["cache"], getattr(page, "_archive_render_key", None)
    if cache is None or rendered is None or "template" in page.meta:
        return context
    place = f"{page.file.src_uri}\t{page.url}\t{page.canonical_url}\t{page.edit_url}"
    entry_key = page_cache.page_key(_state["site"], _navigation(nav), place, rendered, page.meta,
                                    config.extra.get("alternate"), _shown(page))
    stored = cache.get(entry_key)
    # Counted here, not from the store's tallies: a part build makes a new store per language.
    phases.current.count("pages templated" if stored is None else "pages reused", 1)
    if stored is None:
        page._archive_page = ["miss", entry_key, None]
    else:
        context[REUSED] = stored
        page._archive_page = ["hit"]
    return context


@event_priority(9000)  # first: what the template wrote, before other hooks see it
def _keep_output(output, page, config):
    state = getattr(page, "_archive_page", None)
    if state is not None and state[0] == "miss":
        state[2] = output
    return output


@event_priority(-1100)  # after the output gate (-1000) has checked the page
def _store(output, page, config):
    state = getattr(page, "_archive_page", None)
    if state is None:
        return output
    del page._archive_page
    if state[0] == "miss" and getattr(page, "_archive_gate_passed", False):
        _state["cache"].put(state[1], state[2])
    return output


on_post_page = CombinedEvent(_keep_output, _store)


def on_post_build(config):
    cache = _state["cache"]
    if cache is not None and cache.hits + cache.misses:
        log.info(f"page cache: {cache.hits} page(s) reused, {cache.misses} templated")
        cache.hits = cache.misses = 0
