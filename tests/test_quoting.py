"""Quoting and reviewing (issue 17), on the built site and the command line:
the text around citation markers, paragraph permalinks across languages, the
side-by-side pages, review sign-off, and "cite this statement"."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, STATEMENT, build, copy_project, run, write
from statements_archive.markdown.citations import GROUP, parse_group

SEED = Path("/work/shared/seed/000_0b402f14cb2fe78c.txt")
if not SEED.exists():
    SEED = REPO / "tests" / "fixtures" / "seed.txt"
SLUG = "stop-the-genocide-in-gaza"
LANGS = ["en", "fr", "es", "de", "ar", "he"]
MARKER = re.compile(r"(?:[ \t]*\n)?[ \t]*" + GROUP.pattern)


def page(site: Path, lang: str, path: str = f"statements/{SLUG}/") -> LexborHTMLParser:
    prefix = "" if lang == "en" else f"{lang}/"
    return LexborHTMLParser((site / prefix / path / "index.html").read_text(encoding="utf-8"))


def rendered_blocks(tree: LexborHTMLParser) -> list[str]:
    """Text of each numbered block, without citation marks and permalinks."""
    for junk in tree.css(".statement sup.citation, .statement .block-link, .statement .headerlink, "
                         ".statement .block-anchor"):
        junk.decompose()
    return [node.text(deep=True) for node in tree.css(".statement [data-block]")]


def without_markers(text: str) -> str:
    return MARKER.sub(lambda m: "" if parse_group(m["body"]) else m.group(0), text)


def markdown_blocks(path: Path) -> list[str]:
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return [re.sub(r"^#{1,6} ", "", b.strip(" \t\n")) for b in body.split("\n\n") if b.strip()]


# --- 1. the text around markers -----------------------------------------------------------

def test_seed_text_is_the_rendered_text_block_by_block(built_site):
    seed = [b.strip(" \t\n") for b in SEED.read_text(encoding="utf-8").split("\n\n") if b.strip()][1:]  # title apart
    rendered = rendered_blocks(page(built_site, "en"))
    assert len(rendered) == len(seed) == 39
    differing = [(n + 1, r, s) for n, (r, s) in enumerate(zip(rendered, seed)) if r != s]
    assert differing == []


def test_marker_follows_the_preceding_character(built_site):
    html = (built_site / "statements" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "genocide”<sup class=\"citation\">" in html
    assert not re.search(r"\s<sup class=\"citation\">", html)


@pytest.mark.parametrize("lang", LANGS[1:])
def test_translation_text_is_its_markdown_without_markers(built_site, lang):
    source = [without_markers(b) for b in markdown_blocks(REPO / "docs" / lang / "statements" / f"{SLUG}.md")]
    rendered = rendered_blocks(page(built_site, lang))
    assert rendered == source


# --- 2. paragraph permalinks --------------------------------------------------------------

def block_ids(tree) -> list[str]:
    return [n.attributes["id"] for n in tree.css(".statement [id^='p-']")]


def test_block_anchors_are_the_same_in_every_language(built_site):
    ids = {lang: block_ids(page(built_site, lang)) for lang in LANGS}
    assert ids["en"] == [f"p-{n}" for n in range(1, 40)]
    for lang in LANGS[1:]:
        assert ids[lang] == ids["en"], lang
    # A heading keeps its own slug and carries p-N at its start.
    heading = page(built_site, "ar").css_first("h2[data-block='2']")
    assert heading.css_first("span.block-anchor").attributes["id"] == "p-2" and heading.attributes["id"]


@pytest.mark.parametrize("lang,label", [("en", "Link to paragraph 3"), ("fr", "Lien vers le paragraphe 3"),
                                        ("ar", "رابط إلى الفقرة 3")])
def test_permalink_is_labelled_once_in_the_page_language(built_site, lang, label):
    link = page(built_site, lang).css_first("#p-3 > a.block-link")
    assert link.attributes["href"] == "#p-3"
    assert link.attributes["aria-label"] == label
    assert "data-pagefind-ignore" in link.attributes
    glyph = link.css_first("span")
    assert glyph.text() == "¶" and glyph.attributes["aria-hidden"] == "true"


def test_switcher_script_is_a_file_not_inline(built_site):
    tree = page(built_site, "fr")
    sources = [s.attributes.get("src") for s in tree.css("script")]
    assert any(s and s.endswith("assets/archive/permalinks.js") for s in sources)
    assert (built_site / "assets" / "archive" / "permalinks.js").is_file()
    inline = [s.text() for s in tree.css("script:not([src])") if s.attributes.get("type") != "application/ld+json"]
    assert not any("data-block" in text for text in inline)


# --- 3. side by side --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS[1:])
def test_side_by_side_page_aligns_every_block(built_site, lang):
    tree = page(built_site, lang, f"statements/{SLUG}/compare/")
    rows = tree.css(".archive-compare__row")
    assert [r.attributes["id"] for r in rows] == [f"p-{n}" for n in range(1, 40)]
    for row in rows:
        original = row.css_first(".archive-compare__original")
        translation = row.css_first(".archive-compare__translation")
        assert original.attributes["lang"] == "en" and translation.attributes["lang"] == lang
        assert len(original.css("sup.citation")) == len(translation.css("sup.citation"))
    row3 = rows[2]
    assert row3.css(".archive-compare__original sup.citation a") and row3.css(".archive-compare__translation sup.citation a")
    if lang in ("ar", "he"):
        assert rows[0].css_first(".archive-compare__translation").attributes["dir"] == "rtl"
    ids = [n.attributes["id"] for n in tree.css("[id]")]
    assert len(ids) == len(set(ids)), "two texts on one page must not repeat ids"
    assert tree.css_first('meta[name="robots"]').attributes["content"] == "noindex"
    assert tree.css_first("[data-pagefind-body]") is None


def test_side_by_side_is_linked_from_the_notice_and_the_status_page(built_site):
    notice = page(built_site, "fr").css_first(".archive-notice a[href='compare/']")
    assert notice is not None
    status = page(built_site, "fr", "translation-status/")
    assert any(a.attributes["href"].endswith(f"statements/{SLUG}/compare/") for a in status.css("a[href]"))


# --- 5. cite this statement -------------------------------------------------------------------

def test_cite_block_and_downloads(built_site):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    import bibtexparser

    for lang in ("en", "fr", "ar"):
        tree = page(built_site, lang)
        block = tree.css_first("section.archive-cite")
        assert block.attributes["data-pagefind-ignore"] == "all"
        folder = built_site / ("" if lang == "en" else lang) / "statements" / SLUG
        for link in block.css(".archive-cite__files a"):
            assert (folder / link.attributes["href"]).is_file(), link.attributes["href"]
        items = json.loads((folder / "cite.json").read_text(encoding="utf-8"))
        assert items[0]["language"] == lang and "author" not in items[0] and "issued" not in items[0]
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        bibliography.register(Citation([CitationItem(items[0]["id"])]))
        assert items[0]["title"] in str(bibliography.bibliography()[0])
        library = bibtexparser.parse_string((folder / "cite.bib").read_text(encoding="utf-8"))
        assert not library.failed_blocks and len(library.entries) == 1
        entry = library.entries[0]
        assert entry.entry_type == "misc" and "author" not in entry.fields_dict and "year" not in entry.fields_dict
        tags = [line.split("  - ", 1) for line in (folder / "cite.ris").read_text(encoding="utf-8").splitlines()]
        assert tags[0] == ["TY", "ELEC"] and tags[-1][0] == "ER"
        assert dict(t for t in tags if len(t) == 2)["LA"] == lang
        assert not [t for t in tags if t[0] in ("AU", "PY", "DA")], "unknown author and day stay unknown"
    fr = page(built_site, "fr")
    formatted = fr.css_first(".archive-cite__reference").text()
    assert "Sans date" in formatted and "Anonym" not in formatted


def test_highwire_tags_without_invented_facts(built_site):
    tree = page(built_site, "fr")
    meta = [(m.attributes["name"], m.attributes["content"]) for m in tree.css("meta[name^='citation_']")]
    names = [n for n, _ in meta]
    assert dict(meta)["citation_language"] == "fr"
    assert dict(meta)["citation_public_url"] == f"https://archive.example.org/fr/statements/{SLUG}/"
    assert dict(meta)["citation_archive_id"] == SLUG
    assert "citation_publication_date" not in names  # only "on or after 26 October 2024" is known
    assert "citation_author" not in names  # the seed names no issuer


# --- 4 and the rest, on a project of our own: review, outdated diff, dates ---------------------

def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=project,
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """A project where fr is reviewed, de has a named translator, with a dated statement; built."""
    project = copy_project(tmp_path_factory.mktemp("quoting") / "project")
    write(project / "docs" / "en" / "statements" / "dated.md",
          STATEMENT.replace("language: en\n", "language: en\nauthors: [test-union, ana-lima]\nidentifier: TU/2024/7\n"))
    authors = project / "translations" / "authors.yml"
    authors.write_text(authors.read_text(encoding="utf-8") + (
        "test-union:\n  kind: organisation\n  name: {en: Test Union & Co, fr: Union d’essai}\n"
        "ana-lima:\n  kind: person\n  name: Ana Lima\n"), encoding="utf-8")
    de = project / "docs" / "de" / "statements" / f"{SLUG}.md"
    de.write_text(de.read_text(encoding="utf-8").replace("translators: []", "translators: [Jana Beispiel]"),
                  encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "start")
    fr = project / "docs" / "fr" / "statements" / f"{SLUG}.md"
    before = fr.read_bytes()
    result = run(["archive", "review", str(fr), "--reviewer", "Ana Lima"], project)
    site = project.parent / "site"
    build(project, site)
    return project, site, before, result


def test_review_records_reviewer_and_revision_changing_nothing_else(reviewed):
    project, _site, before, result = reviewed
    after = (project / "docs" / "fr" / "statements" / f"{SLUG}.md").read_bytes()
    assert "status: reviewed" in result.stdout
    old, new = before.decode().split("\n"), after.decode().split("\n")
    assert old[:6] == new[:6] and old[7:] == new[9:]
    assert old[6] == "  status: draft"
    assert new[6:9][0] == "  status: reviewed" and new[7] == "  reviewers: [Ana Lima]"
    assert re.fullmatch(r"  reviewed_revision: [0-9a-f]{12}", new[8])
    status = run(["archive", "translations", "--lang", "fr", "--format", "json"], project).stdout
    assert [e["path"] for e in json.loads(status)["fr"]["current"]] == [f"docs/fr/statements/{SLUG}.md"]


def test_reviewed_page_credits_reviewer_and_drops_draft_notice(reviewed):
    _project, site, _before, _result = reviewed
    tree = page(site, "fr")
    facts = {dt.text(): dd.text() for dt, dd in zip(tree.css(".statement-facts dt"), tree.css(".statement-facts dd"))}
    assert facts.get("Relu par") == "Ana Lima"
    assert tree.css_first(".archive-notice") is None
    de = page(site, "de")
    assert "Jana Beispiel" in de.css_first(".statement-facts").text()


def test_translator_cannot_review_own_translation(reviewed):
    project, *_ = reviewed
    de = project / "docs" / "de" / "statements" / f"{SLUG}.md"
    before = de.read_bytes()
    result = run(["archive", "review", str(de), "--reviewer", " jana beispiel "], project, check=False)
    assert result.returncode == 1
    assert "is a translator of this file" in result.stderr and "Traceback" not in result.stderr
    assert de.read_bytes() == before


def test_known_day_authors_and_identifier_reach_every_format(reviewed):
    import bibtexparser

    _project, site, *_ = reviewed
    tree = page(site, "en", "statements/dated/")
    meta = [(m.attributes["name"], m.attributes["content"]) for m in tree.css("meta[name^='citation_']")]
    assert dict(meta)["citation_publication_date"] == "2024/10/28"
    assert [c for n, c in meta if n == "citation_author"] == ["Test Union & Co", "Ana Lima"]
    assert dict(meta)["citation_archive_id"] == "TU/2024/7"
    folder = site / "statements" / "dated"
    item = json.loads((folder / "cite.json").read_text())[0]
    assert item["issued"] == {"date-parts": [[2024, 10, 28]]}
    assert item["author"] == [{"literal": "Test Union & Co"}, {"literal": "Ana Lima"}]
    assert item["archive_location"] == "TU/2024/7"
    ris = (folder / "cite.ris").read_bytes().decode("utf-8")  # RIS lines end in CRLF
    assert "DA  - 2024/10/28/" in ris and "AU  - Test Union & Co\r\nAU  - Ana Lima\r\n" in ris and "AN  - TU/2024/7" in ris
    entry = bibtexparser.parse_string((folder / "cite.bib").read_text()).entries[0]
    assert entry.fields_dict["author"].value == "{Test Union \\& Co} and {Ana Lima}"
    reference = tree.css_first(".archive-cite__reference")
    assert "Test Union & Co and Ana Lima" in reference.text() and "28 October 2024" in reference.text()
    assert "<" not in reference.text()


@pytest.fixture(scope="module")
def outdated(reviewed, tmp_path_factory):
    """The same project after a sentence of the original's third block changed."""
    project, *_ = reviewed
    en = project / "docs" / "en" / "statements" / f"{SLUG}.md"
    text = en.read_text(encoding="utf-8")
    assert "a very drastic undercount" in text
    en.write_text(text.replace("a very drastic undercount", "a drastic and growing undercount"), encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "edit")
    site = project.parent / "site-outdated"
    build(project, site)
    return project, site


