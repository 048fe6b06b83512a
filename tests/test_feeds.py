"""Atom feeds, read back with xml.etree from a site built from a fixture project.

The fixture project is a copy of the repository with its statements replaced by
three known ones, so the expected order, dates and languages do not depend on
the archive's real content: an English original with an update, a correction
and two sources; its French translation; and a French original never
translated, dated only approximately.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
from readers_fixture import FRENCH_ONLY, LANGS, NEWEST, ORDER, SITE_URL


@pytest.fixture(scope="session")
def site(readers_site) -> Path:
    return readers_site


def feed(site: Path, lang: str, topic: str | None = None) -> ET.Element:
    name = f"feeds/topics/{topic}.xml" if topic else "feeds/atom.xml"
    return ET.parse(site / LANGS[lang] / name).getroot()


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def slug(entry: ET.Element) -> str:
    return entry.find(f"{ATOM}id").text.rstrip("/").rsplit("/", 1)[-1]


def link(element: ET.Element, rel: str) -> ET.Element:
    return next(e for e in element.findall(f"{ATOM}link") if e.get("rel") == rel)


@pytest.mark.parametrize("lang", LANGS)
def test_language_feed_lists_every_statement_readable_in_it_newest_first(site, lang):
    root = feed(site, lang)
    assert root.get(XML_LANG) == lang
    assert [slug(e) for e in entries(root)] == ORDER
    # <published> only where the day is known (issue 15); the order is by publication all the same.
    published = [e.find(f"{ATOM}published").text for e in entries(root) if e.find(f"{ATOM}published") is not None]
    assert published == sorted(published, reverse=True)


def test_translated_statement_is_the_translation_in_its_language_feed(site):
    newest = entries(feed(site, "fr"))[0]
    assert newest.get(XML_LANG) == "fr"
    assert newest.find(f"{ATOM}title").text == "Une déclaration de test"
    alternate = link(newest, "alternate")
    assert alternate.get("hreflang") == "fr"
    assert alternate.get("href") == f"{SITE_URL}fr/statements/{NEWEST}/"
    assert [c.find(f"{ATOM}name").text for c in newest.findall(f"{ATOM}contributor")] == [
        "Jeanne Dupont", "Ali Ben Salah"]


@pytest.mark.parametrize("lang", ["en", "de", "ar"])
def test_untranslated_original_is_listed_in_its_own_language(site, lang):
    """A language without the translation shows the original, marked as such."""
    by_slug = {slug(e): e for e in entries(feed(site, lang))}
    french = by_slug[FRENCH_ONLY]
    assert french.get(XML_LANG) == "fr"
    alternate = link(french, "alternate")
    assert alternate.get("hreflang") == "fr"
    assert alternate.get("href") == f"{SITE_URL}fr/statements/{FRENCH_ONLY}/"
    # Topic labels are written for the feed's readers, and say so.
    category = french.find(f"{ATOM}category")
    assert category.get("term") == "lebanon" and category.get(XML_LANG) == lang
    if lang != "en":
        assert by_slug[NEWEST].get(XML_LANG) == "en"


def test_entry_dates_come_from_the_content(site):
    by_slug = {slug(e): e for e in entries(feed(site, "en"))}
    newest, french = by_slug[NEWEST], by_slug[FRENCH_ONLY]
    assert newest.find(f"{ATOM}published").text == "2025-03-02T00:00:00Z"
    assert newest.find(f"{ATOM}updated").text == "2025-05-05T00:00:00Z"  # the correction
    assert french.find(f"{ATOM}published") is None  # the day is unknown: no exact day claimed
    assert french.find(f"{ATOM}updated").text == "2025-01-10T00:00:00Z"  # required: the earliest bound
    assert feed(site, "en").find(f"{ATOM}updated").text == "2025-05-05T00:00:00Z"


def test_entry_text_topics_and_ids(site):
    newest = entries(feed(site, "en"))[0]
    assert newest.find(f"{ATOM}title").text == "A fixture statement < with > & 'quotes' \"here\""
    assert newest.find(f"{ATOM}summary").text.startswith("The newest fixture statement")
    assert [(c.get("term"), c.get("label")) for c in newest.findall(f"{ATOM}category")] == [
        ("gaza", "Gaza"), ("solidarity", "Solidarity movement")]
    assert newest.find(f"{ATOM}id").text == f"{SITE_URL}statements/{NEWEST}/"
    french_labels = [c.get("label") for c in entries(feed(site, "fr"))[0].findall(f"{ATOM}category")]
    assert french_labels == ["Gaza", "Mouvement de solidarité"]


@pytest.mark.parametrize("lang", LANGS)
def test_feed_has_id_self_and_alternate_links_and_author(site, lang):
    root = feed(site, lang)
    url = f"{SITE_URL}{LANGS[lang]}feeds/atom.xml"
    assert root.find(f"{ATOM}id").text == url
    assert link(root, "self").get("href") == url
    assert link(root, "self").get("type") == "application/atom+xml"
    alternate = link(root, "alternate")
    assert (alternate.get("href"), alternate.get("hreflang")) == (f"{SITE_URL}{LANGS[lang]}", lang)
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}title").text


def test_topic_feeds_list_only_that_topic(site):
    assert [slug(e) for e in entries(feed(site, "fr", "gaza"))] == [NEWEST]
    assert [slug(e) for e in entries(feed(site, "en", "lebanon"))] == [FRENCH_ONLY]
    root = feed(site, "de", "lebanon")
    assert link(root, "self").get("href") == f"{SITE_URL}de/feeds/topics/lebanon.xml"
    assert link(root, "alternate").get("href") == f"{SITE_URL}de/topics/lebanon/"


def test_every_topic_has_a_valid_feed_even_when_empty(site):
    root = feed(site, "he", "iran")
    assert entries(root) == []
    assert root.find(f"{ATOM}updated").text == "2025-05-05T00:00:00Z"  # never the build time


def head_feeds(site: Path, path: str) -> list[dict]:
    html = HTMLParser((site / path / "index.html").read_text("utf-8"))
    return [node.attributes for node in html.css('head link[rel="alternate"][type="application/atom+xml"]')]


@pytest.mark.parametrize("path,lang", [("", "en"), ("fr/years/", "fr"), (f"statements/{NEWEST}/", "en"),
                                       (f"fr/statements/{FRENCH_ONLY}/", "fr"), ("he/translation-status/", "he")])
def test_every_page_links_its_language_feed(site, path, lang):
    links = head_feeds(site, path)
    assert len(links) == 1
    # No hreflang: an hreflang alternate needs an absolute URL, and feed links are page-relative.
    assert "hreflang" not in links[0] and links[0]["title"]
    target = (site / path / links[0]["href"]).resolve()
    assert target == (site / LANGS[lang] / "feeds/atom.xml").resolve()


def test_topic_pages_also_link_their_topic_feed(site):
    links = head_feeds(site, "ar/topics/gaza/")
    assert len(links) == 2
    assert (site / "ar/topics/gaza" / links[1]["href"]).resolve() == (site / "ar/feeds/topics/gaza.xml").resolve()
    assert "غزة" in links[1]["title"]
