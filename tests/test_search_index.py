"""The Pagefind index written after the build: one per language, statements only,
with topic and year filters, a date to show and to sort by."""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from statements_archive.content import catalog as catalog_mod  # noqa: E402

from statements_archive.site import search  # noqa: E402

from statements_archive.site import search_bundle  # noqa: E402

from statements_archive import config as site_config  # noqa: E402

pytestmark = pytest.mark.slow


def fragments(site: Path) -> list[dict]:
    """Every indexed page as Pagefind stores it (gzip, a signature, then JSON)."""
    out = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        out.append({"lang": path.name.split("_")[0], **json.loads(data[len(b"pagefind_dcd"):])})
    return out


@pytest.fixture(scope="module")
def catalog():
    return catalog_mod.load(site_config.load(ROOT))


def expected_counts(catalog) -> dict[str, int]:
    """Statement pages per language: originals plus the translations in docs/."""
    counts = {code: len(catalog.statements(code)) for code in catalog.config.codes}
    # catalog.statements(lang) also lists nothing else: a language without its
    # own text gets no page (fallback_to_default is off).
    return {code: n for code, n in counts.items() if n}


def test_one_index_per_language_with_statement_pages_only(built_site, catalog):
    counts = search.languages(built_site)
    assert counts == expected_counts(catalog)
    for page in fragments(built_site):
        prefix = catalog.config.language(page["lang"]).prefix
        assert page["url"].startswith(f"/{prefix}statements/"), page["url"]  # no home, years or topics pages


def test_filters_meta_and_sort(built_site, catalog):
    pages = fragments(built_site)
    assert pages
    for page in pages:
        slug = page["url"].rstrip("/").rsplit("/", 1)[-1]
        statement = catalog.get(page["lang"], slug)
        assert page["filters"]["year"] == [str(statement.date.earliest.year)]
        labels = [catalog.taxonomy.label(t, page["lang"]) for t in statement.topics]
        assert sorted(page["filters"]["topic"]) == sorted(labels)
        assert page["meta"]["title"] == statement.title
        assert page["meta"]["date"]
    # Each language's metadata names its filters and its sort.
    metas = sorted((built_site / "pagefind").glob("pagefind.*.pf_meta"))
    assert len(metas) == len(search.languages(built_site))
    for path in metas:
        meta = gzip.decompress(path.read_bytes())
        assert b"topic" in meta and b"year" in meta and b"date" in meta, path.name


def test_only_the_statement_text_is_indexed(built_site, catalog):
    for page in fragments(built_site):
        content = page["content"]
        assert content.startswith(page["meta"]["title"])
        assert "min read" not in content and "Statements Archive" not in content
        assert "↩" not in content  # the sources list and its back links are not the statement


def test_a_result_carries_the_text_once(built_site):
    """Every block of a statement has an id (`p-N`); Pagefind would keep each such block's text
    again among the fragment's anchors, doubling what a reader downloads per result. The
    headings stay anchors (Pagefind's links to a part of a page), and the text stays whole."""
    pages = fragments(built_site)
    assert pages
    for page in pages:
        assert page["anchors"], page["url"]
        assert {anchor["element"] for anchor in page["anchors"]} <= {"h1", "h2", "h3", "h4", "h5", "h6"}, page["url"]
        html = (built_site / page["url"].strip("/") / "index.html").read_text("utf-8")
        assert 'id="p-1"' in html  # the page itself keeps its paragraph ids
        words = sum(len(anchor["text"].split()) for anchor in page["anchors"])
        assert words < page["word_count"] / 4, page["url"]


def test_the_indexed_page_keeps_what_pagefind_reads():
    """What Pagefind is given of a page: the header before the indexed body goes (it is not
    indexed), the <body> tag and the marked element stay whole, ids stay on headings only."""
    html = (b'<html lang="en"><head><title>T</title></head><body class="b"><header id="top">Site</header>'
            b'<article class="md" data-pagefind-body><h1 id="t">Title</h1><p id="p-1">One</p>'
            b'<span class="block-anchor" id="p-2"></span><h2 id="s">Part</h2><div data-id="x" id="p-3">Two</div>'
            b'</article></body></html>')
    assert search._indexed(html) == (
        b'<html lang="en"><head><title>T</title></head><body class="b">'
        b'<article class="md" data-pagefind-body><h1 id="t">Title</h1><p>One</p>'
        b'<span class="block-anchor"></span><h2 id="s">Part</h2><div data-id="x">Two</div>'
        b'</article></body></html>')
    # An id="..." in the text is text: it stays.
    text = html.replace(b"<p id=\"p-1\">One", b'<p id="p-1">Write id="p-1" here')
    assert b'<p>Write id="p-1" here' in search._indexed(text)
    # Pagefind attributes before the body (a filter in the header) keep the header.
    kept = html.replace(b'<header id="top">', b'<header data-pagefind-filter="x">')
    assert b"<header data-pagefind-filter" in search._indexed(kept)


def _french_pages_as_given(site: Path) -> Path:
    """A folder of the French statement pages as the build gives them to Pagefind."""
    return search._write_pages(search._indexed_pages(site, sorted(site.glob(search.glob("fr/")))))


