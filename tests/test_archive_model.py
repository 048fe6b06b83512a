"""Issue 15: authors and issuers, type/place/first publication/identifier, an
Arabic original with English and French translations, pages beyond statements,
chrome in the reader's language, and dates never more precise than the content.

One project copy is built (strict) for the module: the seed plus an Arabic
original (`nidaa`) with an English and a French translation, two authors, and an
about page written in English and French only."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import build, copy_project, run, static_host, write

SEED = "stop-the-genocide-in-gaza"
ATOM = "{http://www.w3.org/2005/Atom}"

AUTHORS = """\
popular-committee:
  kind: organisation
  name:
    ar: اللجنة الشعبية لمناهضة الحرب
    en: Popular Committee Against the War
    fr: Comité populaire contre la guerre
  url: https://committee.example.org/
salma-haddad:
  kind: person
  name: Salma Haddad
"""

ARABIC = """\
---
title: نداء من أجل وقف الحرب
date:
  after: '2024-05-02'
  before: '2024-05-20'
  note: يذكر النداء اجتماع الثاني من أيار ولا يحمل تاريخًا.
topics: [lebanon]
summary: نداء إلى النقابات لوقف شحنات السلاح.
language: ar
authors: [popular-committee]
signatories: [salma-haddad, Karim Nassar]
type: appeal
place: بيروت
first_published:
  publisher: صحيفة الشعب
  url: https://paper.example.org/nidaa
  date: 2024-05
identifier: PCAW/2024/1
sources:
  - id: union-report
    title: تقرير النقابات
    publisher: اتحاد النقابات
    date: '2024-05-03'
---

ندعو النقابات إلى وقف شحنات السلاح [@union-report].

## المطالب

