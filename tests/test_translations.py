"""Translations: status, diff, scaffold, notices, switcher, hreflang, catalogs."""
from __future__ import annotations

import json
import subprocess

import pytest
from conftest import REPO, build, copy_project, run, write
from selectolax.lexbor import LexborHTMLParser
from test_citations import ORIGINAL, TRANSLATION, revision_of

SITE_URL = "https://archive.example.org/"


def translation(revision: str, status: str = "reviewed") -> str:
    return TRANSLATION.format(revision=revision).replace("status: reviewed", f"status: {status}")


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """fr current, es outdated, ar draft, de and he missing."""
    project = copy_project(tmp_path_factory.mktemp("tr") / "p", with_statements=False)
    write(project / "docs/en/statements/cited.md", ORIGINAL)
    current = revision_of(project, ORIGINAL)
    write(project / "docs/fr/statements/cited.md", translation(current))
    write(project / "docs/es/statements/cited.md", translation("0123456789ab"))
    write(project / "docs/ar/statements/cited.md", translation(current, "draft"))
    return project


@pytest.fixture(scope="module")
def states_site(states, tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    build(states, site)
    return site


def html(site, path):
    return LexborHTMLParser((site / path / "index.html").read_text("utf-8"))


def test_status_per_language(states):
    data = json.loads(run(["archive", "translations", "--format", "json"], states).stdout)
    status = {lang: next(s for s, items in by.items() if items) for lang, by in data.items() if lang != "en"}
    assert status == {"fr": "current", "es": "outdated", "ar": "draft", "de": "missing", "he": "missing"}
    text = run(["archive", "translations", "--lang", "es"], states).stdout
    assert "== es ==  missing: 0  outdated: 1  draft: 0  current: 0" in text
    assert "outdated  docs/es/statements/cited.md" in text


def test_scaffold_creates_translation_and_refuses_to_overwrite(states):
    target = states / "docs/de/statements/cited.md"
    result = run(["archive", "translate", "cited", "de"], states)
    assert "wrote docs/de/statements/cited.md" in result.stdout
    try:
        text = target.read_text("utf-8")
        assert f"revision: {revision_of(states, ORIGINAL)}" in text and "status: draft" in text
        assert "topics:\n- gaza" in text and "sources:" not in text
        assert "First claim [@beta] and a second [@alpha, p. 4]." in text
        assert run(["archive", "check", "citations", str(target)], states).returncode == 0
        again = run(["archive", "translate", "cited", "de"], states, check=False)
        assert again.returncode == 1 and "already exists" in again.stderr
        assert target.read_text("utf-8") == text
    finally:
        target.unlink()
    wrong = run(["archive", "translate", "cite", "de"], states, check=False)
    assert wrong.returncode == 2 and "did you mean cited" in wrong.stderr


def test_diff_shows_changed_paragraphs_since_recorded_revision(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    git = lambda *a: subprocess.run(["git", *a], cwd=project, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "root")
    original = write(project / "docs/en/statements/cited.md", ORIGINAL)
    write(project / "docs/fr/statements/cited.md", translation(revision_of(project, ORIGINAL)))
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "v1")
    original.write_text(ORIGINAL.replace("and a second [@alpha, p. 4].", "and a revised second [@alpha, p. 5].")
                        + "\nA new closing paragraph.\n", encoding="utf-8")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "v2")
    out = run(["archive", "translations", "diff", "docs/fr/statements/cited.md"], project).stdout
    assert "changed docs/en/statements/cited.md:22" in out
    # A word diff, as `git diff --word-diff` writes one: only the changed words are marked.
    assert "  First claim [@beta] and a {+revised+} second [@alpha, p. [-4].-] {+5].+}\n" in out
    assert "added docs/en/statements/cited.md:" in out and "+ A new closing paragraph." in out
    assert "set translation.revision to" in out
    status = json.loads(run(["archive", "translations", "--lang", "fr", "--format", "json"], project).stdout)
    assert status["fr"]["outdated"][0]["slug"] == "cited"


def test_notices_for_outdated_and_draft(states_site):
    es = html(states_site, "es/statements/cited")
    notice = es.css_first(".archive-notice--outdated")
    assert notice is not None and notice.css_first("a").attributes["href"] == "../../../statements/cited/"
    assert html(states_site, "ar/statements/cited").css_first(".archive-notice--draft") is not None
    assert html(states_site, "fr/statements/cited").css_first(".archive-notice") is None


def test_missing_translation_is_never_rendered_as_that_language(states_site):
    assert not (states_site / "de/statements/cited").exists()
    entry = html(states_site, "de").css_first(".archive-entry__title")
    assert entry.attributes["href"] == "../statements/cited/" and entry.attributes["lang"] == "en"
    assert html(states_site, "de").css_first(".archive-entry .archive-entry__lang").text().strip() == "Englisch"


def test_language_switcher_targets(states_site):
    page = html(states_site, "fr/statements/cited")
    links = {a.attributes["hreflang"]: a.attributes["href"] for a in page.css(".md-select__link")}
    assert links["en"] == "../../../statements/cited/"
    assert links["es"] == "../../../es/statements/cited/"
    assert links["de"] == "../../../de/"  # not translated: that language's home, never English under /de/


def test_hreflang_alternates_are_absolute_with_x_default(states_site):
    page = html(states_site, "fr/statements/cited")
    alternates = {l.attributes["hreflang"]: l.attributes["href"] for l in page.css('link[rel="alternate"][hreflang]')
                  if "type" not in l.attributes}
    assert alternates == {
        "en": f"{SITE_URL}statements/cited/", "fr": f"{SITE_URL}fr/statements/cited/",
        "es": f"{SITE_URL}es/statements/cited/", "ar": f"{SITE_URL}ar/statements/cited/",
        "x-default": f"{SITE_URL}statements/cited/"}


def test_lang_and_dir_per_page(states_site):
    for prefix, lang, direction in (("", "en", "ltr"), ("ar/", "ar", "rtl"), ("fr/", "fr", "ltr")):
        root = html(states_site, f"{prefix}statements/cited").css_first("html")
        assert (root.attributes["lang"], root.attributes["dir"]) == (lang, direction)


def test_status_page_lists_what_to_translate(states_site):
    page = html(states_site, "de/translation-status")
    missing = page.css_first("#status-missing + ul")
    assert "archive translate cited de" in missing.text()


def test_interface_catalogs_are_complete_and_up_to_date(tmp_path):
    result = run(["archive", "i18n", "check"], REPO, check=False)
    assert result.returncode == 0, result.stdout
    from babel.messages.frontend import CommandLineInterface
    from babel.messages.pofile import read_po
    pot = tmp_path / "fresh.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(REPO / "babel.cfg"), "-o", str(pot), str(REPO)])
    fresh = {m.id for m in read_po(pot.open("rb")) if m.id}
    shipped = {m.id for m in read_po((REPO / "translations/messages.pot").open("rb")) if m.id}
    assert fresh <= shipped, f"run `archive i18n extract && archive i18n update`: new strings {fresh - shipped}"
