"""PDF per statement and language: the printed text is the page's text, paragraph by
paragraph; right-to-left languages in their own fonts; the build makes them on request,
from a cache keyed by content."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run
from selectolax.lexbor import LexborHTMLParser

pypdf = pytest.importorskip("pypdf")

SLUG = "stop-the-genocide-in-gaza"
SITE_URL = "https://archive.example.org/"
# Letters of Arabic and Hebrew words (harakat and niqqud left out: extraction drops some).
RTL_WORD = {"ar": r"[\u0621-\u063A\u0641-\u064A\u0671-\u06D3]+", "he": r"[\u05D0-\u05EA]+"}


@pytest.fixture(scope="module")
def pdfs(built_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    run(["archive", "export", "pdf", SLUG, "--lang", "en,ar,he", "-o", str(out), "--site", str(built_site)], REPO,
        ARCHIVE_CACHE=str(out.parent / "cache"))
    return out


def pdf_text(path: Path) -> str:
    """The text of every page, without the page counters WeasyPrint prints at the foot."""
    pages = []
    for page in pypdf.PdfReader(path).pages:
        lines = [ln for ln in page.extract_text().splitlines() if not re.fullmatch(r"\s*\d+ / \d+\s*", ln)]
        pages.append("\n".join(lines))
    return unicodedata.normalize("NFKC", "\n".join(pages))


def squeeze(text: str) -> str:
    """Without whitespace: line breaks and justification spaces differ between page and PDF."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def page_of(site: Path, lang: str) -> LexborHTMLParser:
    prefix = "" if lang == "en" else f"{lang}/"
    return LexborHTMLParser((site / f"{prefix}statements/{SLUG}/index.html").read_text("utf-8"))


def blocks(page: LexborHTMLParser) -> list[str]:
    """The statement's paragraphs, headings and sources as the page shows them."""
    body = page.css_first("div.statement")
    for node in body.css("header.statement-header, .headerlink, .block-link, .source-backlinks, [hidden]"):
        node.decompose()
    return [n.text(separator=" ") for n in body.css("p, h2, h3, section.sources li") if n.text(strip=True)]


def test_english_pdf_has_the_page_text_paragraph_by_paragraph(pdfs, built_site):
    text = squeeze(pdf_text(pdfs / f"{SLUG}.en.pdf"))
    page = page_of(built_site, "en")
    header = page.css_first("header.statement-header")
    date = header.css_first(".statement-meta time, .statement-meta .statement-date").text(strip=True)
    facts = (page.css_first("h1").text(), date, header.css_first(".statement-summary").text(),
             f"{SITE_URL}statements/{SLUG}/", "Archive identifier", "Permalink")
    paragraphs = blocks(page)
    assert len(paragraphs) > 30
    # Each one whole, in the order of the page.
    cursor, missing = 0, []
    for paragraph in paragraphs:
        found = text.find(squeeze(paragraph), cursor)
        if found < 0:
            missing.append(paragraph)
        else:
            cursor = found + len(squeeze(paragraph))
    assert not missing, missing[:3]
    for fact in facts:
        assert squeeze(fact) in text, fact
    # Citation numbers stay with their sentence: "… 12 months. [1] However …".
    assert squeeze("in 12 months. [1]") in text


@pytest.mark.parametrize("lang", ["ar", "he"])
def test_right_to_left_pdf_has_every_word_of_each_paragraph_in_its_fonts(pdfs, built_site, lang):
    """Mixed-direction lines come out of PDF text extraction in visual order (numbers,
    brackets, Latin runs), so each paragraph is compared by its words, not its order."""
    path = pdfs / f"{SLUG}.{lang}.pdf"
    words = Counter(re.findall(RTL_WORD[lang], pdf_text(path)))
    paragraphs = blocks(page_of(built_site, lang))
    assert len(paragraphs) > 30
    short = []
    for paragraph in paragraphs:
        needed = Counter(re.findall(RTL_WORD[lang], unicodedata.normalize("NFKC", paragraph)))
        if needed - words:
            short.append((paragraph[:80], dict(needed - words)))
    assert not short, short[:3]
    reader = pypdf.PdfReader(path)
    assert reader.metadata.title == page_of(built_site, lang).css_first("h1").text(strip=True)
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values()}
    expected = {"ar": "NotoNaskhArabic", "he": "NotoSerifHebrew"}[lang]
    assert any(expected in font.replace("-", "") for font in fonts), fonts


def test_unknown_slugs_and_languages_are_all_reported(built_site, tmp_path):
    result = run(["archive", "export", "pdf", "no-such", "nor-this", "--lang", "en,xx", "-o", str(tmp_path),
                  "--site", str(built_site)], REPO, check=False)
    assert result.returncode == 2
    assert "unknown language(s) xx" in result.stderr
    result = run(["archive", "export", "pdf", "no-such", "nor-this", "-o", str(tmp_path),
                  "--site", str(built_site)], REPO, check=False)
    assert result.returncode == 2
    assert "'no-such'" in result.stderr and "'nor-this'" in result.stderr
    assert "Traceback" not in result.stderr


def test_existing_pdfs_are_not_overwritten(pdfs, built_site):
    result = run(["archive", "export", "pdf", SLUG, "--lang", "en", "-o", str(pdfs), "--site", str(built_site)],
                 REPO, check=False, ARCHIVE_CACHE=str(pdfs.parent / "cache"))
    assert result.returncode == 2 and "--force" in result.stderr


def test_default_build_makes_no_pdf_and_links_none(built_site):
    assert not list(built_site.rglob("*.pdf"))
    assert not page_of(built_site, "en").css("a[type='application/pdf']")


def test_build_with_extra_pdf_writes_links_and_reuses_unchanged_pdfs(tmp_path):
    project = copy_project(tmp_path / "project")
    for lang in ("fr", "es", "de", "he"):  # two languages are enough here, and quicker
        (project / "docs" / lang / "statements" / f"{SLUG}.md").unlink()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "\nextra:\n  pdf: true\n", "utf-8")
    cache = tmp_path / "cache"
    site = tmp_path / "site"
    run(["mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)], project, ARCHIVE_CACHE=str(cache))
    made = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.pdf"))
    assert made == [f"ar/statements/{SLUG}/{SLUG}.ar.pdf", f"statements/{SLUG}/{SLUG}.en.pdf"]
    link = page_of(site, "ar").css_first("a[type='application/pdf']")
    assert link.attributes["href"] == f"{SLUG}.ar.pdf"
    first = {p: (site / p).read_bytes() for p in made}
    cached = sorted(cache.glob("pdf/*/*.pdf"))
    assert len(cached) == 2
    # A second build renders nothing again: same cache entries, byte-identical PDFs.
    run(["mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "again")], project,
        ARCHIVE_CACHE=str(cache))
    assert sorted(cache.glob("pdf/*/*.pdf")) == cached
    assert {p: (tmp_path / "again" / p).read_bytes() for p in made} == first
    # ARCHIVE_PDF=0 switches it off whatever mkdocs.yml says.
    run(["mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "off")], project,
        ARCHIVE_CACHE=str(cache), ARCHIVE_PDF="0")
    assert not list((tmp_path / "off").rglob("*.pdf"))
