"""Index each language for search as soon as the build has written it (statements_archive.site.search).

mkdocs-static-i18n builds the other languages from its on_post_build (priority
-100); this hook runs just before, so Pagefind indexes a language on another
core while the next one builds. The whole-site step (statements_archive.site.postbuild) merges
the languages' bundles; a part of `archive build` waits for its own runs and
leaves its bundles for the merge. Under `mkdocs serve` the index is finished
after each build without holding the rebuild up.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from statements_archive.build import cache as build_cache
from statements_archive.build import parts as build_parts
from statements_archive.site import search
from statements_archive import config as site_config


def on_startup(command, dirty):
    # Under `mkdocs serve` a rebuild does not wait for the index (statements_archive.site.search.defer).
    search.defer(command == "serve")


def on_pre_build(config):
    if not config.plugins["i18n"].building:  # a new build of the site: earlier runs are moot
        search.stop_background()


@event_priority(0)  # after the pages are written, before mkdocs-static-i18n builds the next language
def on_post_build(config):
    part = build_parts.part_languages()
    if part and search.deferred():
        return  # previewing some languages (`ARCHIVE_BUILD_LANGUAGES=en mkdocs serve`): no whole site, no search
    lang = config.plugins["i18n"].current_language
    root = Path(config.config_file_path).parent
    language = site_config.load(root).language(lang)
    indexer = search.background(Path(config.site_dir), build_cache.folder(root, "search"))
    indexer.start(language.code, language.prefix)
    if part and lang == part[-1]:
        try:
            indexer.wait()  # the last language of a part: its bundles are complete
        except search.SearchIndexError as exc:
            raise PluginError(str(exc))


def on_build_error(error):
    search.stop_background()


def on_shutdown():
    # `mkdocs serve` stopped (Ctrl-C) while the index followed a rebuild: end Pagefind
    # and remove the pages it was given, rather than leave both behind.
    search.stop_background()
