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
    page.wait_for_selector(".archive-search__result-link", timeout=15_000)
    page.wait_for_function("() => !document.querySelector('.archive-search__result[aria-busy]')")
    return page.eval_on_selector_all(".archive-search__result-link", "links => links.map(a => a.getAttribute('href'))")


def open_with_keyboard(page, key: str = "/"):
    page.keyboard.press(key)
    page.wait_for_selector(".archive-search__input", timeout=15_000)
    assert page.evaluate("document.querySelector('.archive-search__dialog').open")


def test_french_page_searches_french_statements_only(page, base_url):
    page.goto(base_url + "fr/")
    page.wait_for_load_state("load")
    assert pagefind_requests(page) == [], "Pagefind must load only when the reader opens search"

    open_with_keyboard(page, "/")
    page.wait_for_function("document.activeElement?.classList.contains('archive-search__input')")
    assert page.get_attribute(".archive-search__input", "placeholder") == "Rechercher"  # the site's French catalog
    assert page.inner_text(".archive-search__label") == "Rechercher dans les déclarations"
    page.keyboard.type("Gaza", delay=30)
    links = result_links(page)
    assert links and all(link.startswith(f"/{SUBPATH}/fr/statements/") for link in links), links
    assert page.locator(".archive-search__excerpt mark").count() > 0  # terms highlighted
    assert "2024" in page.inner_text(".archive-search__result-date")  # the date, as the page words it
    assert page.inner_text(".archive-search__status") == f"Résultats : {len(links)}"
    assert not [url for url in pagefind_requests(page) if "/filter/" in url], "filters load when one is opened"

    requested = pagefind_requests(page)
    assert all(url.startswith(base_url + "pagefind/") for url in requested), requested
    chunks = [url.rsplit("/", 1)[-1] for url in requested if "/index/" in url or "/fragment/" in url]
    assert chunks and all(name.startswith("fr_") for name in chunks), chunks

    before = len(links)
    page.locator("details.archive-search__filter[data-filter=topic] summary").click()
    topic = page.locator("input.archive-search__filter-checkbox[name=topic]").first
    topic.check()
    page.wait_for_timeout(600)  # Pagefind debounces the new search
    filtered = result_links(page)
    assert topic.is_checked()
    assert filtered and len(filtered) <= before
    assert all(link.startswith(f"/{SUBPATH}/fr/statements/") for link in filtered)
    # Every result left carries the checked topic (the label shows it with its count).
    label = re.sub(r"\s*\(\d+\)\s*$", "", topic.evaluate(
        "e => e.closest('.archive-search__filter-value').textContent").strip())
    host = base_url.split(f"/{SUBPATH}/")[0]
    for link in filtered:
        html = page.request.get(host + link).text()
        assert f'data-pagefind-filter="topic">{label}<' in html, (link, label)

    # A topic alone, with nothing typed, lists the statements that carry it.
    page.fill(".archive-search__input", "")
    page.dispatch_event(".archive-search__input", "input")
    page.wait_for_timeout(600)
    assert result_links(page) == filtered
    topic.uncheck()
    page.wait_for_function("() => !document.querySelector('.archive-search__result')")
    assert page.inner_text(".archive-search__status") == ""

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
    page.wait_for_selector(".archive-search__input", timeout=15_000)
    direction = page.evaluate("getComputedStyle(document.querySelector('.archive-search__ui')).direction")
    assert direction == "rtl"
    assert page.get_attribute(".archive-search__input", "placeholder") == "بحث"
    page.keyboard.type("غزة", delay=30)
    result_links(page)
    assert page.inner_text(".archive-search__status") == "النتائج: 1"
    # The text starts at the field's right, the clear button sits at its end (left).
    box = page.locator(".archive-search__input").bounding_box()
    clear = page.locator(".archive-search__clear").bounding_box()
    assert clear["x"] + clear["width"] < box["x"] + box["width"] / 2
    padding = page.evaluate("getComputedStyle(document.querySelector('.archive-search__input')).paddingLeft")
    assert float(padding.removesuffix("px")) >= clear["width"]  # typed text never runs under the button


