"""Every reader: axe-core finds no violation (WCAG 2.1 A and AA, and best practice) on
any page type, in the light and dark schemes, in English, Arabic and Hebrew; the
keyboard reaches every control with a visible focus; long texts are set for reading.

Debian's chromium, driven by Playwright, on the built site served over HTTP."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import static_host

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = "statements/stop-the-genocide-in-gaza/"
LANGS = {"en": "", "ar": "ar/", "he": "he/"}
QUERY = {"en": "Gaza", "ar": "غزة", "he": "עזה"}
PAGE_TYPES = {
    "home": "",
    "statement": SEED,  # the original in English, a draft translation in Arabic and Hebrew
    "years": "years/",
    "year": "years/2024/",
    "topics": "topics/",
    "topic": "topics/gaza/",
    "status": "translation-status/",
    "404": "404.html",
}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
               "resultTypes": ["violations"]}


def page_types(site: Path) -> dict[str, str]:
    """The page types above, and the authors' pages where the build has them."""
    types = dict(PAGE_TYPES)
    if (site / "authors" / "index.html").exists():
        types["authors"] = "authors/"
        author = next((p.parent for p in sorted((site / "authors").glob("*/index.html"))), None)
        if author is not None:
            types["author"] = f"authors/{author.name}/"
    return types


@pytest.fixture(scope="module")
def base_url(built_site):
    with static_host(built_site) as base:
        yield base


@pytest.fixture(scope="module")
def axe():
    module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is missing")
    return module.Axe()


def violations(axe, page) -> list[str]:
    found = axe.run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}): {node['target']} {node['html'][:160]}" for v in found for node in v["nodes"]]


def wait_until(page, expression: str, timeout: float = 15.0) -> None:
    """Poll ``expression`` with page.evaluate: Playwright's wait_for_function compiles its
    predicate in the page, which the site's Content-Security-Policy (no eval) refuses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def scheme(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def open_search(page, lang: str) -> None:
    page.keyboard.press("/")
    page.wait_for_selector(".archive-search__input", timeout=15_000)
    page.keyboard.type(QUERY[lang], delay=20)
    page.wait_for_selector(".archive-search__result-link", timeout=15_000)
    wait_until(page, "!document.querySelector('.archive-search__result[aria-busy]')")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", LANGS)
def test_no_axe_violation_on_any_page_type(browser, axe, built_site, base_url, lang, color_scheme):
    """Light and dark as the reader's system asks (prefers-color-scheme), and the search dialog open."""
    context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    for kind, path in page_types(built_site).items():
        page.goto(base_url + LANGS[lang] + path, wait_until="load")
        assert scheme(page) == ("slate" if color_scheme == "dark" else "default"), kind
        found[kind] = violations(axe, page)
    page.goto(base_url + LANGS[lang] + SEED, wait_until="load")
    open_search(page, lang)
    found["search dialog"] = violations(axe, page)
    context.close()
    assert not any(found.values()), {kind: v for kind, v in found.items() if v}


@pytest.mark.parametrize("lang", LANGS)
def test_no_axe_violation_after_the_palette_toggle(browser, axe, built_site, base_url, lang):
    """The reader switches to dark with Material's toggle; the choice holds on the next pages."""
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + LANGS[lang], wait_until="load")
    assert scheme(page) == "default"
    page.click("form[data-md-component=palette] label:not([hidden])")
    assert scheme(page) == "slate"
    found = {}
    for kind in ("home", "statement", "topic", "404"):
        page.goto(base_url + LANGS[lang] + PAGE_TYPES[kind], wait_until="load")
        assert scheme(page) == "slate", kind  # stored, applied by Material's inline script
        found[kind] = violations(axe, page)
    context.close()
    assert not any(found.values()), {kind: v for kind, v in found.items() if v}


def test_the_arabic_and_hebrew_statements_are_draft_translations(built_site):
    """The 'draft translation' page type is covered by the statement pages above."""
    for lang in ("ar", "he"):
        text = (built_site / lang / SEED / "index.html").read_text("utf-8")
        assert "archive-notice--draft" in text, lang


# --- keyboard ---------------------------------------------------------------------------

FOCUSED = """() => {
  let e = document.activeElement;
  if (!e || e === document.body) return null;
  // Material's palette options are invisible radios: the focus shows on the label after them.
  // The drawer's checkbox is invisible too: the focus shows on the header's menu button.
  const shown = e.matches('.md-option') ? e.nextElementSibling
    : e.id === '__drawer' ? document.querySelector('.md-header__button[for=__drawer]') : e;
  const style = getComputedStyle(shown);
  const box = shown.getBoundingClientRect();
  return {
    id: e.id, tag: e.tagName, cls: e.className, text: (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40),
    href: e.getAttribute('href'),
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
    inDialog: !!e.closest('dialog'),
  };
}"""


def tab_through(page, stops: int) -> list[dict]:
    seen = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUSED))
    return seen


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_skip_link_comes_first_and_leads_to_the_text(desktop, base_url, lang):
    page = desktop
    page.goto(base_url + LANGS[lang] + SEED, wait_until="load")
    first = tab_through(page, 1)[0]
    assert "md-skip" in first["cls"] and first["href"] == "#archive-content" and first["ring"], first
    # Shown when focused (Material fades it in).
    wait_until(page, "getComputedStyle(document.activeElement).opacity === '1'")
    page.keyboard.press("Enter")
    after = tab_through(page, 1)[0]
    assert page.evaluate("location.hash") == "#archive-content"
    inside = page.evaluate("document.querySelector('#archive-content').contains(document.activeElement)")
    assert inside, after  # the next Tab continues in the statement, past the header and navigation


