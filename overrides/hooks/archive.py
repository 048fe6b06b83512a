"""MkDocs adapter for the archive: the only place that knows MkDocs.

It loads and checks the content (statements_archive.content.catalog), adds the generated archive
pages for the language being built, renders citations, and hands templates
plain data from statements_archive.site.pages. Swapping the engine means rewriting this file.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import jinja2
import markdown
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta as mkdocs_meta

from statements_archive import config as site_config
from statements_archive.build import cache as build_cache
from statements_archive.build import check_cache
from statements_archive.build import edits
from statements_archive.build import memory
from statements_archive.build import parts as build_parts
from statements_archive.checks import citations as citations_check
from statements_archive.checks import report
from statements_archive.content import catalog as catalog_mod
from statements_archive.markdown import citations
from statements_archive.site import page_context, pages, postbuild, search
from statements_archive.site import citation_formats, permalinks, quoting, side_by_side
from statements_archive.translation import interface as i18n
from statements_archive.translation import escaping

log = logging.getLogger("mkdocs.hooks.archive")
_cache: dict = {"base": None, "statements": None, "catalog": None, "cited": {}}


def _fingerprint(config: site_config.SiteConfig) -> tuple[tuple, dict]:
    """What the loaded catalog depends on: the configuration (reloaded when
    mkdocs.yml changes) and the label files; and apart, every statement file,
    so that an edit to some statements reads only their works again."""
    labels = tuple((str(p), p.stat().st_mtime_ns) for p in sorted(config.translations_dir.glob("*.yml")))
    folders = [config.docs_dir / code / catalog_mod.STATEMENTS for code in config.codes]
    top = {str(folder) for folder in folders}  # statement files, as catalog.statement_files finds them
    statements = {path: found for path, found in edits.snapshot(folders).items()
                  if path.endswith(".md") and os.path.dirname(path) in top}
    return (config, labels, build_parts.part_languages()), statements


def _load(mkdocs_config) -> None:
    """Load and check the content once per change, not once per language build.

    Called once per (language) build; page events use the loaded catalog, so
    a build never re-reads the content tree per page. When only statements
    changed (a `mkdocs serve` rebuild after an edit), only their works are read
    and checked again."""
    config = site_config.load(Path(mkdocs_config.config_file_path).parent)
    base, statements = _fingerprint(config)
    if _cache["base"] == base and _cache["statements"] == statements:
        return
    checks = check_cache.CheckCache(build_cache.folder(config.root, "checks"))
    scope = base[2]  # a part of `archive build` checks its own languages' files
    catalog = _refreshed(base, statements, checks)
    if catalog is None:
        # Pages are checked as rendered (on_page_content), so no second rendering here.
        catalog, cited = catalog_mod.load(config, render_check=False, scope=scope, cache=checks), {}
    else:
        catalog, slugs = catalog
        cited = {slug: found for slug, found in _cache["cited"].items() if slug not in slugs}
    for slug, work in catalog.works.items():
        if slug not in cited:
            cited[slug] = citations_check.check_work(work, scope, checks)
    problems = catalog.problems + [p for slug in catalog.works for p in cited[slug]]
    warnings = [p for p in problems if p.severity != report.ERROR]
    for problem in warnings:
        log.debug(str(problem))  # shown with -v
    if warnings:
        log.info(f"{len(warnings)} content warning(s); `archive check citations` lists them")
    found = report.errors(problems)
    if found:
        raise PluginError("the archive's content has errors:\n" + report.format_problems(found))
    _cache.update(base=base, statements=statements, catalog=catalog, cited=cited, listings={})


def _refreshed(base: tuple, statements: dict, checks) -> tuple[catalog_mod.Catalog, set[str]] | None:
    """The loaded catalog with the changed statements read again, or None when it must be loaded whole
    (nothing loaded yet, the settings or labels changed, or a changed path is not a statement's)."""
    if _cache["base"] != base:
        return None
    before = _cache["statements"]
    changed = [Path(p) for p in sorted(before.keys() | statements.keys()) if before.get(p) != statements.get(p)]
    try:
        return catalog_mod.refresh(_cache["catalog"], changed, checks)
    except ValueError:  # e.g. a statement file that is a link to outside docs/
        return None


def _catalog() -> catalog_mod.Catalog:
    return _cache["catalog"]


def _lang(config) -> str:
    return config.plugins["i18n"].current_language


def _gettext(config):
    return i18n.translations(_catalog().config.translations_dir, _lang(config)).gettext


def on_config(config):
    # A new configuration (each `mkdocs serve` rebuild reads mkdocs.yml again): its own navigation.
    _navs.clear()
    _load(config)
    return config


def on_serve(server, config, builder):
    # Labels and interface catalogs are content too: an edit rebuilds, as one to docs/ does.
    server.watch(str(_catalog().config.translations_dir))
    return server


@event_priority(-200)  # after mkdocs-static-i18n has sorted files by language
def on_files(files, config):
    catalog, lang = _catalog(), _lang(config)
    prefix = catalog.config.language(lang).prefix
    generated = pages.generated_pages(catalog, lang, _gettext(config))
    for path, meta in generated:
        content = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
        files.append(File.generated(config, prefix + path, content=content))
    _quoting_files(files, config, catalog, lang, prefix)
    # Written pages (about.md) this language lacks leave its navigation, never shown in another language.
    # Every language build shares one config: on_nav puts the configured navigation back.
    _navs["configured"] = nav = config.nav
    names = {path for path, _meta in generated}
    config.nav = pages.nav_for_language(nav, lambda p: p in names or (catalog.config.docs_dir / lang / p).is_file())
    return files


def on_nav(nav, config, files):
    if "configured" in _navs:
        config.nav = _navs.pop("configured")
    return nav


_navs: dict = {}  # the configured navigation while one language's filtered copy is in use


def _quoting_files(files, config, catalog, lang, prefix) -> None:
    """Side-by-side pages of this language's translations; CSL-JSON, BibTeX, RIS next to each statement."""
    for path, meta in side_by_side.generated(catalog, lang, _gettext(config)):
        content = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n"
        files.append(File.generated(config, prefix + path, content=content))
    for statement in catalog.statements(lang):
        if statement.lang == lang:
            reference = citation_formats.for_statement(catalog, statement)
            for name, text in citation_formats.files(reference).items():
                files.append(File.generated(config, f"{prefix}statements/{statement.slug}/{name}", content=text))


def on_env(env, config, files):
    # Compiled templates kept on disk: each language build (and process) has its own
    # environment, which would otherwise compile every template again.
    folder = build_cache.folder(Path(config.config_file_path).parent, "jinja")
    if folder is not None:
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    env.add_extension("jinja2.ext.i18n")
    # Escaping gettext: a catalog string is text, never markup (statements_archive.translation.escaping).
    escaping.install(env, i18n.translations(_catalog().config.translations_dir, _lang(config)))
    return env


def _statement(page, config):
    parts = Path(page.file.src_uri).parts
    if len(parts) == 3 and parts[1] == catalog_mod.STATEMENTS:
        return _catalog().get(parts[0], Path(parts[2]).stem)
    return None


# A YAML block MkDocs reads as no fields (an empty one is read as none, and the text kept whole).
_NO_FIELDS = "---\n{}\n---\n"


def on_page_read_source(page, config):
    """A statement's front-matter is parsed once, by the catalog: MkDocs is given the file with
    that block emptied (its pure-Python YAML cost ~0.5 ms a page), and the page's meta is the
    catalog's (on_page_markdown). Dates stay text there; no template reads them from meta."""
    if _statement(page, config) is None:
        return None
    return mkdocs_meta.YAML_RE.sub(_NO_FIELDS, page.file.content_string, count=1)


@event_priority(1000)  # first: every other hook sees the page's fields
def on_page_markdown(text, page, config, files):
    statement = _statement(page, config)
    if statement is not None:
        page.meta = dict(statement.doc.meta)
    return text


def on_page_content(html, page, config, files):
    statement = _statement(page, config)
    if statement is not None:
        _compare_renders.keep(statement, html)  # its side-by-side page reuses this rendering
    return html


def _cite(page, config, statement) -> None:
    """Citations and permalink labels into a statement's HTML, when its page is templated
    (not before: a page the page cache holds needs neither). The output gate checks the result."""
    rendered = citations.render(page.content, statement.sources, _gettext(config), statement.lang,
                                statement.language or statement.lang)
    page.content = permalinks.label(rendered, _gettext(config))


def on_page_context(context, page, config, nav):
    if "archive_reused" in context:  # the page as an earlier build wrote it (overrides/hooks/page_cache.py)
        if "archive_compare" in page.meta:  # the translation's rendering kept for it is not needed
            _compare_renders.forget(_lang(config), page.meta["archive_compare"])
        return context
    catalog, lang = _catalog(), _lang(config)
    statement = _statement(page, config)
    if statement is not None:
        _cite(page, config, statement)
    listings = _cache["listings"]

    def language_listings() -> dict:  # once per language build, only for listing pages
        if lang not in listings:
            listings[lang] = pages.listings(catalog, lang, _gettext(config))
        return listings[lang]

    context["archive"] = page_context.for_page(catalog, lang, _gettext(config), statement,
                                               page.meta, page.url, language_listings)
    if "archive_compare" in page.meta:  # a side-by-side page renders the original with this build's Markdown
        context["archive"]["compare"] = quoting.compare_page(catalog, lang, page.meta["archive_compare"],
                                                             _compare_renders, lambda: _renderer(config), _gettext(config))
    return context


_compare_renders = quoting.CompareRenders()


def _renderer(config):
    """Markdown with the site's extensions, for texts this language build does not render (originals)."""
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    return lambda text: md.reset().convert(text)


def on_template_context(context, template_name, config):
    context["archive"] = page_context.for_template(_catalog(), _lang(config))
    return context


_default_404: dict = {}


def on_post_template(output, template_name, config):
    """Keep one 404 page per language: each language build renders 404.html to the
    same path, so non-default languages are written to <lang>/404.html instead."""
    if template_name != "404.html":
        return output
    catalog, lang = _catalog(), _lang(config)
    if lang == catalog.config.default_language.code:
        _default_404["html"] = output
        return output
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return _default_404.get("html", output)


_written: list = []  # this language build's pages, until MkDocs has checked the links to their anchors


def on_post_page(output, page, config):
    # The page is rendered: let its text go. mkdocs-static-i18n keeps every language's
    # pages to the end of the build, which would hold every language's HTML in memory.
    # (Markdown "", not None: MkDocs reads a page's title, for the navigation, only then.)
    page.markdown, page.content = "", None
    _written.append(page)
    return output


@event_priority(60)  # before the next language is built (language_build.py at 50, mkdocs-static-i18n at -100)
def _let_pages_go(config):
    """MkDocs checks links to anchors after the language's last page: from here on, what it kept
    for that and each page's table of contents are not needed, and would stay to the end of the build."""
    for page in _written:
        page.present_anchor_ids = page.links_to_anchors = None
        page.toc = get_toc([])
    _written.clear()
    memory.release()  # a language is written: its pages' memory goes back before the next one


@event_priority(-200)  # after mkdocs-static-i18n has built the other languages
def _finish_site(config):
    if config.plugins["i18n"].building:
        return  # a nested language build: the site is not complete yet
    try:
        postbuild.finalize(Path(config.site_dir), _catalog())
    except search.SearchIndexError as exc:
        raise PluginError(str(exc))


on_post_build = CombinedEvent(_let_pages_go, _finish_site)
