"""`mkdocs serve`: an edited statement shown at once, the whole site following.

MkDocs rebuilds the whole site after every save, and holds every request until
it is done: at 1,000 works in six languages, a minute before the edit shows.
When every file changed since the last build is a statement
(statements_archive.build.edits), this hook first renders those statements'
pages with what the last build left of their language (its configuration,
file list, navigation and templates), writes them into the site being served,
and lets the browsers reload. Then it builds the whole site into a second
folder and serves that folder once it is complete, so a reader never sees a
half-built site. Any other change is built whole first, as MkDocs does.

A preview page is the page the whole build writes (tests/test_serve.py compares
them byte for byte). It passes the output gate like every page; one the gate
refuses is not written, and the whole build then fails with its problems.
`mkdocs serve --dirty` keeps MkDocs' own way.
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import _populate_page, get_context
from mkdocs.plugins import event_priority
from mkdocs.structure.files import InclusionLevel

from statements_archive import config as site_config
from statements_archive.build import cache as build_cache
from statements_archive.build import edits

log = logging.getLogger("mkdocs.hooks.preview")

# config: the last whole build's configuration; languages: what each language's build left;
# served: the folder readers get; spare: the folder the next whole build goes to; target: this build's.
_state: dict = {"serve": False, "config": None, "languages": {}, "snapshot": None,
                "served": None, "spare": None, "target": None}


def on_startup(command, dirty):
    _state["serve"] = command == "serve" and not dirty


def _lang(config) -> str:
    return config.plugins["i18n"].current_language


@event_priority(200)  # first: every other hook sees where this build writes
def on_config(config):
    if _state["serve"] and not config.plugins["i18n"].building:
        if _state["target"]:
            config.site_dir = _state["target"]
        _state["config"] = config
    return config


@event_priority(-10000)  # last: the navigation as pages get it
def on_nav(nav, config, files):
    if _state["serve"]:
        _state["languages"][_lang(config)] = {"nav": nav, "files": files}
    return nav


@event_priority(-10000)  # last: the environment with every hook's globals and filters
def on_env(env, config, files):
    if _state["serve"]:
        _state["languages"][_lang(config)]["env"] = env
    return env


def on_build_error(error):
    _state["languages"].clear()  # half a build: the next change is built whole


def on_serve(server, config, builder):
    if not _state["serve"]:
        return server
    _state["served"] = _state["target"] = server.root
    _state["snapshot"] = edits.snapshot(_watched(config))
    whole = server.builder
    server.builder = lambda: _rebuild(server, whole)
    server.error_handler = lambda code: _error_page(code)  # from the folder served, not MkDocs' own
    logging.getLogger("mkdocs.livereload").addFilter(_requests_are_not_build_warnings)
    return server


def _requests_are_not_build_warnings(record: logging.LogRecord) -> bool:
    """A reader's request for a missing file, logged as a warning, is shown as information.

    MkDocs holds every request while it builds, so its strict mode never counted
    them; the site is served while the whole build runs beside it, and a strict
    build would fail on a browser's request for a file that is not there."""
    if record.levelno == logging.WARNING:
        record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
    return True


def on_shutdown():
    spare, served = _state["spare"], _state["served"]
    for folder in (spare, served):
        if folder and Path(folder).name.startswith("archive-serve-"):
            shutil.rmtree(folder, ignore_errors=True)


def _watched(config) -> list[Path]:
    site = site_config.load(Path(config.config_file_path).parent)
    custom = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    return [Path(config.docs_dir), site.translations_dir, Path(config.config_file_path), *custom,
            *(Path(p) for p in config.watch)]


def _error_page(code: int) -> bytes | None:
    page = Path(_state["served"]) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _rebuild(server, whole) -> None:
    config = _state["config"]
    if config is None:  # no whole build has completed its configuration yet
        whole()
        return
    now = edits.snapshot(_watched(config))
    before, _state["snapshot"] = _state["snapshot"], now
    statements = edits.statements_only(site_config.load(Path(config.config_file_path).parent), before, now)
    if statements and _preview(config, statements):
        _show(server)
        _build_beside(server, whole)
    else:
        whole()


def _preview(config, statements: list[tuple[str, str]]) -> bool:
    """Render and write the statements' pages; False when the whole build must come first."""
    started, plugin = time.monotonic(), config.plugins["i18n"]
    pages = []
    for lang, slug in statements:
        built = _state["languages"].get(lang)
        file = built and built["files"].get_file_from_path(f"{lang}/statements/{slug}.md")
        if not built or "env" not in built or file is None or file.page is None:
            return False  # a language this serve does not build, or no complete build yet
        pages.append((lang, file.page, built))
    language, cache = plugin.current_language, os.environ.get(build_cache.VARIABLE)
    # The caches are keyed by the language build they run in, which a preview is not.
    os.environ[build_cache.VARIABLE] = "off"
    try:
        written, configured = [], None
        for lang, page, built in pages:
            if configured != lang:  # the language's settings, and the edited content read again
                plugin.current_language = configured = lang
                config.plugins.on_config(config)
            output = _render(page, config, built)
            if not getattr(page, "_archive_gate_passed", False):
                return False  # the whole build reports what the gate found
            written.append((Path(_state["served"]) / page.file.dest_uri, output))
    except Exception as exc:  # noqa: BLE001 - the whole build that follows reports it, with MkDocs' messages
        log.debug(f"preview not possible: {exc}")
        return False
    finally:
        plugin.current_language = language
        if cache is None:
            os.environ.pop(build_cache.VARIABLE, None)
        else:
            os.environ[build_cache.VARIABLE] = cache
    for path, output in written:
        _write(path, output)
    shown = ", ".join(page.file.src_uri for _lang, page, _built in pages)
    log.info(f"Preview of {shown} shown in {time.monotonic() - started:.2f} s; building the whole site")
    return True


def _render(page, config, built) -> str:
    """The page as MkDocs' build renders it (mkdocs.commands.build._build_page), not yet written."""
    files, nav, env = built["files"], built["nav"], built["env"]
    page._archive_preview = True  # the output gate checks it, and leaves the report to the whole build
    page.__dict__.pop("_archive_gate_passed", None)  # the last build's verdict is not this rendering's
    _populate_page(page, config, files)
    config._current_page, page.active = page, True
    try:
        context = get_context(nav, files.documentation_pages(inclusion=InclusionLevel.is_in_serve), config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return config.plugins.on_post_page(template.render(context), page=page, config=config)
    finally:
        config._current_page, page.active = None, False
        del page._archive_preview


def _write(path: Path, output: str) -> None:
    """Replace the page at once: a reader loading it meanwhile gets the old page or the new, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.preview")
    temporary.write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))
    os.replace(temporary, path)


def _show(server) -> None:
    """Serve the site as it is now and tell the browsers to reload (MkDocs' LiveReloadServer)."""
    with server._epoch_cond:
        server._visible_epoch = server._wanted_epoch
        server._epoch_cond.notify_all()


def _build_beside(server, whole) -> None:
    """The whole site into the folder not served, then served."""
    if _state["spare"] is None:
        _state["spare"] = tempfile.mkdtemp(prefix="archive-serve-")
    _state["target"] = _state["spare"]
    try:
        whole()
    finally:
        _state["target"] = _state["served"]
    _state["served"], _state["spare"] = _state["spare"], _state["served"]
    _state["target"] = server.root = _state["served"]

