"""Sharing metadata (Open Graph, JSON-LD) on statement pages, and the reading time."""
from __future__ import annotations

import json
import re

import pytest
from conftest import REPO
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from readers_fixture import EN_ORIGINAL, FRENCH_ONLY, NEWEST, SITE_URL, SOURCES

from statements_archive.content import catalog as catalog_mod
from statements_archive.site import pages
from statements_archive.site import reading
from statements_archive import config as site_config
from statements_archive.site import social


@pytest.fixture(scope="session")
def site(readers_site):
    return readers_site


def html(site, path: str) -> HTMLParser:
    return HTMLParser((site / path / "index.html").read_text("utf-8"))


def og(site, path: str) -> list[tuple[str, str]]:
    return [(m.attributes["property"], m.attributes["content"]) for m in html(site, path).css("head meta[property]")]


def json_ld(site, path: str) -> dict:
    scripts = html(site, path).css('head script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text())


def test_open_graph_of_an_original(site):
    tags = og(site, f"statements/{NEWEST}/")
    one = dict(tags)
    assert one["og:type"] == "article"
    assert one["og:title"] == "A fixture statement < with > & 'quotes' \"here\""  # escaped in HTML, intact once parsed
    assert one["og:url"] == f"{SITE_URL}statements/{NEWEST}/"
    assert one["og:site_name"] == "Statements Archive"
    assert one["og:description"].startswith("The newest fixture statement")
    assert one["og:locale"] == "en_US"
    assert [c for p, c in tags if p == "og:locale:alternate"] == ["fr_FR"]
    assert one["article:published_time"] == "2025-03-02"
    assert one["article:modified_time"] == "2025-05-05"
    assert [c for p, c in tags if p == "article:tag"] == ["Gaza", "Solidarity movement"]


def test_open_graph_of_a_translation_is_in_its_language(site):
    tags = og(site, f"fr/statements/{NEWEST}/")
    one = dict(tags)
    assert one["og:locale"] == "fr_FR"
    assert [c for p, c in tags if p == "og:locale:alternate"] == ["en_US"]
    assert one["og:url"] == f"{SITE_URL}fr/statements/{NEWEST}/"
    assert [c for p, c in tags if p == "article:tag"] == ["Gaza", "Mouvement de solidarité"]


def test_archive_pages_have_no_article_metadata(site):
    assert og(site, "fr/") == []
    assert html(site, "topics/gaza/").css('script[type="application/ld+json"]') == []


def test_json_ld_article_of_an_original(site):
    data = json_ld(site, f"statements/{NEWEST}/")
    assert data["@context"] == "https://schema.org" and data["@type"] == "Article"
    assert data["headline"] == "A fixture statement < with > & 'quotes' \"here\""
    assert data["inLanguage"] == "en"
    assert data["url"] == f"{SITE_URL}statements/{NEWEST}/"
    assert (data["datePublished"], data["dateModified"]) == ("2025-03-02", "2025-05-05")
    assert [t["name"] for t in data["about"]] == ["Gaza", "Solidarity movement"]
    assert data["workTranslation"] == [{"@type": "Article", "@id": f"{SITE_URL}fr/statements/{NEWEST}/",
                                        "url": f"{SITE_URL}fr/statements/{NEWEST}/", "inLanguage": "fr",
                                        "headline": "Une déclaration de test", "identifier": NEWEST}]
    assert "translationOfWork" not in data


def test_json_ld_citations_are_the_sources(site):
    citations = json_ld(site, f"statements/{NEWEST}/")["citation"]
    assert len(citations) == SOURCES == EN_ORIGINAL.count("  - id: ")
    report, speech = citations
    assert report == {"@type": "CreativeWork", "name": "Report A",
                      "author": {"@type": "Person", "name": "Jane Roe"},
                      "publisher": {"@type": "Organization", "name": "Publisher A"},
                      "datePublished": "2025-02", "url": "https://example.org/report-a"}
    assert speech["author"]["name"] == "John Doe" and "url" not in speech


def test_json_ld_of_a_translation(site):
    data = json_ld(site, f"fr/statements/{NEWEST}/")
    assert data["inLanguage"] == "fr" and data["headline"] == "Une déclaration de test"
    assert data["translationOfWork"]["url"] == f"{SITE_URL}statements/{NEWEST}/"
    assert data["translationOfWork"]["inLanguage"] == "en"
    assert [p["name"] for p in data["translator"]] == ["Jeanne Dupont", "Ali Ben Salah"]
    assert len(data["citation"]) == SOURCES  # inherited from the original
    assert "workTranslation" not in data


def test_json_ld_of_an_untranslated_original_with_an_approximate_date(site):
    data = json_ld(site, f"fr/statements/{FRENCH_ONLY}/")
    assert data["datePublished"] == "2025-01"  # both bounds in January 2025: no more precise than that
    assert "dateModified" not in data
    assert "workTranslation" not in data and "translationOfWork" not in data and "citation" not in data


def test_json_ld_cannot_close_its_script_element():
    text = social.script_json({"headline": "</script><script>alert(1)</script> <!-- & -->"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["headline"] == "</script><script>alert(1)</script> <!-- & -->"


@pytest.mark.parametrize("lang,locale", [("en", "en_US"), ("fr", "fr_FR"), ("es", "es_ES"), ("de", "de_DE"),
                                         ("he", "he_IL"), ("ar", "ar_AR")])
def test_og_locale(lang, locale):
    assert social.og_locale(lang) == locale


# --- reading time ------------------------------------------------------------------

def test_reading_time_depends_on_the_language():
    text = " ".join(["mot"] * 1000)
    assert reading.minutes(text, "en") == 5  # 1000 / 228
    assert reading.minutes(text, "fr") == 6  # 1000 / 195
    assert reading.minutes(text, "ar") == 8  # 1000 / 138
    assert reading.minutes(text, "xx") == 6  # the IReST mean, 184


def test_words_are_counted_in_every_script():
    assert reading.words("Israel's anti-war U.S. movement: 43,000 people") == 6
    assert reading.words("مَرْحَبًا بِكُمْ في غزة") == 4  # harakat do not split words
    assert reading.words("שָׁלוֹם עוֹלָם") == 2  # nor do niqqud
    assert reading.words("Texte [@source-a; @source-b] avec [un lien](https://example.org/a/b).") == 4
    assert reading.minutes("", "en") == 0
    assert reading.minutes("Un mot.", "fr") == 1


def test_statement_pages_show_the_reading_time_of_their_language(built_site):
    """The repository's own statements: each page's reading time is its text's, at its language's speed."""
    catalog = catalog_mod.load(site_config.load(REPO))
    statements = [s for w in catalog.works.values() for s in (w.original, *w.translations.values()) if s]
    assert statements
    for statement in statements:
        path = built_site / pages.statement_url(catalog.config, statement.lang, statement.slug) / "index.html"
        span = HTMLParser(path.read_text("utf-8")).css_first(".statement-reading-time").text()
        assert re.findall(r"\d+", span) == [str(reading.minutes(statement.body, statement.lang))], path
