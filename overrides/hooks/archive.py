"""MkDocs adapter for the archive: the only place that knows MkDocs.

It loads and checks the content (statements_archive.content.catalog), adds the generated archive
pages for the language being built, renders citations, and hands templates
plain data from statements_archive.site.pages. Swapping the engine means rewriting this file.
"""
from __future__ import annotations

import logging
from pathlib import Path

import jinja2
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]

from statements_archive.content import catalog as catalog_mod
from statements_archive.build import cache as build_cache
from statements_archive.build import parts as build_parts
from statements_archive.build import check_cache
from statements_archive.markdown import citations
from statements_archive.checks import citations as citations_check
from statements_archive.translation import interface as i18n
from statements_archive.site import pages
from statements_archive.site import postbuild
from statements_archive.checks import report
from statements_archive.checks import safety
from statements_archive import config as site_config
from statements_archive.site import social

log = logging.getLogger("mkdocs.hooks.archive")
_cache: dict = {"key": None, "catalog": None}


def _fingerprint(config: site_config.SiteConfig) -> tuple:
    files = catalog_mod.statement_files(config) + [config.root / "translations" / "topics.yml"]
    return tuple((str(p), p.stat().st_mtime_ns) for p in files if p.exists())


def _load(mkdocs_config) -> None:
    """Load and check the content once per change, not once per language build.

    Called once per (language) build; page events use the loaded catalog, so
    a build never re-reads the content tree per page."""
    config = site_config.load(Path(mkdocs_config.config_file_path).parent)
    key = _fingerprint(config)
    if _cache["key"] != key:
        checks = check_cache.CheckCache(build_cache.folder(config.root, "checks"))
        scope = build_parts.part_languages()  # a part of `archive build` checks its own languages' files
        # Pages are checked as rendered (on_page_content), so no second rendering here.
        catalog = catalog_mod.load(config, render_check=False, scope=scope, cache=checks)
        problems = catalog.problems + citations_check.check(catalog, languages=scope, cache=checks)
        warnings = [p for p in problems if p.severity != report.ERROR]
        for problem in warnings:
            log.debug(str(problem))  # shown with -v
        if warnings:
            log.info(f"{len(warnings)} content warning(s); `archive check citations` lists them")
        found = report.errors(problems)
        if found:
            raise PluginError("the archive's content has errors:\n" + report.format_problems(found))
        _cache.update(key=key, catalog=catalog, checks=checks, listings={})


def _catalog() -> catalog_mod.Catalog:
    return _cache["catalog"]


def _lang(config) -> str:
    return config.plugins["i18n"].current_language


def _gettext(config):
    return i18n.translations(ROOT / "translations", _lang(config)).gettext


def on_config(config):
    _load(config)
    return config


@event_priority(-200)  # after mkdocs-static-i18n has sorted files by language
def on_files(files, config):
    catalog, lang = _catalog(), _lang(config)
    prefix = catalog.config.language(lang).prefix
    for path, meta in pages.generated_pages(catalog, lang, _gettext(config)):
        content = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
        files.append(File.generated(config, prefix + path, content=content))
    return files


def on_env(env, config, files):
    # Compiled templates kept on disk: each language build (and process) has its own
    # environment, which would otherwise compile every template again.
    folder = build_cache.folder(Path(config.config_file_path).parent, "jinja")
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(i18n.translations(ROOT / "translations", _lang(config)), newstyle=True)
    return env


def _statement(page, config):
    parts = Path(page.file.src_uri).parts
    if len(parts) == 3 and parts[1] == catalog_mod.STATEMENTS:
        return _catalog().get(parts[0], Path(parts[2]).stem)
    return None


def on_page_content(html, page, config, files):
    statement = _statement(page, config)
    if statement is not None:
        unsafe = _cache["checks"].problems("rendered", (statement.path, html),
                                           lambda: safety.check_rendered(html, statement.path))
        if unsafe:
            raise PluginError(report.format_problems(unsafe))
        return citations.render(html, statement.sources, _gettext(config))
    return html


def _absolute(catalog, url: str) -> str:
    return catalog.config.site_url + url


def on_page_context(context, page, config, nav):
    catalog, lang, _ = _catalog(), _lang(config), _gettext(config)
    statement = _statement(page, config)
    data: dict = {"lang": lang, "dir": catalog.config.language(lang).dir,
                  "prefix": catalog.config.language(lang).prefix}
    if statement is not None:
        data["statement"] = pages.statement_context(catalog, statement, _)
        data["social"] = social.social_context(catalog, statement)  # OG, JSON-LD, reading time
        alternates = pages.alternates(catalog, lang, statement.slug, "")
    elif "archive_page" in page.meta:
        listings = _cache["listings"].get(lang) or _cache["listings"].setdefault(lang, pages.listings(catalog, lang, _))
        data["listing"] = {"kind": page.meta["archive_page"], **listings, "meta": page.meta,
                           "topic_labels": {t: catalog.taxonomy.label(t, lang) for t in catalog.taxonomy.ids}}
        if page.meta["archive_page"] == "status":
            data["listing"]["status"] = pages.translation_status(catalog, lang)
        path = page.url[len(catalog.config.language(lang).prefix):]
        alternates = pages.alternates(catalog, lang, None, path)
    else:
        alternates = []
    data["alternates"] = alternates
    data["hreflang"] = [{"lang": a["lang"], "href": _absolute(catalog, a["url"])} for a in alternates if a["exists"]]
    default = next((a for a in alternates if a["lang"] == catalog.config.default_language.code and a["exists"]), None)
    if default is None and statement is not None:
        original = catalog.works[statement.slug].original
        default = {"url": pages.statement_url(catalog.config, original.lang, original.slug)}
    if default:
        data["hreflang"].append({"lang": "x-default", "href": _absolute(catalog, default["url"])})
    context["archive"] = data
    return context


def on_template_context(context, template_name, config):
    """Theme templates without a page (404.html): links to every language's home."""
    catalog, lang = _catalog(), _lang(config)
    context["archive"] = {"lang": lang, "prefix": catalog.config.language(lang).prefix, "hreflang": [],
                          "alternates": pages.alternates(catalog, lang, None, "")}
    return context


_default_404: dict = {}


def on_post_template(output, template_name, config):
    """Keep one 404 page per language: each language build renders 404.html to the
    same path, so non-default languages are written to <lang>/404.html instead."""
    if template_name != "404.html":
        return output
    output = _with_dir(output, config)
    catalog, lang = _catalog(), _lang(config)
    if lang == catalog.config.default_language.code:
        _default_404["html"] = output
        return output
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return _default_404.get("html", output)


def _with_dir(output: str, config) -> str:
    """Right-to-left languages get `dir` on <html> too, not only on <body>."""
    language = _catalog().config.language(_lang(config))
    return output.replace(f'<html lang="{language.code}" class="no-js">',
                          f'<html lang="{language.code}" dir="{language.dir}" class="no-js">', 1)


def on_post_page(output, page, config):
    # The page is rendered: let its text go. mkdocs-static-i18n keeps every language's
    # pages to the end of the build, which would hold every language's HTML in memory.
    # (Markdown "", not None: MkDocs reads a page's title, for the navigation, only then.)
    page.markdown, page.content = "", None
    return _with_dir(output, config)


@event_priority(-200)  # after mkdocs-static-i18n has built the other languages
def on_post_build(config):
    if config.plugins["i18n"].building:
        return  # a nested language build: the site is not complete yet
    postbuild.finalize(Path(config.site_dir), _catalog())
