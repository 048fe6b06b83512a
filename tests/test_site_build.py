"""The repository's site, built with `mkdocs build --strict`, read as HTML."""
from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import REPO
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from statements_archive.content import frontmatter
from statements_archive.importing import plaintext as importer

SLUG = "stop-the-genocide-in-gaza"
LANGS = {"en": "", "fr": "fr/", "es": "es/", "de": "de/", "ar": "ar/", "he": "he/"}


def page(site, path):
    return HTMLParser((site / path / "index.html").read_text("utf-8"))


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.mark.parametrize("lang,prefix", LANGS.items())
def test_lang_and_dir_on_every_language(built_site, lang, prefix):
    for path in (prefix, f"{prefix}years/", f"{prefix}topics/gaza/"):
        html = page(built_site, path)
        root, body = html.css_first("html"), html.css_first("body")
        expected = "rtl" if lang in ("ar", "he") else "ltr"
        assert root.attributes["lang"] == lang
        assert root.attributes["dir"] == expected and body.attributes["dir"] == expected


def test_seed_text_appears_verbatim_paragraph_by_paragraph(built_site):
    seed = importer.parse_plain((REPO / "tests/fixtures/seed.txt").read_text("utf-8"))
    html = page(built_site, f"statements/{SLUG}")
    for sup in html.css("sup.citation"):
        sup.decompose()
    body = html.css_first("div.statement")
    blocks = [n for n in body.css("h2, p") if not n.css_matches("header *, section.sources *, section.archive-cite *")
              and "headerlink" not in (n.attributes.get("class") or "")]
    rendered = [norm(n.text(deep=True).replace("¶", "")) for n in blocks]
    expected = [norm(b.text) for b in seed.blocks]
    assert norm(html.css_first("h1").text()) == norm(seed.title)
    # Citation markers leave a space before their (removed) number; compare without it.
    rendered = [re.sub(r" ([.,;:)—…”’])", r"\1", r) for r in rendered]
    expected = [re.sub(r" ([.,;:)—…”’])", r"\1", e) for e in expected]
    assert rendered == expected


@pytest.mark.parametrize("lang,text", [
    ("en", "on or after October 26, 2024"), ("fr", "26 octobre 2024"), ("es", "26 de octubre de 2024"),
    ("ar", "26 أكتوبر 2024"),
])
def test_dates_are_formatted_for_the_page_language(built_site, lang, text):
    html = page(built_site, f"{LANGS[lang]}statements/{SLUG}")
    date = html.css_first(".statement-meta .statement-date")
    assert text in date.text()
    # Only "on or after 2024-10-26" is known: no <time datetime> claims that day (docs-dev/dates.md).
    assert date.tag == "span" and "datetime" not in date.attributes
    assert html.css_first(".statement-date-note") is not None, "approximate date must be marked"


def test_topics_link_to_topic_pages_that_list_the_statement(built_site):
    html = page(built_site, f"fr/statements/{SLUG}")
    links = {a.text(): a.attributes["href"] for a in html.css(".statement-topics a")}
    assert links["Cisjordanie"] == "../../topics/west-bank/"
    topic = page(built_site, "fr/topics/west-bank")
    assert topic.css_first("h1").text() == "Cisjordanie"
    assert [a.attributes["href"] for a in topic.css(".archive-entry__title")] == [f"../../statements/{SLUG}/"]


def test_archive_pages_exist_in_every_language(built_site):
    for prefix in LANGS.values():
        for path in ("", "years/", "years/2024/", "topics/", "topics/iran/", "translation-status/"):
            assert (built_site / prefix / path / "index.html").is_file(), prefix + path
    years = page(built_site, "years")
    assert [a.text() for a in years.css(".archive-index a")] == ["2024"]


def test_navigation_never_lists_statements(built_site):
    html = page(built_site, f"statements/{SLUG}")
    nav_links = [a.attributes.get("href", "") for a in html.css("nav.md-nav--primary a")]
    assert nav_links and not any("statements/" in href for href in nav_links)


def test_no_request_to_google_fonts_or_cdns(built_site):
    for path in built_site.rglob("*.html"):
        text = path.read_text("utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path


@pytest.mark.parametrize("lang,prefix", LANGS.items())
def test_a_statement_page_has_the_fields_of_its_front_matter(built_site, lang, prefix):
    """MkDocs is not given the front-matter the catalog already read: the page's fields are the
    catalog's, so the header still shows the statement's own title."""
    doc = frontmatter.read(REPO / "docs" / lang / "statements" / f"{SLUG}.md")
    topic = page(built_site, f"{prefix}statements/{SLUG}/").css_first('[data-md-component="header-topic"]')
    assert norm(topic.text()) == norm(doc.meta["title"])
