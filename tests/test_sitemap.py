"""sitemap.xml: every page of every language, alternates with x-default, dates from the content."""
from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from readers_fixture import FRENCH_ONLY, LANGS, NEWEST, SITE_URL

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="session")
def site(readers_site):
    return readers_site


@pytest.fixture(scope="session")
def urls(site) -> dict[str, ET.Element]:
    root = ET.parse(site / "sitemap.xml").getroot()
    found = {u.find(f"{SM}loc").text: u for u in root.findall(f"{SM}url")}
    assert len(found) == len(root.findall(f"{SM}url")), "a page is listed twice"
    return found


def alternates(url: ET.Element) -> dict[str, str]:
    links = url.findall(f"{XHTML}link")
    assert all(link.get("rel") == "alternate" for link in links)
    return {link.get("hreflang"): link.get("href") for link in links}


def lastmod(url: ET.Element) -> str | None:
    node = url.find(f"{SM}lastmod")
    return node.text if node is not None else None


def _noindex(page: Path) -> bool:
    return '<meta name="robots" content="noindex' in page.read_text("utf-8")


def test_every_built_page_is_listed_and_every_listed_page_exists(site, urls):
    """Except pages that ask search engines not to index them (side-by-side views)."""
    pages = [p for p in site.rglob("index.html")]
    hidden = [p for p in pages if _noindex(p)]
    assert hidden, "the fixture has a side-by-side page"
    folders = (p.parent.relative_to(site).as_posix() for p in pages if p not in hidden)
    built = {SITE_URL + ("" if folder == "." else folder + "/") for folder in folders}
    assert set(urls) == built


def test_statements_in_each_language_they_exist_in(urls):
    newest_en = urls[f"{SITE_URL}statements/{NEWEST}/"]
    assert alternates(newest_en) == {
        "en": f"{SITE_URL}statements/{NEWEST}/",
        "fr": f"{SITE_URL}fr/statements/{NEWEST}/",
        "x-default": f"{SITE_URL}statements/{NEWEST}/",
    }
    assert alternates(urls[f"{SITE_URL}fr/statements/{NEWEST}/"]) == alternates(newest_en)
    # Never a page for a translation that does not exist.
    assert f"{SITE_URL}de/statements/{NEWEST}/" not in urls
    assert f"{SITE_URL}statements/{FRENCH_ONLY}/" not in urls


def test_x_default_of_an_untranslated_statement_is_its_original(urls):
    french = urls[f"{SITE_URL}fr/statements/{FRENCH_ONLY}/"]
    assert alternates(french) == {"fr": f"{SITE_URL}fr/statements/{FRENCH_ONLY}/",
                                  "x-default": f"{SITE_URL}fr/statements/{FRENCH_ONLY}/"}


@pytest.mark.parametrize("path", ["", "years/", "years/2025/", "topics/", "topics/gaza/", "translation-status/"])
def test_archive_pages_have_every_language_and_x_default(urls, path):
    for lang, prefix in LANGS.items():
        expected = {code: f"{SITE_URL}{p}{path}" for code, p in LANGS.items()}
        expected["x-default"] = f"{SITE_URL}{path}"
        assert alternates(urls[f"{SITE_URL}{prefix}{path}"]) == expected


def test_statement_lastmod_is_its_latest_own_date(urls):
    assert lastmod(urls[f"{SITE_URL}statements/{NEWEST}/"]) == "2025-05-05"  # a correction
    assert lastmod(urls[f"{SITE_URL}fr/statements/{NEWEST}/"]) == "2025-04-01"  # the update it inherits
    assert lastmod(urls[f"{SITE_URL}fr/statements/{FRENCH_ONLY}/"]) is None  # day unknown: no lastmod


def test_archive_page_lastmod_is_the_newest_statement_it_lists(urls):
    assert lastmod(urls[SITE_URL]) == "2025-05-05"
    assert lastmod(urls[f"{SITE_URL}fr/"]) == "2025-04-01"  # lists the translation, not the original
    assert lastmod(urls[f"{SITE_URL}de/"]) == "2025-05-05"  # lists the originals
    assert lastmod(urls[f"{SITE_URL}topics/lebanon/"]) is None  # lists only a statement of unknown day
    assert lastmod(urls[f"{SITE_URL}years/2025/"]) == "2025-05-05"
    assert lastmod(urls[f"{SITE_URL}topics/iran/"]) is None  # lists nothing


def test_no_date_comes_from_the_build(urls):
    dates = {lastmod(u) for u in urls.values()} - {None}
    assert dates <= {"2025-05-05", "2025-04-01", "2025-01-10"}


def test_gzip_copy_matches_and_has_no_timestamp(site):
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == (site / "sitemap.xml").read_bytes()
    assert packed[4:8] == b"\0\0\0\0"  # MTIME field of the gzip header
    assert not packed[3] & 0x08  # no FNAME field
