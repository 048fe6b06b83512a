"""Hosting: plain `python -m http.server`, a sub-path, and a 404 page per language."""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import build, copy_project, static_host
from selectolax.lexbor import LexborHTMLParser

LANGS = ("en", "fr", "es", "de", "ar", "he")


@pytest.fixture(scope="module")
def subpath_server(tmp_path_factory):
    """The site built for https://example.org/archive/ and served from /archive/ by http.server."""
    root = tmp_path_factory.mktemp("host")
    project = copy_project(root / "project")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"^site_url: .*$", "site_url: https://example.org/archive/",
                             config.read_text("utf-8"), flags=re.M), encoding="utf-8")
    build(project, root / "www" / "archive")
    with static_host(root / "www") as base:
        yield f"{base}archive/", root / "www" / "archive"


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_every_local_link_and_asset_resolves_under_a_sub_path(subpath_server):
    base, _ = subpath_server
    seen, queue, broken = set(), [base], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            status, body = fetch(url)
        except urllib.error.HTTPError as exc:
            broken.append((url, exc.code))
            continue
        if not url.endswith("/"):
            continue
        html = LexborHTMLParser(body.decode("utf-8"))
        for node in html.css("a[href], link[href], script[src], img[src]"):
            ref = node.attributes.get("href") or node.attributes.get("src")
            target = urljoin(url, ref).split("#")[0]
            if urlsplit(target).netloc == urlsplit(base).netloc:
                assert target.startswith(base), f"{url} links outside the sub-path: {ref}"
                queue.append(target)
    assert not broken, broken
    assert len([u for u in seen if u.endswith("/statements/stop-the-genocide-in-gaza/")]) == len(LANGS)


@pytest.mark.parametrize("lang", LANGS)
def test_a_404_page_per_language(subpath_server, lang):
    _, site = subpath_server
    page = site / ("404.html" if lang == "en" else f"{lang}/404.html")
    html = LexborHTMLParser(page.read_text("utf-8"))
    assert html.css_first("html").attributes["lang"] == lang
    assert html.css_first("html").attributes["dir"] == ("rtl" if lang in ("ar", "he") else "ltr")
    # Served at any depth, so its own links are absolute within the sub-path.
    for node in html.css("link[rel=stylesheet], script[src]"):
        ref = node.attributes.get("href") or node.attributes.get("src")
        assert ref.startswith("/archive/"), ref
