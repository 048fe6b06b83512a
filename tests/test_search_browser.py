"""Search in a real browser: Debian's chromium, driven by Playwright, on the built
site served over HTTP under a sub-path (/archive/), as on any static host."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO, static_host

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SUBPATH = "archive"


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    assert any((REPO / "docs" / "fr" / "statements").glob("*.md")), "the French results need a French statement"
    return built_site


@pytest.fixture(scope="module")
def base_url(site, tmp_path_factory):
    """http://127.0.0.1:<port>/archive/ serving the built site, like a host with a sub-path."""
    www = tmp_path_factory.mktemp("www")
    (www / SUBPATH).symlink_to(site, target_is_directory=True)
    with static_host(www) as base:
        yield f"{base}{SUBPATH}/"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requested = []
    tab.on("request", lambda request: tab.requested.append(request.url))
    yield tab
    context.close()


def pagefind_requests(page) -> list[str]:
    return [url for url in page.requested if "/pagefind/" in url]


def result_links(page) -> list[str]:
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
    page.wait_for_function("!document.querySelector('.pagefind-ui__loading')")
    return page.eval_on_selector_all(".pagefind-ui__result-link", "links => links.map(a => a.getAttribute('href'))")


def open_with_keyboard(page, key: str = "/"):
    page.keyboard.press(key)
    page.wait_for_selector(".pagefind-ui__search-input", timeout=15_000)
    assert page.evaluate("document.querySelector('.archive-search__dialog').open")


def test_french_page_searches_french_statements_only(page, base_url):
    page.goto(base_url + "fr/")
    page.wait_for_load_state("load")
    assert pagefind_requests(page) == [], "Pagefind must load only when the reader opens search"

    open_with_keyboard(page, "/")
    page.wait_for_function("document.activeElement?.classList.contains('pagefind-ui__search-input')")
    placeholder = page.get_attribute(".pagefind-ui__search-input", "placeholder")
    assert placeholder and placeholder != "Search"  # Pagefind's own French strings
    page.keyboard.type("Gaza", delay=30)
    links = result_links(page)
    assert links and all(link.startswith(f"/{SUBPATH}/fr/statements/") for link in links), links
    assert page.locator(".pagefind-ui__result-excerpt mark").count() > 0  # terms highlighted
    assert page.locator(".pagefind-ui__result-tag").count() > 0  # the date

    requested = pagefind_requests(page)
    assert all(url.startswith(base_url + "pagefind/") for url in requested), requested
    chunks = [url.rsplit("/", 1)[-1] for url in requested if "/index/" in url or "/fragment/" in url]
    assert chunks and all(name.startswith("fr_") for name in chunks), chunks

    before = len(links)
    page.locator("details.pagefind-ui__filter-block", has=page.locator("input[name=topic]")).locator(
        "summary").click()
    topic = page.locator("input.pagefind-ui__filter-checkbox[name=topic]").first
    topic.check()
    page.wait_for_timeout(600)  # Pagefind debounces the new search
    filtered = result_links(page)
    assert topic.is_checked()
    assert filtered and len(filtered) <= before
    assert all(link.startswith(f"/{SUBPATH}/fr/statements/") for link in filtered)
    # Every result left carries the checked topic (the label shows it with its count).
    label = re.sub(r"\s*\(\d+\)\s*$", "", topic.evaluate(
        "e => e.closest('.pagefind-ui__filter-value').textContent").strip())
    host = base_url.split(f"/{SUBPATH}/")[0]
    for link in filtered:
        html = page.request.get(host + link).text()
        assert f'data-pagefind-filter="topic">{label}<' in html, (link, label)

    page.keyboard.press("Escape")
    assert not page.evaluate("document.querySelector('.archive-search__dialog').open")
    open_with_keyboard(page, "s")  # Material's other shortcut


def test_typing_in_a_field_does_not_open_search(page, base_url):
    page.goto(base_url + "fr/")
    page.evaluate("""() => { const i = document.createElement('input'); i.id = 't'; document.body.prepend(i); }""")
    page.focus("#t")
    page.keyboard.type("s/")
    assert not page.evaluate("document.querySelector('.archive-search__dialog').open")


def test_arabic_search_is_right_to_left(page, base_url):
    page.goto(base_url + "ar/")
    page.click(".archive-search__open")
    page.wait_for_selector(".pagefind-ui__search-input", timeout=15_000)
    direction = page.evaluate("getComputedStyle(document.querySelector('.pagefind-ui')).direction")
    assert direction == "rtl"
    placeholder = page.get_attribute(".pagefind-ui__search-input", "placeholder")
    assert placeholder and placeholder != "Search"
    # The magnifier sits at the start (right) of the field, the clear button at its end (left).
    box = page.locator(".pagefind-ui__search-input").bounding_box()
    clear = page.locator(".pagefind-ui__search-clear").bounding_box()
    assert clear["x"] < box["x"] + box["width"] / 2


def test_no_request_leaves_the_local_server(page, base_url):
    """Privacy: a statement page and a search make requests to the site's own server only."""
    page.goto(base_url + "fr/statements/stop-the-genocide-in-gaza/" if (REPO / "docs/fr/statements").is_dir()
              else base_url + "fr/")
    page.wait_for_load_state("networkidle")
    open_with_keyboard(page)
    page.keyboard.type("Gaza")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    page.wait_for_load_state("networkidle")
    origin = base_url.split("/archive/")[0] + "/"
    # blob: URLs are made in the page (Pagefind's module copy), not fetched from a host.
    urls = [url.removeprefix("blob:") for url in page.requested]
    assert urls, "no request recorded"
    assert all(url.startswith(origin) for url in urls), [url for url in urls if not url.startswith(origin)]