def test_review_of_outdated_translation_is_refused(outdated):
    project, _site = outdated
    es = project / "docs" / "es" / "statements" / f"{SLUG}.md"
    result = run(["archive", "review", str(es), "--reviewer", "Ana Lima"], project, check=False)
    assert result.returncode == 1
    assert "outdated" in result.stderr and "archive translations diff" in result.stderr
    assert "Traceback" not in result.stderr


def test_outdated_side_by_side_marks_changed_block_with_word_diff(outdated):
    _project, site = outdated
    tree = page(site, "fr", f"statements/{SLUG}/compare/")
    changed = tree.css(".archive-compare__row--changed")
    assert [row.attributes["id"] for row in changed] == ["p-3"]
    diff = changed[0].css_first(".archive-compare__diff")
    assert [d.text() for d in diff.css("del")] == ["very"]
    assert [i.text() for i in diff.css("ins")] == ["and growing"]
    assert "a very drastic and growing undercount" in diff.text()
    notice = page(site, "fr").css_first(".archive-notice--outdated a[href='compare/']")
    assert notice is not None


def test_review_of_an_original_is_a_usage_error(reviewed):
    project, *_ = reviewed
    en = project / "docs" / "en" / "statements" / "dated.md"
    result = run(["archive", "review", str(en), "--reviewer", "Ana Lima"], project, check=False)
    assert result.returncode == 2 and "is not a translation" in result.stderr
