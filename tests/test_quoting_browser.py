"""Paragraph permalinks and the side-by-side page in a real browser (Debian's
chromium via Playwright), on the built site served over HTTP."""
from __future__ import annotations

import os
from pathlib import Path

import re

import pytest
from conftest import static_host
expect = pytest.importorskip("playwright.sync_api", reason="Playwright (Python) is not installed").expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLUG = "stop-the-genocide-in-gaza"
SHOTS = Path(os.environ.get("ARCHIVE_SCREENSHOTS", "/tmp/archive-screenshots"))


@pytest.fixture(scope="module")
def base_url(built_site):
    with static_host(built_site) as base:
        yield base


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def switcher_href(page, lang: str) -> str:
    return page.get_attribute(f"a.md-select__link[hreflang='{lang}']", "href")


def test_switcher_keeps_the_paragraph(tab, base_url):
    tab.goto(f"{base_url}fr/statements/{SLUG}/#p-5")
    # expect(), not wait_for_function: the site's CSP refuses the eval that one needs
    expect(tab.locator("a.md-select__link[hreflang='en']")).to_have_attribute("href", re.compile("#p-5$"))
    assert switcher_href(tab, "ar").endswith(f"/ar/statements/{SLUG}/#p-5")
    assert tab.get_attribute(".archive-notice a[hreflang='en']", "href").endswith("#p-5")
    tab.goto(switcher_href(tab, "ar"))
    tab.wait_for_load_state("load")
    assert tab.evaluate("location.hash") == "#p-5"
    top = tab.evaluate("document.getElementById('p-5').getBoundingClientRect().top")
    assert 0 <= top < 900, "the reader lands on the same paragraph"


def test_heading_link_and_new_paragraph_follow(tab, base_url):
    tab.goto(f"{base_url}fr/statements/{SLUG}/#des-horreurs-sans-fin")  # a heading's own slug: block 2
    expect(tab.locator("a.md-select__link[hreflang='de']")).to_have_attribute("href", re.compile("#p-2$"))
    tab.click("#p-7 > a.block-link", force=True)  # ¶ of block 7: address, switcher and "cite ¶" follow
    expect(tab.locator("a.md-select__link[hreflang='de']")).to_have_attribute("href", re.compile("#p-7$"))
    cite = tab.locator("[data-archive-cite-paragraph]")
    assert cite.is_visible()
    assert cite.locator("a").inner_text().endswith(f"/fr/statements/{SLUG}/#p-7")
    assert cite.inner_text().startswith("Paragraphe 7")


def test_permalink_shows_on_keyboard_focus(tab, base_url):
    tab.goto(f"{base_url}statements/{SLUG}/")
    link = "#p-3 > a.block-link"
    assert tab.eval_on_selector(link, "a => getComputedStyle(a).opacity") == "0"
    tab.evaluate("[...document.querySelectorAll('#p-3 sup.citation a')].pop().focus()")
    tab.keyboard.press("Tab")  # the next focusable element after the block's last citation is its ¶
    focused = tab.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#p-3"
    expect(tab.locator(link)).to_have_css("opacity", "1")


def test_pages_work_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}fr/statements/{SLUG}/#p-5")
    assert switcher_href(page, "en").endswith(f"/statements/{SLUG}/")  # the page, without the paragraph
    assert page.is_visible("#p-5")
    page.goto(f"{base_url}ar/statements/{SLUG}/compare/#p-5")
    assert page.locator(".archive-compare__row").count() == 39
    context.close()


def test_side_by_side_on_a_phone_in_arabic(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(f"{base_url}ar/statements/{SLUG}/compare/#p-3")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling"
    original = page.locator("#p-3 .archive-compare__original").bounding_box()
    translation = page.locator("#p-3 .archive-compare__translation").bounding_box()
    assert translation["y"] >= original["y"] + original["height"] - 1, "stacked: translation under its original"
    assert abs(translation["width"] - original["width"]) < 40
    assert page.locator("#p-3 .archive-compare__translation .archive-compare__language").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "side-by-side-ar-phone.png"))
    context.close()


def test_side_by_side_on_a_wide_screen_has_two_columns(tab, base_url):
    tab.goto(f"{base_url}he/statements/{SLUG}/compare/")
    original = tab.locator("#p-3 .archive-compare__original").bounding_box()
    translation = tab.locator("#p-3 .archive-compare__translation").bounding_box()
    assert abs(original["y"] - translation["y"]) < 2
    assert translation["x"] + translation["width"] <= original["x"] + 1, "right to left: the translation's column is on the left"
    tab.emulate_media(media="print")  # printed, the blocks stay side by side
    original = tab.locator("#p-3 .archive-compare__original").bounding_box()
    translation = tab.locator("#p-3 .archive-compare__translation").bounding_box()
    assert abs(original["y"] - translation["y"]) < 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.goto(f"{base_url}he/statements/{SLUG}/")
    assert tab.eval_on_selector("#p-3 > a.block-link", "a => getComputedStyle(a).display") == "none"
