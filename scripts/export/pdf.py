"""One PDF per statement and language, for printing and passing on.

A Material page printed as-is gives WeasyPrint a blank first page (its layout is
for screens), so each PDF has its own print document: the statement's facts from
the catalog (title, authors, summary, identifier, permalink), the date and date
note as the page shows them, and the page's own text and sources, with citation
numbers, as the build rendered them. The reader's language sets direction and
fonts: Debian's Noto fonts (fonts-noto-core, installed by .ci/run), nothing fetched.

`archive export pdf` writes them to a folder; with `extra: {pdf: true}` in
mkdocs.yml or ARCHIVE_PDF=1 the build writes them next to each statement page
(:func:`build_step`), reusing earlier PDFs of unchanged print documents from the
build cache.
"""
from __future__ import annotations

import html
import os
import posixpath
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import yaml
from selectolax.lexbor import LexborHTMLParser, LexborNode

from statements_archive import config as site_config
from statements_archive.build import cache as build_cache
from statements_archive.content.catalog import Catalog
from statements_archive.content.model import Statement
from statements_archive.export import offline_links
from statements_archive.site import dates, pages
from statements_archive.translation import interface as i18n

VARIABLE = "ARCHIVE_PDF"  # "1" renders PDFs in the build, "0" never, whatever mkdocs.yml says
# Bumped when the print document changes shape, so cached PDFs are made again.
PRINT_VERSION = "2"
# Page chrome and links that mean nothing on paper.
_DROP = ".headerlink, .block-link, .source-backlinks, script, button, noscript, [hidden], [data-print-omit]"

CSS = """
@page { size: A4; margin: 2cm 1.8cm 2.2cm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #444; } }
html { font-family: "Noto Serif", "Noto Naskh Arabic", "Noto Serif Hebrew", "Noto Sans", "DejaVu Sans", serif;
  font-size: 10.5pt; line-height: 1.5; color: #000; hyphens: manual; }
html:lang(ar), html:lang(fa), html:lang(ur) { font-family: "Noto Naskh Arabic", "Noto Serif", serif; font-size: 11pt; }
html:lang(he), html:lang(yi) { font-family: "Noto Serif Hebrew", "Noto Serif", serif; }
h1 { font-size: 18pt; line-height: 1.25; margin: 0 0 .4em; }
h2 { font-size: 13pt; margin: 1.2em 0 .4em; break-after: avoid; }
h3, h4 { font-size: 11pt; break-after: avoid; }
p { margin: 0 0 .6em; orphans: 3; widows: 3; text-align: start; }
.site { font-size: 9pt; color: #444; margin-bottom: 1em; text-transform: none; }
.facts { font-size: 9.5pt; margin: 0 0 .8em; }
.facts dt { font-weight: bold; display: inline; }
.facts dd { display: inline; margin: 0; }
.facts dd::after { content: ""; display: block; }
.summary { border-inline-start: 2pt solid #000; padding-inline-start: .8em; margin: 1em 0 1.4em; }
.notice { border: 1pt solid #000; padding: .4em .6em; font-size: 9.5pt; }
sup.citation { font-size: .75em; line-height: 0; }
sup.citation a, a.footnote-ref { color: #000; text-decoration: none; }
a { color: #000; }
a[href^="http"]:not(.source-url)::after { content: " (" attr(href) ")"; font-size: .85em; }
.sources li, .statement-corrections li, .footnote li { break-inside: avoid; font-size: 9.5pt; margin-bottom: .3em; }
.source-url, .permalink { overflow-wrap: anywhere; }
blockquote { margin: .6em 0; padding-inline-start: 1em; border-inline-start: 1pt solid #888; }
table { border-collapse: collapse; } td, th { border: .5pt solid #888; padding: .2em .4em; }
footer.colophon { margin-top: 2em; padding-top: .6em; border-top: .5pt solid #000; font-size: 9pt; break-inside: avoid; }
"""


class PdfError(Exception):
    """A PDF cannot be made (no built page, unknown statement or language)."""


def file_name(statement: Statement) -> str:
    return f"{statement.slug}.{statement.lang}.pdf"


def page_path(catalog: Catalog, statement: Statement) -> str:
    """Path of the statement's built page inside the site folder."""
    return pages.statement_url(catalog.config, statement.lang, statement.slug) + "index.html"


def site_pdf_url(catalog: Catalog, statement: Statement) -> str:
    """Root-relative URL of the PDF the build writes next to the page."""
    return pages.statement_url(catalog.config, statement.lang, statement.slug) + file_name(statement)


def identifier(statement: Statement) -> str:
    """The archive identifier (the model's; the slug path where a model has none)."""
    return getattr(statement, "identifier", "") or f"statements/{statement.slug}"