@pytest.mark.parametrize("lang", ["en", "he"])
def test_every_control_is_reached_with_a_visible_focus(desktop, base_url, lang):
    page = desktop
    page.goto(base_url + LANGS[lang] + SEED, wait_until="load")
    count = page.evaluate("document.querySelectorAll('a[href], button, input:not([type=hidden]), summary').length")
    seen = [stop for stop in tab_through(page, count + 5) if stop]
    missing_ring = [stop for stop in seen if not (stop["ring"] and stop["visible"])]
    assert not missing_ring, missing_ring
    reached = {(stop["cls"], stop["text"]) for stop in seen}
    for control in ("archive-search__open", "md-option", "md-select__link", "md-nav__link", "md-logo"):
        assert any(control in cls for cls, _ in reached), control
    languages = {stop["href"] for stop in seen if "md-select__link" in stop["cls"]}
    assert len(languages) == 6  # every language in the switcher


def test_palette_toggle_works_from_the_keyboard(desktop, base_url):
    page = desktop
    page.goto(base_url + SEED, wait_until="load")
    page.focus("form[data-md-component=palette] input:checked")
    page.keyboard.press("Enter")
    assert scheme(page) == "slate"
    page.reload(wait_until="load")
    assert scheme(page) == "slate"
    page.focus("form[data-md-component=palette] input:checked")
    page.keyboard.press(" ")
    assert scheme(page) == "default"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_search_dialog_traps_and_returns_focus(desktop, base_url, lang):
    page = desktop
    page.goto(base_url + LANGS[lang] + SEED, wait_until="load")
    page.focus(".archive-search__open")
    page.keyboard.press("Enter")
    page.wait_for_selector(".archive-search__input", timeout=15_000)
    wait_until(page, "document.activeElement.classList.contains('archive-search__input')")
    page.keyboard.type(QUERY[lang], delay=20)
    page.wait_for_selector(".archive-search__result-link", timeout=15_000)
    stops = [page.evaluate(FOCUSED)] + tab_through(page, 25)
    outside = [stop for stop in stops if stop and not stop["inDialog"]]
    assert not outside, outside  # modal: the page behind is out of reach
    assert all(stop["ring"] or "archive-search__input" in stop["cls"] for stop in stops if stop), stops
    page.keyboard.press("Escape")
    assert not page.evaluate("document.querySelector('.archive-search__dialog').open")
    assert page.evaluate("document.activeElement.classList.contains('archive-search__open')")


def test_the_drawer_opens_from_the_keyboard_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + SEED, wait_until="load")
    stops = tab_through(page, 4)
    drawer = next((s for s in stops if s and s["id"] == "__drawer"), None)
    assert drawer and drawer["ring"], stops  # the menu button shows the focus
    # The closed drawer's links are out of the tab order (they would be focused unseen).
    assert page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility") == "hidden"
    page.focus("#__drawer")
    page.keyboard.press(" ")
    assert page.evaluate("document.querySelector('#__drawer').checked")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility") == "visible"
    nav = tab_through(page, 20)  # past the header's controls, into the open drawer
    assert any(s and "md-nav__link" in s["cls"] and s["visible"] and s["ring"] for s in nav), nav
    context.close()


# --- typography -------------------------------------------------------------------------

MEASURE = """() => {
  const paragraphs = [...document.querySelectorAll('.statement > p')];
  const p = paragraphs.sort((a, b) => b.textContent.length - a.textContent.length)[0];
  const range = document.createRange();
  range.selectNodeContents(p);
  const lines = new Set([...range.getClientRects()].map(r => Math.round(r.bottom))).size;
  const style = getComputedStyle(p);
  return {perLine: p.textContent.length / (lines - 0.5), leading: parseFloat(style.lineHeight) / parseFloat(style.fontSize)};
}"""


@pytest.mark.parametrize("lang,leading", [("en", 1.6), ("fr", 1.6), ("ar", 1.8), ("he", 1.8)])
def test_long_text_is_set_for_reading(desktop, base_url, lang, leading):
    """60-75 characters a line on a desktop screen; more leading for Arabic and Hebrew."""
    desktop.goto(base_url + ("" if lang == "en" else lang + "/") + SEED, wait_until="load")
    measured = desktop.evaluate(MEASURE)
    assert 60 <= measured["perLine"] <= 75, measured
    assert measured["leading"] >= leading, measured


def test_latin_inserts_are_isolated_in_right_to_left_text(built_site):
    """Source titles and notes stay in the original's language and direction on a translation."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    html = HTMLParser((built_site / "ar" / SEED / "index.html").read_text("utf-8"))
    entries = html.css(".sources li")
    assert entries
    for entry in entries:
        for node in entry.css("bdi"):
            assert node.attributes.get("lang") == "en"
        latin = [n for n in entry.css("cite, .source-note") if n.text().strip()]
        assert all(n.css_first("bdi") or n.parent.tag == "bdi" for n in latin), entry.html[:200]


@pytest.mark.parametrize("lang,comma", [("en", ", "), ("ar", "، "), ("he", ", ")])
def test_citation_lists_use_the_locale_comma(built_site, lang, comma):
    """Arabic writes its own comma between citation numbers; English and Hebrew write ','."""
    import re

    text = (built_site / LANGS[lang] / SEED / "index.html").read_text("utf-8")
    between = re.findall(r"</a>([^<]*)<a id=\"cite-", "".join(re.findall(r'<sup class="citation">.*?</sup>', text)))
    assert between and set(between) == {comma}, set(between)
