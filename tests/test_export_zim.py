"""`archive export zim`: the built site as a Kiwix ZIM, read back with libzim's reader."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO, run
from selectolax.lexbor import LexborHTMLParser

from statements_archive import config as site_config
from statements_archive.export import sitecopy

libzim = pytest.importorskip("libzim")
from libzim.reader import Archive  # noqa: E402
from libzim.search import Query, Searcher  # noqa: E402

SLUG = "stop-the-genocide-in-gaza"
SEED = Path("/work/shared/seed/000_0b402f14cb2fe78c.txt")


@pytest.fixture(scope="module")
def zim_file(built_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zim") / "archive.zim"
    run(["archive", "export", "zim", "-o", str(out), "--site", str(built_site)], REPO)
    return out


@pytest.fixture(scope="module")
def archive(zim_file) -> Archive:
    return Archive(str(zim_file))


def entry_html(archive: Archive, path: str) -> str:
    return bytes(archive.get_entry_by_path(path).get_item().content).decode("utf-8")


def matches(archive: Archive, word: str) -> int:
    return Searcher(archive).search(Query().set_query(word)).getEstimatedMatches()


def html_paths(archive: Archive) -> list[str]:
    paths = []
    for i in range(archive.all_entry_count):
        entry = archive._get_entry_by_id(i)
        if not entry.is_redirect and entry.get_item().mimetype == "text/html":
            paths.append(entry.path)
    return paths


def test_every_file_of_the_offline_copy_is_an_entry(archive, built_site):
    config = site_config.load(REPO)
    files = sitecopy.site_files(config, built_site)
    assert archive.entry_count == len(files)
    pages = [f for f in files if f.endswith(".html") and not f.endswith("404.html")]
    assert archive.article_count == len(pages)
    assert not any(f.startswith("pagefind/") for f in files)
    assert archive.main_entry.get_item().path == "index.html"


def test_metadata_for_kiwix(archive):
    assert archive.get_metadata("Language").decode() == "eng,fra,spa,deu,ara,heb"
    assert archive.get_metadata("Title").decode() == "Statements Archive"
    for key in ("Description", "Creator", "Publisher", "Name"):
        assert archive.get_metadata(key).decode().strip(), key
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", archive.get_metadata("Date").decode())
    assert archive.has_illustration(48)
    assert bytes(archive.get_illustration_item(48).content)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_statement_by_path_in_each_language(archive):
    for prefix, lang in (("", "en"), ("ar/", "ar"), ("he/", "he")):
        page = LexborHTMLParser(entry_html(archive, f"{prefix}statements/{SLUG}/index.html"))
        assert page.css_first("html").attributes["lang"] == lang
        assert page.css_first("h1#statement-title").text(strip=True)
        assert page.css("section.sources li"), "the sources are in the entry"


def test_full_text_search_finds_a_word_of_the_seed_and_of_the_arabic_text(archive):
    seed_word = "Histadrut"
    assert seed_word in SEED.read_text("utf-8")
    arabic = (REPO / "docs/ar/statements" / f"{SLUG}.md").read_text("utf-8")
    arabic_word = "الإبادة"
    assert arabic_word in arabic
    assert matches(archive, seed_word) > 0
    assert matches(archive, arabic_word) > 0
    assert matches(archive, "qzxwvkjh") == 0


def test_links_anchors_and_language_switch_resolve_to_entries(archive):
    """Every local link is a relative link to an entry (directory URLs rewritten), every
    #fragment exists on its page, and nothing loaded comes from the network."""
    paths = html_paths(archive)
    ids: dict[str, set[str]] = {}
    broken, remote, anchors = [], [], []
    for path in paths:
        page = LexborHTMLParser(entry_html(archive, path))
        ids[path] = {n.attributes.get("id") for n in page.css("[id]")}
        for node in page.css("[href], [src]"):
            ref = node.attributes.get("href") or node.attributes.get("src") or ""
            if urlsplit(ref).scheme or ref.startswith("//"):
                rel = node.attributes.get("rel") or ""
                if node.tag != "a" and not ("canonical" in rel or "hreflang" in node.attributes):
                    remote.append((path, ref))
                continue
            if ref.startswith("/"):
                broken.append((path, ref))
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), urlsplit(ref).path)) if urlsplit(ref).path else path
            if not archive.has_entry_by_path(target):
                broken.append((path, ref))
            elif urlsplit(ref).fragment and node.tag == "a":
                anchors.append((path, target, unquote(urlsplit(ref).fragment)))
    assert not broken, broken[:10]
    assert not remote, remote[:10]
    # Anchors (citations to sources and back, headings, other pages' sections) exist where they point.
    missing = [(page, target, frag) for page, target, frag in anchors if frag not in ids.get(target, set())]
    assert len(anchors) > 100 and not missing, missing[:10]
    page = LexborHTMLParser(entry_html(archive, f"ar/statements/{SLUG}/index.html"))
    # Language switch: the header's links point at each language's entry of the statement.
    switch = {a.attributes["hreflang"]: a.attributes["href"] for a in page.css("a.md-select__link")}
    assert switch["fr"] == f"../../../fr/statements/{SLUG}/index.html"
    assert switch["en"] == f"../../../statements/{SLUG}/index.html"


def test_no_search_bundle_and_feeds_link_inside(archive):
    page = entry_html(archive, "index.html")
    assert "pagefind" not in page and "data-archive-search" not in page
    # Kiwix's own interface goes into the page: no policy of the site's to refuse it.
    assert not LexborHTMLParser(page).css("meta[http-equiv='Content-Security-Policy']")
    feed = bytes(archive.get_entry_by_path("feeds/atom.xml").get_item().content).decode("utf-8")
    hrefs = re.findall(r'<link [^>]*href="([^"]+)"', feed)
    assert hrefs and not [h for h in hrefs if h.startswith("http")], hrefs
    assert f"../statements/{SLUG}/index.html" in hrefs


def test_one_language_and_refusals(built_site, tmp_path):
    out = tmp_path / "ar.zim"
    run(["archive", "export", "zim", "-o", str(out), "--lang", "ar", "--site", str(built_site)], REPO)
    archive = Archive(str(out))
    assert archive.get_metadata("Language").decode() == "ara"
    assert archive.main_entry.get_item().path == "ar/index.html"
    assert not archive.has_entry_by_path(f"statements/{SLUG}/index.html")
    page = LexborHTMLParser(entry_html(archive, f"ar/statements/{SLUG}/index.html"))
    # The English original is not in this file: its name stays, as text, not as a dead link.
    assert not page.css(f"a[href*='/statements/{SLUG}/'][hreflang=en]")
    again = run(["archive", "export", "zim", "-o", str(out), "--site", str(built_site)], REPO, check=False)
    assert again.returncode == 2 and "already exists" in again.stderr and "--force" in again.stderr
    unknown = run(["archive", "export", "zim", "-o", str(tmp_path / "x.zim"), "--lang", "xx",
                   "--site", str(built_site)], REPO, check=False)
    assert unknown.returncode == 2 and "unknown language(s) xx" in unknown.stderr
    missing = run(["archive", "export", "zim", "-o", str(tmp_path / "y.zim"), "--site", str(tmp_path / "none")],
                  REPO, check=False)
    assert missing.returncode == 2 and "no built site" in missing.stderr