def _author_names(statement: Statement, lang: str) -> list[str]:
    names = []
    for author in getattr(statement, "authors", ()) or ():
        names.append(author.name(lang) if hasattr(author, "name") and callable(author.name) else str(author))
    return names


def _text(node: LexborNode | None) -> str:
    return " ".join(node.text(separator=" ").split()) if node is not None else ""


def _absolute_links(body: LexborNode, page: str, site_url: str) -> None:
    """Links into the site, written for paper: the canonical URL (a relative link means nothing there)."""
    for link in body.css("a[href]"):
        ref = link.attributes.get("href") or ""
        if not ref or ref.startswith("#") or offline_links.is_external(ref):
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), ref.split("#")[0]))
        path = "" if path == "." else path
        if path.endswith("index.html"):
            path = path[: -len("index.html")]
        elif ref.split("#")[0].endswith("/") and path:
            path += "/"
        fragment = "#" + ref.split("#", 1)[1] if "#" in ref else ""
        link.attrs["href"] = site_url + path + fragment


def article_html(page_html: str, page: str, site_url: str) -> tuple[str, dict]:
    """The statement's text, sources and corrections from a built page, and what its
    header shows (date, date note) as plain text."""
    tree = LexborHTMLParser(page_html)
    statement = tree.css_first("div.statement")
    if statement is None:
        raise PdfError(f"{page}: not a statement page (no div.statement)")
    header = statement.css_first("header.statement-header")
    shown = {"date": "", "date_note": "", "date_note_label": "", "date_note_lang": "", "authors": "",
             "authors_label": ""}
    if header is not None:
        shown["date"] = _text(header.css_first(".statement-meta time, .statement-meta .statement-date"))
        note = header.css_first(".statement-date-note bdi, .statement-date-note span")
        if note is not None:
            shown.update(date_note=_text(note), date_note_lang=note.attributes.get("lang") or "",
                         date_note_label=_text(header.css_first(".statement-date-note strong")))
        authors = header.css_first("dd.statement-authors")
        if authors is not None:  # as the page says it, "issuer unknown" included
            label = authors.prev
            while label is not None and label.tag != "dt":
                label = label.prev
            shown.update(authors=_text(authors), authors_label=_text(label))
    if header is not None:
        header.decompose()
    for node in statement.css(_DROP):
        node.decompose()
    _absolute_links(statement, page, site_url)
    return statement.inner_html or "", shown


def print_document(catalog: Catalog, statement: Statement, page_html: str) -> str:
    """The print document of one statement in its language (trusted markup: every
    catalog value is escaped; the text is the build's own checked rendering)."""
    config, lang = catalog.config, statement.lang
    _ = i18n.translations(config.translations_dir, lang).gettext
    e = html.escape
    page = page_path(catalog, statement)
    body, shown = article_html(page_html, page, config.site_url)
    permalink = config.site_url + pages.statement_url(config, lang, statement.slug)
    date_text = shown["date"] or dates.pubdate_text(statement.date, lang, _)
    facts = [(_("Date"), e(date_text))]
    authors = _author_names(statement, lang)
    if shown["authors"]:
        facts.append((e(shown["authors_label"] or _("Authors")), e(shown["authors"])))
    elif authors:
        facts.append((_("Authors"), e(", ".join(authors))))
    translators = list(statement.translation.translators) if statement.translation else []
    if translators:
        facts.append((_("Translated by"), e(", ".join(translators))))
    head = [f'<p class="site">{e(config.site_name)}</p>', f"<h1>{e(statement.title)}</h1>",
            '<dl class="facts">' + "".join(f"<dt>{k}:</dt> <dd>{v}</dd>" for k, v in facts) + "</dl>"]
    if shown["date_note"]:
        note_lang = shown["date_note_lang"] or lang
        head.append(f'<p class="facts"><strong>{e(shown["date_note_label"] or _("Date uncertain:"))}</strong> '
                    f'<span lang="{e(note_lang)}" dir="{config.language(note_lang).dir if note_lang in config.codes else "auto"}">'
                    f'{e(shown["date_note"])}</span></p>')
    notice = pages.notice(catalog, statement, _)
    if notice:
        head.append(f'<p class="notice">{e(notice["text"])}</p>')
    head.append(f'<p class="summary">{e(statement.summary)}</p>')
    colophon = (f'<footer class="colophon"><dl class="facts">'
                f'<dt>{e(_("Archive identifier"))}:</dt> <dd>{e(identifier(statement))}</dd>'
                f'<dt>{e(_("Permalink"))}:</dt> <dd><a class="permalink source-url" href="{e(permalink)}">{e(permalink)}</a></dd>'
                f"</dl></footer>")
    meta = "".join(f'<meta name="author" content="{e(a)}">' for a in authors)
    direction = config.language(lang).dir
    return (f'<!doctype html><html lang="{e(lang)}" dir="{direction}"><head><meta charset="utf-8">'
            f"<title>{e(statement.title)}</title>{meta}"
            f'<meta name="description" content="{e(statement.summary)}"><style>{CSS}</style></head>'
            f'<body><article><header>{"".join(head)}</header><main class="statement">{body}</main>'
            f"{colophon}</article></body></html>")


