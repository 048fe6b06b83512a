"""Mirrors and Tor: the onion-location meta, a second host name, and reading with JavaScript off."""
from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from conftest import build, copy_project, static_host
from selectolax.lexbor import LexborHTMLParser

SLUG = "stop-the-genocide-in-gaza"
CANONICAL = "https://archive.example.org/"
ONION = "http://archive2v3onionexampleabcdefghijklmnopqrstuvwxyz234567abcdefgh.onion/"


def html_of(site: Path, path: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / path).read_text("utf-8"))


def test_onion_location_per_page_only_when_configured(built_site, tmp_path):
    assert not html_of(built_site, f"statements/{SLUG}/index.html").css("meta[http-equiv=onion-location]")
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + f"\nextra:\n  onion: {ONION}\n", "utf-8")
    site = tmp_path / "site"
    build(project, site)
    for path, url in ((f"fr/statements/{SLUG}/index.html", f"fr/statements/{SLUG}/"), ("index.html", ""),
                      ("ar/topics/gaza/index.html", "ar/topics/gaza/")):
        meta = html_of(site, path).css_first("meta[http-equiv=onion-location]")
        assert meta is not None, path
        assert meta.attributes["content"] == ONION + url


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


@pytest.fixture(scope="module")
def hosts(built_site):
    """The same site under two host names: 127.0.0.1 and localhost."""
    with static_host(built_site) as base:
        port = urlsplit(base).port
        yield [f"http://127.0.0.1:{port}/", f"http://localhost:{port}/"]


def test_a_mirror_under_a_second_host_name_keeps_its_links_and_points_to_the_canonical_site(hosts):
    for base in hosts:
        seen, queue = set(), [base]
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            body = fetch(url)  # raises on 404
            if not url.endswith("/"):
                continue
            page = LexborHTMLParser(body.decode("utf-8"))
            for node in page.css("a[href], link[href], script[src], img[src]"):
                ref = node.attributes.get("href") or node.attributes.get("src")
                target = urljoin(url, ref).split("#")[0]
                rel = node.attributes.get("rel") or ""
                if rel == "canonical" or (rel == "alternate" and "hreflang" in node.attributes
                                          and "type" not in node.attributes):
                    assert target.startswith(CANONICAL), (url, ref)  # metadata names the canonical site
                elif urlsplit(target).netloc == urlsplit(base).netloc:
                    queue.append(target)
                else:
                    # Leaving the mirror only by a link a reader follows, never for the other host name.
                    assert node.tag == "a" and urlsplit(target).netloc not in {urlsplit(h).netloc for h in hosts}, (url, ref)
        assert sum(u.endswith(f"/statements/{SLUG}/") for u in seen) == 6, base
        statement = LexborHTMLParser(fetch(f"{base}fr/statements/{SLUG}/").decode("utf-8"))
        assert statement.css_first("link[rel=canonical]").attributes["href"] == f"{CANONICAL}fr/statements/{SLUG}/"
        hreflang = {n.attributes["hreflang"]: n.attributes["href"] for n in statement.css("link[rel=alternate][hreflang]")
                    if "type" not in n.attributes}
        assert hreflang["x-default"] == f"{CANONICAL}statements/{SLUG}/"
        assert hreflang["ar"] == f"{CANONICAL}ar/statements/{SLUG}/"


@pytest.fixture(scope="module")
def no_js(hosts, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    yield context.new_page(), hosts[1]
    context.close()


@pytest.mark.browser
def test_every_reading_feature_works_with_javascript_off(no_js):
    tab, base = no_js
    tab.goto(base)
    # Listings: the home page lists the statement; years and topics too.
    tab.click(f"a[href*='statements/{SLUG}/']")
    tab.wait_for_load_state()
    assert tab.url == f"{base}statements/{SLUG}/"
    # Text, date note, sources: visible without scripts.
    assert tab.locator("h1#statement-title").is_visible()
    assert tab.locator("div.statement > p").first.is_visible()
    assert tab.locator(".statement-date-note").is_visible()
    assert tab.locator("section.sources").is_visible()
    # A citation number leads to its source (a note), and back.
    tab.locator("sup.citation a").first.click()
    assert re.search(r"#source-", tab.url)
    assert tab.locator("section.sources li:target").is_visible()
    tab.locator("section.sources li:target .source-backlinks a").first.click()
    assert "#cite-" in tab.url
    # The header's language switcher opens by CSS alone.
    tab.hover(".md-select")
    tab.click(".md-select__link[hreflang=ar]")
    tab.wait_for_load_state()
    assert tab.url == f"{base}ar/statements/{SLUG}/" and tab.get_attribute("html", "dir") == "rtl"
    # The languages listed in the statement's facts link too.
    tab.click("ul.statement-languages a[hreflang=de]")
    tab.wait_for_load_state()
    assert tab.url == f"{base}de/statements/{SLUG}/"
    for listing in ("years/2024/", "topics/gaza/"):
        tab.goto(base + listing)
        assert tab.locator(f"a[href*='statements/{SLUG}/']").first.is_visible(), listing
    # Feeds: linked from the page head, readable by a feed reader.
    href = tab.get_attribute("link[type='application/atom+xml']", "href")
    feed = feedparser.parse(fetch(urljoin(tab.url, href)))
    assert feed.entries and feed.entries[0].link.startswith(CANONICAL)