وقف الحرب الآن.
"""

EN_BODY = "We call on the unions to stop arms shipments [@union-report].\n\n## Demands\n\nStop the war now.\n"
FR_BODY = "Nous appelons les syndicats à arrêter les livraisons d’armes [@union-report].\n\n## Revendications\n\nArrêtez la guerre maintenant.\n"


def _translate(project: Path, lang: str, title: str, summary: str, body: str, extra: str = "") -> None:
    run(["archive", "translate", "nidaa", lang], project)
    path = project / "docs" / lang / "statements" / "nidaa.md"
    text = path.read_text("utf-8")
    front = text.split("\n---\n", 1)[0]
    front = re.sub(r"(?m)^title: .*$", f"title: {title}", front)
    front = re.sub(r"(?m)^summary: .*$", f"summary: {summary}{extra}", front)
    path.write_text(front + "\n---\n\n" + body, "utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("issue15") / "project")
    write(project / "translations" / "authors.yml", AUTHORS)
    write(project / "docs" / "ar" / "statements" / "nidaa.md", ARABIC)
    _translate(project, "en", "An appeal to stop the war", "An appeal to the unions to stop arms shipments.", EN_BODY)
    _translate(project, "fr", "Appel pour arrêter la guerre", "Un appel aux syndicats pour arrêter les armes.", FR_BODY,
               "\nplace: Beyrouth")  # a translator may translate the place
    write(project / "docs" / "en" / "about.md", "---\ntitle: About the archive\n---\n\n# About the archive\n\nWe keep statements.\n")
    write(project / "docs" / "fr" / "about.md", "---\ntitle: À propos de l’archive\n---\n\n# À propos de l’archive\n\nNous gardons les déclarations.\n")
    # A page only in the last language built: each language's navigation starts from the configured one.
    write(project / "docs" / "he" / "contact.md", "---\ntitle: צור קשר\n---\n\n# צור קשר\n\nכתבו לנו.\n")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - translation-status.md\n" in text
    config.write_text(text.replace("  - translation-status.md\n", "  - translation-status.md\n  - about.md\n  - contact.md\n"),
                      "utf-8")
    return project


@pytest.fixture(scope="module")
def site(project, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("issue15-site")
    build(project, site)  # --strict: the about page missing in es/de/ar/he must not warn
    return site


def page(site: Path, path: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / path / "index.html").read_text("utf-8"))


def json_ld(tree: LexborHTMLParser) -> dict:
    return json.loads(tree.css_first('script[type="application/ld+json"]').text())


def facts(tree: LexborHTMLParser) -> dict[str, str]:
    dl = tree.css_first(".statement-facts")
    return {dt.text(strip=True): dd.text(strip=True) for dt, dd in zip(dl.css("dt"), dl.css("dd"))}


# --- 3. an Arabic original builds, lists and switches like the seed -----------------

def test_arabic_original_and_its_translations_are_built(site):
    original = page(site, "ar/statements/nidaa")
    assert original.css_first("html").attributes["lang"] == "ar"
    assert original.css_first("html").attributes.get("dir") == "rtl"
    assert original.css_first("h1").text(strip=True) == "نداء من أجل وقف الحرب"
    assert page(site, "statements/nidaa").css_first("h1").text(strip=True) == "An appeal to stop the war"
    assert page(site, "fr/statements/nidaa").css_first("h1").text(strip=True) == "Appel pour arrêter la guerre"
    for lang in ("es", "de", "he"):
        assert not (site / lang / "statements" / "nidaa").exists()  # never the Arabic text under /es/


@pytest.mark.parametrize("lang,prefix,title,marked", [
    ("en", "", "An appeal to stop the war", None),
    ("fr", "fr/", "Appel pour arrêter la guerre", None),
    ("ar", "ar/", "نداء من أجل وقف الحرب", None),
    ("es", "es/", "نداء من أجل وقف الحرب", "árabe"),
    ("de", "de/", "نداء من أجل وقف الحرب", "Arabisch"),
    ("he", "he/", "نداء من أجل وقف الحرب", "ערבית"),
])
def test_every_language_lists_the_arabic_original(site, lang, prefix, title, marked):
    for listing in ("", "years/2024/", "topics/lebanon/", "authors/popular-committee/"):
        tree = page(site, prefix + listing)
        entry = next(e for e in tree.css(".archive-entry") if "nidaa" in e.css_first("a").attributes["href"])
        link = entry.css_first(".archive-entry__title")
        assert link.text(strip=True) == title
        if marked:  # untranslated: the original, marked with its language in the reader's words
            assert link.attributes["lang"] == "ar" and link.attributes["dir"] == "rtl"
            assert entry.css_first(".archive-entry__lang").text(strip=True) == marked
            assert link.attributes["href"].endswith("ar/statements/nidaa/")
        else:
            assert entry.css_first(".archive-entry__lang") is None


def test_language_switcher_and_hreflang_of_the_arabic_original(site):
    tree = page(site, "statements/nidaa")
    links = {a.attributes["hreflang"]: a for a in tree.css(".md-select__link")}
    assert links["ar"].attributes["href"] == "../../ar/statements/nidaa/"
    assert links["fr"].attributes["href"] == "../../fr/statements/nidaa/"
    assert "archive-missing" in links["es"].attributes["class"]  # es: its home, marked not translated
    assert links["es"].attributes["href"] == "../../es/"
    hreflang = {l.attributes["hreflang"]: l.attributes["href"] for l in tree.css('link[rel="alternate"][hreflang]')
                if "atom" not in (l.attributes.get("type") or "")}
    assert hreflang["x-default"] == "https://archive.example.org/statements/nidaa/"
    assert hreflang["ar"] == "https://archive.example.org/ar/statements/nidaa/"
    assert "es" not in hreflang


def test_translations_inherit_authors_type_and_identifier(site):
    for path, issued, kind, original in [("ar/statements/nidaa", "اللجنة الشعبية لمناهضة الحرب", "نداء", "العربية"),
                                         ("statements/nidaa", "Popular Committee Against the War", "Appeal", "Arabic"),
                                         ("fr/statements/nidaa", "Comité populaire contre la guerre", "Appel", "arabe")]:
        tree = page(site, path)
        found = facts(tree)
        assert list(found.values())[:1] == [issued]
        assert kind in found.values() and original in found.values()
        assert tree.css_first(".statement-identifier").text(strip=True) == "PCAW/2024/1"
        assert json_ld(tree)["identifier"] == "PCAW/2024/1"


# --- 1. authors ---------------------------------------------------------------

def test_author_pages_in_every_language(site):
    for prefix in ("", "fr/", "es/", "de/", "ar/", "he/"):
        tree = page(site, prefix + "authors/popular-committee")
        assert tree.css(".archive-entry"), prefix
        index = page(site, prefix + "authors")
        assert [a.attributes["href"] for a in index.css(".archive-index a")] == ["popular-committee/", "salma-haddad/"]
    # The name in the page's language where given, else marked with its own language and isolated.
    assert page(site, "fr/authors/popular-committee").css_first("h1").text(strip=True) == "Comité populaire contre la guerre"
    name = page(site, "es/authors").css_first(".archive-index bdi")  # no Spanish form: the default language's
    assert name.attributes["lang"] == "en" and name.text() == "Popular Committee Against the War"
    assert not page(site, "es/authors").css(".archive-index li")[1].css("bdi")  # one name for every language
    heading = page(site, "es/authors/popular-committee").css_first("h1 bdi")  # a foreign name, isolated
    assert heading.attributes["lang"] == "en" and heading.text() == "Popular Committee Against the War"
    # A signatory by id gets the statement on their page too.
    assert page(site, "authors/salma-haddad").css(".archive-entry")


def test_statement_names_authors_signatories_place_first_publication(site):
    tree = page(site, "fr/statements/nidaa")
    author = tree.css_first(".statement-authors a")
    assert author.text(strip=True) == "Comité populaire contre la guerre"
    assert author.attributes["href"] == "../../authors/popular-committee/"
    signatories = tree.css_first(".statement-signatories")
    assert [b.attributes["lang"] for b in signatories.css("bdi")] == ["ar"]  # the plain name, written in the original
    assert signatories.text().strip() == "Salma Haddad et Karim Nassar"  # a list in French (CLDR)
    assert tree.css_first(".statement-place").text(strip=True) == "Beyrouth"  # translated in the French file
    place = page(site, "statements/nidaa").css_first(".statement-place bdi")  # the English one inherits it, marked
    assert place.attributes["lang"] == "ar" and place.attributes["dir"] == "rtl" and place.text() == "بيروت"
    first = tree.css_first(".statement-first-published")
    assert first.css_first("a").attributes["href"] == "https://paper.example.org/nidaa"
    assert first.css_first("time").attributes["datetime"] == "2024-05" and first.css_first("time").text() == "mai 2024"
    filters = [s.text() for s in tree.css('[data-pagefind-filter="author"]')]
    assert filters == ["Comité populaire contre la guerre"]


def test_seed_has_no_author_anywhere(site):
    tree = page(site, f"fr/statements/{SEED}")
    assert facts(tree)["Émis par"] == "émetteur inconnu"
    assert "author" not in json_ld(tree)
    assert not tree.css('[data-pagefind-filter="author"]')
    assert json_ld(tree)["identifier"] == SEED


def test_json_ld_author_organization_and_person(site):
    data = json_ld(page(site, "statements/nidaa"))
    assert data["author"] == [{"@type": "Organization", "name": "Popular Committee Against the War",
                               "url": "https://committee.example.org/", "sameAs": "https://committee.example.org/"}]
    assert data["genre"] == "Appeal"
    assert data["isBasedOn"]["url"] == "https://paper.example.org/nidaa"


def test_feeds_name_authors_and_say_when_the_issuer_is_unknown(site):
    feed = ET.parse(site / "fr" / "feeds" / "atom.xml").getroot()
    entries = {e.find(f"{ATOM}id").text.rsplit("/", 2)[-2]: e for e in feed.findall(f"{ATOM}entry")}
    names = [a.find(f"{ATOM}name").text for a in entries["nidaa"].findall(f"{ATOM}author")]
    assert names == ["Comité populaire contre la guerre"]
    assert entries["nidaa"].find(f"{ATOM}author/{ATOM}uri").text == "https://committee.example.org/"
    assert [a.find(f"{ATOM}name").text for a in entries[SEED].findall(f"{ATOM}author")] == ["émetteur inconnu"]
    assert feed.find(f"{ATOM}title").text.startswith("Archive des déclarations")  # the French site name
    content = entries["nidaa"].find(f"{ATOM}content").text
    assert "entre le 2 mai 2024 et le 20 mai 2024 (date exacte inconnue)" in content
    import feedparser
    parsed = feedparser.parse((site / "fr" / "feeds" / "atom.xml").read_bytes())
    assert not parsed.bozo and {e.author for e in parsed.entries} == {"Comité populaire contre la guerre", "émetteur inconnu"}


def test_unknown_author_type_and_inherited_fields_are_errors(tmp_path):
    project = copy_project(tmp_path / "p")
    write(project / "translations" / "authors.yml", AUTHORS)
    write(project / "docs" / "en" / "statements" / "bad.md",
          "---\ntitle: Bad\ndate: 2024-10-28\ntopics: [gaza]\nsummary: S.\nlanguage: en\n"
          "authors: [popular-committee, nobody]\ntype: pamphlet\nidentifier: ' spaced'\n---\n\nText.\n")
    translation = project / "docs" / "fr" / "statements" / f"{SEED}.md"
    translation.write_text(translation.read_text("utf-8").replace(
        "\ntranslation:", "\nauthors: [popular-committee]\ntranslation:", 1), "utf-8")
    result = run(["archive", "check", "content"], project, check=False)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert re.search(r"docs/en/statements/bad\.md:7: authors\.1: unknown author 'nobody'", out), out
    assert re.search(r"docs/en/statements/bad\.md:8: type: unknown type 'pamphlet'", out), out
    assert re.search(r"docs/en/statements/bad\.md:9: identifier: ", out), out
    assert re.search(rf"docs/fr/statements/{SEED}\.md:\d+: authors: a translation inherits", out), out
    assert "Traceback" not in out


def test_bad_authors_file_and_duplicate_identifiers_are_reported_at_their_line(tmp_path):
    project = copy_project(tmp_path / "p")
    write(project / "translations" / "authors.yml",
          "good:\n  kind: person\n  name: A B\nbad-kind:\n  kind: band\n  name: X\n"
          "bad-url:\n  kind: organisation\n  name: {en: Y, xx: Z}\n  url: ftp://y\n")
    for slug in ("one", "two"):
        write(project / "docs" / "en" / "statements" / f"{slug}.md",
              "---\ntitle: T\ndate: 2024-10-28\ntopics: [gaza]\nsummary: S.\nlanguage: en\n"
              "identifier: A/RES/1\n---\n\nText.\n")
    result = run(["archive", "check", "content"], project, check=False)
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert re.search(r"translations/authors\.yml:5: bad-kind\.kind: must be one of organisation, person", out), out
    assert re.search(r"translations/authors\.yml:9: bad-url\.name: 'xx' is not a configured language", out), out
    assert re.search(r"docs/en/statements/two\.md:7: identifier: 'A/RES/1' is already the identifier of "
                     r"docs/en/statements/one\.md", out), out
    assert "Traceback" not in out


# --- 2. identifier, type, corrections -------------------------------------------

def test_identifier_defaults_to_the_slug_and_is_shared(site):
    for prefix in ("", "fr/", "ar/"):
        tree = page(site, f"{prefix}statements/{SEED}")
        assert tree.css_first(".statement-identifier").text(strip=True) == SEED
        assert json_ld(tree)["identifier"] == SEED


# --- 4. pages beyond statements -------------------------------------------------

def test_about_page_in_two_languages_and_left_out_elsewhere(site):
    en, fr = page(site, "about"), page(site, "fr/about")
    assert "We keep statements." in en.css_first("article").text()
    assert "Nous gardons les déclarations." in fr.css_first("article").text()
    nav = lambda tree: [a.text(strip=True) for a in tree.css(".md-nav--primary a.md-nav__link")]
    assert "About the archive" in nav(page(site, ""))
    assert "À propos de l’archive" in nav(page(site, "fr/"))
    for lang in ("es", "de", "ar", "he"):
        assert not (site / lang / "about").exists()
        home = (site / lang / "index.html").read_text("utf-8")
        assert "About the archive" not in home and "about/" not in home
    assert "צור קשר" in nav(page(site, "he/")) and (site / "he" / "contact" / "index.html").exists()
    for prefix in ("", "fr/", "es/", "ar/"):
        assert "contact/" not in (site / prefix / "index.html").read_text("utf-8")
    links = {a.attributes["hreflang"]: a.attributes["href"] for a in en.css(".md-select__link")}
    assert links["fr"] == "../fr/about/" and links["es"] == "../es/"
    hreflang = {l.attributes["hreflang"] for l in en.css('link[rel="alternate"][hreflang]')
                if "atom" not in (l.attributes.get("type") or "")}
    assert hreflang == {"en", "fr", "x-default"}
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://archive.example.org/about/</loc>" in sitemap
    assert "<loc>https://archive.example.org/fr/about/</loc>" in sitemap and "es/about/" not in sitemap


def test_no_broken_link_in_the_built_site(project, site):
    result = run(["archive", "check", "links", "--offline", "--site", str(site)], project, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# --- 5. chrome in the reader's language -----------------------------------------

def test_language_names_in_the_page_language(site):
    fr = page(site, f"fr/statements/{SEED}")
    assert facts(fr)["Langue originale"] == "anglais"
    assert [li.text(strip=True) for li in fr.css(".statement-languages li")][:2] == ["anglais", "français"]
    ar = page(site, f"ar/statements/{SEED}")
    assert facts(ar)["اللغة الأصلية"] == "الإنجليزية"
    notice = ar.css_first(".archive-notice a").text(strip=True)
    assert "الإنجليزية" in notice and "English" not in notice


def test_status_page_translated_titles_and_babel_dates(site):
    status = page(site, "fr/translation-status")
    items = {li.css_first("a").attributes["href"]: li for li in status.css(".archive-status-list li")}
    draft = items["../statements/nidaa/"]
    assert draft.css_first("a").text(strip=True) == "Appel pour arrêter la guerre"
    assert "entre le 2 mai 2024 et le 20 mai 2024" in draft.text()
    assert draft.css_first("time").attributes["datetime"] == "2024-05"
    assert "2024-10-26" not in status.css_first(".archive-status-list").text()
    es = page(site, "es/translation-status")
    missing = next(li for li in es.css(".archive-status-list li") if "nidaa" in li.css_first("a").attributes["href"])
    title = missing.css_first("bdi")
    assert title.attributes["lang"] == "ar" and title.text() == "نداء من أجل وقف الحرب"
    rows = [tr.css_first("td").text(strip=True) for tr in es.css("tbody tr")]
    assert rows[:2] == ["inglés", "francés"]


def test_source_dates_in_words_and_source_text_marked(site):
    fr = page(site, "fr/statements/nidaa")
    source = fr.css_first("#source-union-report")
    assert source.css_first("time").text() == "3 mai 2024"
    assert {b.attributes["lang"] for b in source.css("bdi")} == {"ar"}


def test_site_name_and_description_per_language(site):
    fr = page(site, "fr/")
    assert fr.css_first(".md-header__topic .md-ellipsis").text(strip=True) == "Archive des déclarations"
    assert fr.css_first('meta[name="description"]').attributes["content"].startswith("Une archive multilingue")
    assert page(site, "").css_first(".md-header__topic .md-ellipsis").text(strip=True) == "Statements Archive"


def test_date_note_of_another_language_is_isolated(site):
    note = page(site, f"ar/statements/{SEED}").css_first(".statement-date-note bdi")
    assert note.attributes["lang"] == "en" and note.attributes["dir"] == "ltr"


# --- 6. dates never more precise than the content --------------------------------

def test_unknown_day_gets_no_exact_day_in_metadata(site):
    seed = page(site, f"statements/{SEED}")
    data = json_ld(seed)
    assert "datePublished" not in data and "dateModified" not in data  # after 2024-10-26, no upper bound
    props = [m.attributes["property"] for m in seed.css("meta[property]")]
    assert "article:published_time" not in props and "article:modified_time" not in props
    assert seed.css_first(".statement-meta time") is None  # no <time datetime="2024-10-26">
    nidaa = json_ld(page(site, "statements/nidaa"))
    assert nidaa["datePublished"] == "2024-05"  # both bounds in May 2024
    feed = ET.parse(site / "feeds" / "atom.xml").getroot()
    for entry in feed.findall(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}published") is None  # neither day is known
        assert entry.find(f"{ATOM}updated").text in ("2024-10-26T00:00:00Z", "2024-05-02T00:00:00Z")
        assert "(date exacte inconnue)" not in ET.tostring(entry, encoding="unicode")  # English feed: English words
    assert "exact date unknown" in feed.find(f"{ATOM}entry/{ATOM}content").text
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<lastmod>" not in sitemap


def test_exact_day_and_corrections_are_kept(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    write(project / "docs" / "en" / "statements" / "exact.md",
          "---\ntitle: Exact\ndate: 2024-10-28\ntopics: [gaza]\nsummary: S.\nlanguage: en\n"
          "corrections:\n  - {date: 2024-11-02, text: Fixed a figure.}\n---\n\nText.\n")
    site = tmp_path / "site"
    build(project, site)
    tree = page(site, "statements/exact")
    data = json_ld(tree)
    assert data["datePublished"] == "2024-10-28" and data["dateModified"] == "2024-11-02"
    props = {m.attributes["property"]: m.attributes["content"] for m in tree.css("meta[property]")}
    assert props["article:published_time"] == "2024-10-28"
    correction = tree.css_first(".statement-corrections li")
    assert correction.css_first("time").attributes["datetime"] == "2024-11-02"
    assert correction.css_first("time").text() == "November 2, 2024"
    feed = (site / "feeds" / "atom.xml").read_text("utf-8")
    assert "<published>2024-10-28T00:00:00Z</published>" in feed and "<updated>2024-11-02T00:00:00Z</updated>" in feed
    assert "<lastmod>2024-11-02</lastmod>" in (site / "sitemap.xml").read_text("utf-8")


# --- 7. what a reader sees: punctuation of a Latin note in Arabic text --------------

@pytest.mark.browser
def test_latin_date_note_keeps_its_final_full_stop_in_arabic_page(site, tmp_path, browser):
    with static_host(site) as base:
        tab = browser.new_page(viewport={"width": 900, "height": 900})
        tab.goto(base + f"ar/statements/{SEED}/")
        note = tab.locator(".statement-date-note")
        note.scroll_into_view_if_needed()
        note.screenshot(path=str(tmp_path / "issue15-ar-date-note.png"))  # to look at when it fails
        # Where the last two characters ("n." of "known.") are drawn: the full stop must
        # be right of the "n" (the end of the English sentence), not thrown to the left.
        boxes = tab.evaluate("""() => {
            const bdi = document.querySelector('.statement-date-note bdi');
            const text = bdi.firstChild, n = text.data.length;
            const box = (start, end) => { const r = document.createRange(); r.setStart(text, start);
              r.setEnd(text, end); const b = r.getBoundingClientRect(); return [b.left, b.right, b.top]; };
            const para = document.querySelector('.statement-date-note').getBoundingClientRect();
            return {stop: box(n - 1, n), letter: box(n - 2, n - 1), text: text.data.slice(-8), para: [para.left, para.right]};
        }""")
        tab.close()
    assert boxes["text"].endswith("known.")
    stop, letter = boxes["stop"], boxes["letter"]
    assert abs(stop[2] - letter[2]) < 2, boxes  # same line
    assert stop[0] >= letter[1] - 0.5, boxes  # the full stop follows the word, on its right


@pytest.mark.browser
def test_search_offers_an_author_filter_in_the_reader_language(site, browser):
    with static_host(site) as base:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(base + "fr/")
        tab.keyboard.press("/")
        tab.wait_for_selector(".archive-search__input", timeout=15_000)
        tab.keyboard.type("syndicats", delay=30)
        tab.wait_for_selector(".archive-search__result-link", timeout=15_000)
        block = tab.locator("details.archive-search__filter[data-filter=author]")
        block.locator("summary").click()
        name = block.locator(".archive-search__filter-name").inner_text().strip()
        value = block.locator(".archive-search__filter-value").first.inner_text()
        tab.close()
    assert name == "Auteur"
    assert value.startswith("Comité populaire contre la guerre")
