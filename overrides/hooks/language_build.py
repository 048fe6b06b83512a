"""Build only some of the site's languages in this process, for `archive build`.

With ARCHIVE_BUILD_LANGUAGES=fr,es a `mkdocs build` renders exactly those
languages, in that order, into its site_dir, each as mkdocs-static-i18n's
sequential build renders it: same URLs under /fr/, same language switcher
(every configured language stays `build: true`). The i18n option
`build_only_locale` cannot do this: it makes the one language the default,
built at the site root, with a switcher listing only itself.

Such a build is a part of the site: the whole-site steps (postbuild.finalize)
are left to `archive build`, which merges the parts. Without the variable
this hook does nothing.
"""
from __future__ import annotations


from mkdocs import utils
from mkdocs.commands import build as build_command
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from statements_archive.build import parts as build_parts

_state: dict = {"queue": None, "looping": False}


def _wanted() -> list[str]:
    return build_parts.part_languages() or []


@event_priority(100)  # before mkdocs-static-i18n's on_config settles on the default language
def on_config(config):
    wanted = _wanted()
    if not wanted:
        return config
    plugin = config.plugins["i18n"]
    # A new build of the site: each `mkdocs serve` rebuild reads mkdocs.yml again, with a new
    # mkdocs-static-i18n that has no language yet (within a build, the next languages have one).
    if plugin.current_language is None:
        _state["queue"] = None
    if _state["queue"] is None:
        unknown = [code for code in wanted if code not in plugin.build_languages]
        if unknown:
            raise PluginError(f"{build_parts.VARIABLE}: {', '.join(unknown)} not among the site's languages "
                              f"({', '.join(plugin.build_languages)})")
        plugin.current_language = wanted[0]
        _state["queue"] = wanted[1:]
    # What the i18n plugin sets while it builds the other languages: it then builds
    # no further language itself, and the archive hook skips the whole-site steps.
    plugin.building = True
    return config


@event_priority(-50)  # before mkdocs-static-i18n (-100) sorts the files
def on_files(files, config):
    """Hand mkdocs-static-i18n only the files of the language being built.

    It otherwise sorts every language's files in every language build (a cost
    of files x languages) to find each page's translations, which the archive
    takes from its catalog instead (statements_archive.site.pages.alternates)."""
    plugin = config.plugins["i18n"]
    others = {f"{code}/" for code in plugin.build_languages if code != plugin.current_language}
    for file in [f for f in files if f.src_uri.startswith(tuple(others))]:
        files.remove(file)
    return files


@event_priority(50)
def on_post_build(config):
    if not _wanted() or _state["looping"]:
        return
    plugin = config.plugins["i18n"]
    # The next languages write into the same site_dir: do not clean it (as the i18n plugin does).
    clean_directory, utils.clean_directory = utils.clean_directory, lambda path: None
    _state["looping"] = True
    try:
        for code in _state["queue"]:
            plugin.current_language = code
            build_command.build(config)
    finally:
        utils.clean_directory = clean_directory
        _state["looping"] = False