def test_pagefind_writes_the_same_index_without_the_header(built_site, tmp_path, monkeypatch):
    """Pagefind is given the pages without the part before the indexed body: it writes
    byte for byte the bundle it writes from the pages as they are (ids kept, to compare)."""
    import filecmp
    import re
    import subprocess

    def bundle(site: Path, name: str) -> Path:
        output = tmp_path / name
        subprocess.run(search.command(site, "fr/", output), check=True)
        search_bundle.sort_bundle(output)
        return output

    monkeypatch.setattr(search, "ID", re.compile(rb"(?!)"))  # the header part alone
    given = _french_pages_as_given(built_site)
    assert all(b"md-header" not in page.read_bytes() for page in given.rglob("*.html"))
    as_written, as_given = bundle(built_site, "written"), bundle(given, "given")
    files = sorted(p.relative_to(as_written) for p in as_written.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(as_given) for p in as_given.rglob("*") if p.is_file())
    _, mismatch, errors = filecmp.cmpfiles(as_written, as_given, [str(f) for f in files], shallow=False)
    assert not mismatch and not errors, mismatch + errors


def test_the_site_carries_the_index_smaller_and_whole(built_site, tmp_path):
    """Every compressed file of a language's bundle, as the site serves it, is Pagefind's own
    bytes in a smaller gzip; once compressed, compressing again changes nothing."""
    import shutil
    import subprocess

    pagefinds = tmp_path / "pagefind"
    given = _french_pages_as_given(built_site)
    subprocess.run(search.command(given, "fr/", pagefinds), check=True)
    shutil.rmtree(given)
    ours = tmp_path / "ours"
    shutil.copytree(pagefinds, ours)
    search_bundle.compress_bundle(ours)
    files = sorted(p.relative_to(ours) for p in ours.rglob("*") if p.suffix in search_bundle.COMPRESSED)
    assert {p.suffix for p in files} == set(search_bundle.COMPRESSED)  # the WebAssembly too
    for name in files:
        assert gzip.decompress((ours / name).read_bytes()) == gzip.decompress((pagefinds / name).read_bytes())
    size = {folder: sum((folder / name).stat().st_size for name in files) for folder in (pagefinds, ours)}
    assert size[ours] < 0.97 * size[pagefinds]
    # Sorted as the build does it: the site's files, byte for byte.
    search_bundle.sort_bundle(ours)
    served = built_site / "pagefind"
    for path in sorted(ours.rglob("*")):
        if path.is_file() and path.name != search_bundle.ENTRY:
            assert path.read_bytes() == (served / path.relative_to(ours)).read_bytes(), path.name
    before = {p: p.read_bytes() for p in ours.rglob("*") if p.is_file()}
    search_bundle.compress_bundle(ours)
    assert {p: p.read_bytes() for p in ours.rglob("*") if p.is_file()} == before


def test_listing_pages_carry_no_search_body(built_site):
    for listing in ("index.html", "years/index.html", "topics/index.html", "fr/index.html"):
        html = (built_site / listing).read_text("utf-8")
        assert "data-pagefind-body" not in html


def test_search_button_and_page_relative_bundle(built_site):
    html = (built_site / "fr" / "statements" / "stop-the-genocide-in-gaza" / "index.html")
    if not html.exists():
        html = built_site / "fr" / "index.html"
    text = html.read_text("utf-8")
    assert 'data-archive-search' in text
    assert 'data-bundle="../' in text  # relative: works on any host and under a sub-path
    assert "pagefind-ui.js" not in text  # loaded only when the reader opens search
    assert (built_site / "assets" / "archive" / "search.js").is_file()


def test_pagefind_failure_is_a_clear_error(tmp_path, monkeypatch):
    page = tmp_path / "statements" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="en"><body data-pagefind-body>Text</body></html>', "utf-8")
    monkeypatch.setattr(search, "command", lambda site, prefix, output: [
        sys.executable, "-c", "import sys; sys.exit('Error: boom')"])
    with pytest.raises(search.SearchIndexError, match="en: Pagefind failed.*\n.*boom"):
        search.assemble(tmp_path, [("en", "")])


def test_site_without_statements_is_not_indexed(tmp_path):
    (tmp_path / "index.html").write_text('<html lang="en"><body>Home</body></html>', "utf-8")
    search.assemble(tmp_path, [("en", ""), ("fr", "fr/")])
    assert not (tmp_path / "pagefind").exists()


def test_filter_values_in_reading_order(built_site):
    """Pagefind writes them in hash-map order; statements_archive.site.search sorts them (same bytes every build)."""
    filters = sorted((built_site / "pagefind" / "filter").glob("*.pf_filter"))
    assert filters
    for path in filters:
        name, values = search_bundle._read(path)
        labels = [value for value, _pages in values]
        assert labels == sorted(labels, key=search_bundle._collation), (path.name, labels)


@pytest.mark.skipif(not hasattr(__import__("os"), "getpriority"), reason="process priorities are POSIX")
def test_an_index_that_follows_a_serve_build_yields_the_processor(built_site, tmp_path):
    """Under `mkdocs serve` the index runs while the editor may save again: Pagefind runs
    at a lower priority, so the next preview (overrides/hooks/preview.py) is not kept waiting."""
    import os
    import shutil
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    for later, expected in ((True, os.getpriority(os.PRIO_PROCESS, 0) + 10), (False, os.getpriority(os.PRIO_PROCESS, 0))):
        indexer = search.Indexer(site, later=later)
        indexer.later = None  # what the deferred index does once the build is written (search._assemble)
        indexer.start("en", "")
        try:
            assert indexer.running, "Pagefind did not start"
            assert os.getpriority(os.PRIO_PROCESS, indexer.running[0][1].pid) == min(expected, 19)
        finally:
            indexer.wait()
