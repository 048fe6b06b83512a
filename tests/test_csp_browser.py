"""The Content-Security-Policy in a real browser (Debian's chromium via Playwright).

A statement page and a Pagefind search run under the site's policy without a
single violation; a script planted into a built page (as if every check had
been bypassed) is blocked; a reader who follows a source link sends no Referer.
"""
from __future__ import annotations

import json

import pytest
from conftest import build, copy_project, static_host, write

from statements_archive.site import csp

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SLUG = "essai-csp"
STATEMENT = """---
title: Essai de la politique de sécurité
date: 2024-10-28
topics: [gaza]
summary: Une déclaration d'essai pour la politique de sécurité du contenu.
language: fr
sources:
  - id: src-a
    title: Rapport A
    publisher: Éditeur A
    url: {url}
---

Le siège de Gaza continue [@src-a]. Nous appelons à la grève contre la guerre.
"""
# Collects every violation the page reports, before any of the page's own scripts run.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});
"""


@pytest.fixture(scope="module")
def referrer_host(tmp_path_factory):
    """Another origin standing in for a source's web site: it shows the Referer it was sent."""
    folder = tmp_path_factory.mktemp("source-site")
    write(folder / "report.html", "<!doctype html><title>report</title><p id=r></p>"
                                  "<script>document.getElementById('r').textContent = 'referrer=' + document.referrer</script>")
    with static_host(folder) as base:
        yield base


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, referrer_host):
    project = copy_project(tmp_path_factory.mktemp("project"))
    write(project / "docs" / "fr" / "statements" / f"{SLUG}.md", STATEMENT.format(url=referrer_host + "report.html"))
    site = tmp_path_factory.mktemp("site")
    build(project, site)
    # A page as if an attacker had got a script past every check: the CSP must still stop it.
    page = (site / "fr" / "statements" / SLUG / "index.html").read_text("utf-8")
    planted = page.replace("</h1>", "</h1><script>window.__planted = 1</script>"
                           '<img src="x.png" onerror="window.__planted = 2">', 1)
    write(site / "fr" / "planted.html", planted.replace('href="../../', 'href="../').replace('src="../../', 'src="../'))
    with static_host(site) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    tab = context.new_page()
    tab.console_csp = []
    tab.on("console", lambda message: tab.console_csp.append(message.text)
           if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    yield tab
    context.close()


def test_statement_page_and_search_run_without_a_violation(page, base_url):
    page.goto(f"{base_url}fr/statements/{SLUG}/")
    page.wait_for_load_state("load")
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert policy == csp.meta_policy() and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert page.get_attribute('meta[name="referrer"]', "content") == "no-referrer"
    # The site's scripts ran: Material's base script (from a file) and its palette script (inline, by hash).
    assert page.evaluate("typeof window.__md_get === 'function' && document.body.hasAttribute('data-md-color-scheme')")
    page.keyboard.press("/")
    page.wait_for_selector(".archive-search__input", timeout=15_000)
    page.keyboard.type("Gaza", delay=30)
    page.wait_for_selector(".archive-search__result-link", timeout=15_000)
    links = page.eval_on_selector_all(".archive-search__result-link", "links => links.map(a => a.getAttribute('href'))")
    assert any(SLUG in link for link in links), links
    page.wait_for_timeout(300)
    assert page.evaluate("window.__violations") == [] and page.console_csp == [], (
        page.evaluate("window.__violations"), page.console_csp)


def test_a_planted_inline_script_and_handler_are_blocked(page, base_url):
    page.goto(f"{base_url}fr/planted.html")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__planted") is None
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src") and "inline" in v for v in violations), violations


def test_following_a_source_link_sends_no_referrer(page, base_url, referrer_host):
    page.goto(f"{base_url}fr/statements/{SLUG}/")
    with page.expect_navigation():
        page.click(f'a.source-url[href="{referrer_host}report.html"]')
    page.wait_for_selector("#r:not(:empty)")
    assert page.text_content("#r") == "referrer="


def test_headers_file_carries_the_same_policy(tmp_path):
    csp.write_headers(tmp_path)
    text = (tmp_path / "_headers").read_text("utf-8")
    assert text.startswith("/*\n") and f"Content-Security-Policy: {csp.header_policy()}" in text
    assert "Referrer-Policy: no-referrer" in text and "frame-ancestors 'none'" in text
    assert json.dumps(csp.directives())  # a plain structure another build can adapt