def test_no_request_leaves_the_local_server(page, base_url):
    """Privacy: a statement page and a search make requests to the site's own server only."""
    page.goto(base_url + "fr/statements/stop-the-genocide-in-gaza/" if (REPO / "docs/fr/statements").is_dir()
              else base_url + "fr/")
    page.wait_for_load_state("networkidle")
    open_with_keyboard(page)
    page.keyboard.type("Gaza")
    page.wait_for_selector(".archive-search__result-link", timeout=15000)
    page.locator("details.archive-search__filter[data-filter=topic] summary").click()
    page.wait_for_selector(".archive-search__filter-checkbox", timeout=15000)
    page.wait_for_load_state("networkidle")
    origin = base_url.split("/archive/")[0] + "/"
    # blob: URLs are made in the page (Pagefind's module copy), not fetched from a host.
    urls = [url.removeprefix("blob:") for url in page.requested]
    assert urls, "no request recorded"
    assert all(url.startswith(origin) for url in urls), [url for url in urls if not url.startswith(origin)]


HOSTILE = '<img src=x onerror="window.__pwned = 1">'

# Pagefind's API as the interface uses it (search, filters, a result's data()), answering
# 40 results whose title, excerpt and topic are markup: a stand-in for a hostile statement,
# and a way to see which results' fragments the interface asks for.
STUB = """async ([module, hostile]) => {
  const ui = await import(module);
  window.__loaded = [];
  const results = Array.from({ length: 40 }, (_, i) => ({
    id: String(i),
    data: async () => {
      window.__loaded.push(i);
      return { url: "/r/" + i + "/", meta: { title: hostile + i, date: "2024" },
               excerpt: "a &lt;b&gt; <mark>" + hostile + "</mark> c" };
    },
  }));
  const topics = { [hostile]: 40 };
  const pagefind = {
    search: async () => ({ results, filters: { topic: { [hostile]: 3 } }, totalFilters: { topic: topics } }),
    filters: async () => ({ topic: topics, year: { "2024": 40 }, author: {} }),
  };
  const labels = { input: "Search", placeholder: "Search", clear: "Clear", more: "More", results: "Results: {count}",
                   none: "None: {term}", loading: "…", error: "Error", topic: "Topic", year: "Year", author: "Author" };
  document.querySelector(".archive-search__dialog").showModal();
  ui.start(document.querySelector("[data-archive-search-ui]"), pagefind, labels).focus();
}"""


def test_results_are_text_and_each_loads_when_seen(browser, base_url):
    """Titles, excerpts and topics come from contributors: the interface shows them as
    text, never as markup. A result's fragment (its statement's text) is fetched only
    once the result scrolls into view, so a first query costs a few fragments, not ten."""
    context = browser.new_context(viewport={"width": 1280, "height": 600})
    page = context.new_page()
    page.goto(base_url + "fr/")
    page.wait_for_load_state("load")
    page.evaluate(STUB, [base_url + "assets/archive/search-ui.js", HOSTILE])
    page.keyboard.type("x")
    page.wait_for_selector(".archive-search__result-link", timeout=15_000)
    page.wait_for_timeout(300)
    dialog = ".archive-search__dialog"
    assert page.eval_on_selector(dialog, "d => d.querySelectorAll('img, [onerror]').length") == 0
    assert page.evaluate("window.__pwned") is None
    assert page.inner_text(".archive-search__result-link >> nth=0") == HOSTILE + "0"
    excerpt = page.locator(".archive-search__excerpt").first
    assert excerpt.locator("mark").inner_text() == HOSTILE
    assert excerpt.inner_text().startswith("a <b> ")
    assert page.inner_text(".archive-search__status") == "Results: 40"

    listed = page.locator(".archive-search__result").count()
    loaded = page.evaluate("window.__loaded")
    assert listed == 10 and 0 < len(loaded) < listed, (listed, loaded)
    page.locator(".archive-search__result").nth(9).scroll_into_view_if_needed()
    page.wait_for_function("() => window.__loaded.includes(9)", timeout=5_000)
    assert max(page.evaluate("window.__loaded")) == 9  # nothing beyond the list
    page.click(".archive-search__more")
    assert page.locator(".archive-search__result").count() == 20

    page.click("details.archive-search__filter[data-filter=topic] summary")
    page.wait_for_selector(".archive-search__filter-checkbox", timeout=5_000)
    assert page.inner_text(".archive-search__filter-label") == HOSTILE
    page.wait_for_function("() => document.querySelector('.archive-search__filter-count').textContent === '(3)'")
    assert page.eval_on_selector(dialog, "d => d.querySelectorAll('img, [onerror]').length") == 0
    context.close()
