"""`archive export folder`: the site read from file://, as from a USB stick."""
from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, copy_project, run
from selectolax.lexbor import LexborHTMLParser

from statements_archive.export import offline_links

SLUG = "stop-the-genocide-in-gaza"


@pytest.fixture(scope="module")
def offline(built_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "archive"
    run(["archive", "export", "folder", "-o", str(out), "--site", str(built_site)], REPO)
    return out


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_every_local_link_names_a_file_of_the_copy(offline):
    broken, directories = [], []
    for file in pages(offline):
        page = file.relative_to(offline).as_posix()
        for node in LexborHTMLParser(file.read_text("utf-8")).css("[href], [src]"):
            ref = node.attributes.get("href") or node.attributes.get("src") or ""
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("#") or not parts.path:
                continue
            if parts.path.endswith("/") or ref.startswith("/"):
                directories.append((page, ref))
            target = offline / posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
            if not target.is_file():
                broken.append((page, ref))
    assert not directories, directories[:5]
    assert not broken, broken[:5]
    assert not (offline / "pagefind").exists()


def test_search_is_a_note_pointing_to_the_zim_in_each_language(offline):
    for file, word in ((offline / "index.html", "ZIM"), (offline / "fr" / "index.html", "ZIM"),
                       (offline / "ar" / "statements" / SLUG / "index.html", "Kiwix")):
        page = LexborHTMLParser(file.read_text("utf-8"))
        assert not page.css("[data-archive-search], script[src*='search.js']")
        note = page.css_first(".archive-offline-search")
        assert note is not None and word in note.text()
    fr = LexborHTMLParser((offline / "fr" / "index.html").read_text("utf-8"))
    assert "hors ligne" in fr.css_first(".archive-offline-search").text()
    for meta in fr.css("meta[http-equiv='Content-Security-Policy']"):  # when the site has one
        assert "'self' file:" in meta.attributes["content"]


def test_a_content_security_policy_allows_the_copy_s_own_files():
    tree = LexborHTMLParser('<html><head><meta http-equiv="Content-Security-Policy" '
                            "content=\"default-src 'self'; script-src 'self' 'sha256-x'; img-src 'self' data:; "
                            "object-src 'none'\"></head></html>")
    offline_links.csp_for_files(tree)
    assert tree.css_first("meta").attributes["content"] == (
        "default-src 'self' file:; script-src 'self' file: 'sha256-x'; img-src 'self' file: data:; object-src 'none'")


def test_zip_holds_the_same_files_byte_identical_each_time(offline, built_site, tmp_path):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    for target in (first, second):
        run(["archive", "export", "folder", "-o", str(target), "--site", str(built_site)], REPO)
    assert first.read_bytes() == second.read_bytes()
    names = set(zipfile.ZipFile(first).namelist())
    assert names == {p.relative_to(offline).as_posix() for p in offline.rglob("*") if p.is_file()}


def test_an_existing_folder_is_not_overwritten(offline, built_site):
    result = run(["archive", "export", "folder", "-o", str(offline), "--site", str(built_site)], REPO, check=False)
    assert result.returncode == 2 and "already exists" in result.stderr and "--force" in result.stderr


@pytest.mark.browser
def test_read_from_file_urls_follow_a_statement_and_switch_language(offline, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors, requests = [], []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto((offline / "index.html").as_uri())
    # The stylesheets load from disk (the header is coloured, not unstyled).
    assert tab.eval_on_selector(".md-header", "e => getComputedStyle(e).position") == "sticky"
    tab.click(f"a[href*='statements/{SLUG}/index.html']")
    tab.wait_for_load_state()
    assert tab.url.endswith(f"/statements/{SLUG}/index.html")
    assert tab.locator("h1#statement-title").is_visible()
    assert tab.locator("section.sources li").count() > 10
    # The header's language switcher: open it, pick French.
    tab.hover(".md-select")
    tab.click(".md-select__link[hreflang=fr]")
    tab.wait_for_load_state()
    assert tab.url.endswith(f"/fr/statements/{SLUG}/index.html")
    assert tab.get_attribute("html", "lang") == "fr"
    assert "Index of" not in tab.title() and tab.locator("h1#statement-title").is_visible()
    assert tab.locator(".archive-offline-search").is_visible()
    assert not [u for u in requests if not u.startswith("file://")], requests
    assert not [e for e in errors if "Content Security Policy" in e], errors
    context.close()


def test_the_default_site_is_built_first_when_missing(tmp_path):
    project = copy_project(tmp_path / "project")
    result = run(["archive", "export", "folder", "-o", str(tmp_path / "copy")], project)
    assert "building it first" in result.stderr
    assert (project / "site" / "index.html").is_file()
    assert (tmp_path / "copy" / "statements" / SLUG / "index.html").is_file()