def render(document: str) -> bytes:
    """The PDF of a print document. No base URL: nothing is fetched, not even locally."""
    import weasyprint

    def refuse(url, *args, **kwargs):
        raise ValueError(f"the print document loads nothing ({url})")

    return weasyprint.HTML(string=document, url_fetcher=refuse).write_pdf()


def _cache_folder(root: Path) -> Path | None:
    return build_cache.folder(root, "pdf")


def cached_render(root: Path, document: str) -> tuple[bytes, bool]:
    """(PDF, whether it came from the cache): keyed by the print document and WeasyPrint's version."""
    import weasyprint

    folder = _cache_folder(root)
    key = build_cache.key("pdf", PRINT_VERSION, weasyprint.__version__, document)
    path = folder / key[:2] / f"{key}.pdf" if folder is not None else None
    if path is not None and path.is_file():
        return path.read_bytes(), True
    data = render(document)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(path.name + f".{os.getpid()}.part")
            temporary.write_bytes(data)
            temporary.replace(path)
        except OSError:
            pass  # a cache that cannot be written only costs time
    return data, False


def select(catalog: Catalog, slugs: Iterable[str] = (), languages: Iterable[str] = ()) -> list[Statement]:
    """The statements to print: named slugs (default all) in the named languages (default all);
    every unknown slug or language is reported at once."""
    slugs, languages = list(slugs), list(languages)
    problems = [f"unknown statement '{s}' (no docs/<language>/statements/{s}.md)" for s in slugs
                if s not in catalog.works]
    problems += [f"unknown language '{code}'; configured: {', '.join(catalog.config.codes)}" for code in languages
                 if code not in catalog.config.codes]
    if problems:
        raise PdfError("; ".join(problems))
    chosen = []
    for slug in slugs or sorted(catalog.works):
        work = catalog.works[slug]
        for code in languages or catalog.config.codes:
            statement = work.in_language(code)
            if statement is not None:
                chosen.append(statement)
    return chosen


def export(catalog: Catalog, site: Path, output: Path, slugs: Iterable[str] = (), languages: Iterable[str] = (),
           force: bool = False, say: Callable[[str], None] = lambda _: None) -> list[Path]:
    """Write one PDF per chosen statement and language into ``output``."""
    statements = select(catalog, slugs, languages)
    if not statements:
        raise PdfError("no statement in the chosen languages")
    targets = [output / file_name(s) for s in statements]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise PdfError(f"{', '.join(existing)}: already exist; pass --force to replace them")
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for statement, target in zip(statements, targets):
        page = site / page_path(catalog, statement)
        if not page.is_file():
            raise PdfError(f"{page}: no built page for {statement.path}; build the site again")
        data, _cached = cached_render(catalog.config.root, print_document(catalog, statement, page.read_text("utf-8")))
        target.write_bytes(data)
        written.append(target)
        say(f"wrote {target}")
    return written


def enabled(config: site_config.SiteConfig) -> bool:
    """PDFs in the build: ARCHIVE_PDF=1/0 decides; else `extra: {pdf: true}` in mkdocs.yml. Off by default
    (a PDF takes seconds; builds stay fast)."""
    setting = os.environ.get(VARIABLE, "").strip().lower()
    if setting:
        return setting in ("1", "true", "yes", "on")
    path = config.root / "mkdocs.yml"
    try:
        return _extra_pdf(path, path.stat().st_mtime_ns)
    except OSError:
        return False


@lru_cache(maxsize=8)
def _extra_pdf(path: Path, mtime: int) -> bool:
    """`extra.pdf` of mkdocs.yml, read once per version of the file (every statement page asks)."""
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=site_config.TolerantLoader) or {}
    except (OSError, yaml.YAMLError):
        return False
    return bool((data.get("extra") or {}).get("pdf"))


def page_link(catalog: Catalog, statement: Statement) -> str | None:
    """Root-relative URL of the statement's PDF when the build makes one, for the page to link."""
    return site_pdf_url(catalog, statement) if enabled(catalog.config) else None


def build_step(site_dir: Path, catalog: Catalog) -> None:
    """Whole-site step (statements_archive.site.postbuild): PDFs next to their pages, when enabled."""
    if not enabled(catalog.config):
        return
    for statement in select(catalog):
        page = site_dir / page_path(catalog, statement)
        if not page.is_file():
            continue  # a part build of other languages
        data, _cached = cached_render(catalog.config.root, print_document(catalog, statement, page.read_text("utf-8")))
        (site_dir / site_pdf_url(catalog, statement)).write_bytes(data)
