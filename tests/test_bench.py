"""Build performance tooling: the synthetic corpus, `archive build` (parallel,
per-language parts, merge), the render cache, and `archive bench`."""
from __future__ import annotations

import filecmp
import hashlib
import json
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import run

from statements_archive.content import catalog

from statements_archive.checks import citations as citations_check

from statements_archive.content import frontmatter

from statements_archive.checks import report

from statements_archive import config as site_config
from benchmarks import corpus
from statements_archive.build.parts import split


def differences(a: Path, b: Path) -> list[str]:
    """Paths that differ between two trees (missing on one side, or other bytes)."""
    found = []

    def walk(cmp: filecmp.dircmp, prefix: str):
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(filecmp.dircmp(a, b, ignore=[]), "")
    return found


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    corpus.generate(root, 3, ["en", "fr"], seed=0)
    return root


@pytest.fixture(scope="module")
def sequential(tiny, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("sequential") / "site"
    run(["mkdocs", "build", "--strict", "-d", str(site)], tiny, ARCHIVE_CACHE="off")
    return site


def test_corpus_is_reproducible(tmp_path):
    corpus.generate(tmp_path / "a", 2, ["en", "ar"], seed=7)
    corpus.generate(tmp_path / "b", 2, ["en", "ar"], seed=7)
    corpus.generate(tmp_path / "c", 2, ["en", "ar"], seed=8)
    assert differences(tmp_path / "a", tmp_path / "b") == []
    assert differences(tmp_path / "a" / "docs", tmp_path / "c" / "docs")


def test_corpus_content_is_valid_and_realistic(tiny):
    config = site_config.load(tiny)
    assert config.codes == ["en", "fr"] and config.default_language.code == "en"
    loaded = catalog.load(config)
    assert report.errors(loaded.problems + citations_check.check(loaded)) == []
    work = next(iter(loaded.works.values()))
    original = work.original
    words = len(original.body.split())
    assert 4000 < words < 6500
    assert original.body.count("\n## ") == corpus.SECTIONS
    assert original.body.count("[^1]:") == 1 and f"[^{corpus.FOOTNOTES}]" in original.body
    assert len(original.sources) == corpus.SOURCES
    assert "; @" in original.body  # grouped citations
    for w in loaded.works.values():  # current translations record the project's own revision hash
        current = w.original.revision
        older = hashlib.sha256(f"older:{current}".encode()).hexdigest()[:12]
        assert {t.translation.revision for t in w.translations.values()} <= {current, older}


def test_corpus_words_carry_diacritics_as_often_as_real_text(tmp_path):
    """An accented form is its own search index entry: too many would bloat the index."""
    corpus.generate(tmp_path, 3, ["en", "fr", "de"], seed=0)
    for lang, low, high in (("fr", 0.12, 0.23), ("de", 0.07, 0.16), ("en", 0.0, 0.0)):
        text = " ".join(frontmatter.read(p).body for p in (tmp_path / "docs" / lang / "statements").glob("*.md"))
        words = re.findall(r"[^\W\d_]+", re.sub(r"\[@[^\]]*\]|\[\^\d+\]", "", text))
        share = sum(not word.isascii() for word in words) / len(words)
        assert low <= share <= high, (lang, share)


def test_site_config_keeps_the_rest_of_mkdocs_yml(tiny):
    ours = (corpus.REPO / "mkdocs.yml").read_text("utf-8")
    theirs = (tiny / "mkdocs.yml").read_text("utf-8")
    assert ours.split("languages:")[0] == theirs.split("languages:")[0]
    assert "locale: he" not in theirs and "name: Français" in theirs


def test_languages_are_validated(tmp_path):
    for bad in ([], ["en", "en"], ["english"], ["xx"]):
        with pytest.raises(ValueError):
            corpus.generate(tmp_path, 1, bad)


def test_split_keeps_runs_contiguous_and_balanced():
    order = ["en", "fr", "es", "de", "ar", "he"]
    weights = dict.fromkeys(order, 10)
    assert split(order, weights, 2) == [["en", "fr", "es"], ["de", "ar", "he"]]
    assert split(order, weights, 1) == [order]
    assert split(order, weights, 10) == [[code] for code in order]
    assert split(order, {**weights, "en": 40}, 2) == [["en"], ["fr", "es", "de", "ar", "he"]]


def test_parallel_build_is_identical_to_mkdocs_build(tiny, sequential, tmp_path):
    cache = tmp_path / "cache"
    run(["archive", "build", "--jobs", "2", "-d", str(tmp_path / "cold")], tiny, ARCHIVE_CACHE=str(cache))
    assert differences(sequential, tmp_path / "cold") == []
    assert (tmp_path / "cold" / "pagefind" / "pagefind-entry.json").is_file()
    assert not (tmp_path / "cold" / "archive-part.json").exists()
    assert not (tmp_path / "cold" / "archive-search").exists()  # the languages' bundles, merged
    # Warm: every page's Markdown comes from the cache, the site is the same.
    warm = run(["mkdocs", "build", "--strict", "-d", str(tmp_path / "warm")], tiny, ARCHIVE_CACHE=str(cache))
    assert "render cache: " in warm.stderr and " 0 rendered" in warm.stderr
    assert differences(sequential, tmp_path / "warm") == []


def test_warm_build_after_an_edit_equals_a_build_without_caches(tmp_path):
    project, cache = tmp_path / "project", tmp_path / "cache"
    corpus.generate(project, 3, ["en", "fr"], seed=1)
    run(["archive", "build", "--jobs", "2", "-d", str(tmp_path / "first")], project, ARCHIVE_CACHE=str(cache))
    bundles = set(os.listdir(cache / "search"))
    assert len(bundles) == 2  # one search bundle per language
    corpus.edit_one_statement(project, ["en", "fr"])  # an English original; its French translation is now outdated
    run(["mkdocs", "build", "--strict", "-d", str(tmp_path / "warm")], project, ARCHIVE_CACHE=str(cache))
    # Only English was indexed again: the French pages' indexed text did not change (the
    # outdated-translation notice lies outside it).
    assert len(set(os.listdir(cache / "search")) - bundles) == 1
    run(["mkdocs", "build", "--strict", "-d", str(tmp_path / "cold")], project, ARCHIVE_CACHE="off")
    assert differences(tmp_path / "cold", tmp_path / "warm") == []


def test_content_errors_are_reported_once_and_again_from_the_cache(tmp_path):
    project, cache = tmp_path / "project", tmp_path / "cache"
    corpus.generate(project, 2, ["en", "fr"], seed=0)
    path = sorted((project / "docs" / "fr" / "statements").glob("*.md"))[0]
    text = path.read_text("utf-8")
    head, fence, body = text.partition("\n---\n")
    path.write_text(head + fence + "<script>alert(1)</script>\n\n" + body, "utf-8")
    where = f"docs/fr/statements/{path.name}:{head.count(chr(10)) + 3}: "
    for _ in range(2):  # the second build reads the checks' results from the cache
        result = run(["archive", "build", "--jobs", "2", "-d", str(tmp_path / "site")], project, check=False,
                     ARCHIVE_CACHE=str(cache))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.count(where) == 1, result.stderr  # checked by the part building French only


def test_parts_built_apart_merge_into_the_same_site(tiny, sequential, tmp_path):
    plan = json.loads(run(["archive", "build", "--plan", "--jobs", "8"], tiny).stdout)
    assert plan == [{"name": "part-0", "languages": "en"}, {"name": "part-1", "languages": "fr"}]
    for part in reversed(plan):  # as CI jobs finish, in any order
        run(["archive", "build", "--language", part["languages"], "-d", str(tmp_path / part["name"])], tiny,
            ARCHIVE_CACHE="off")
    run(["archive", "build", "--merge", str(tmp_path / "part-1"), str(tmp_path / "part-0"),
                   "-d", str(tmp_path / "site")], tiny)
    assert differences(sequential, tmp_path / "site") == []
    # One part of several languages (comma-separated, as `--plan` writes them) is a part too.
    run(["archive", "build", "--language", "en,fr", "-d", str(tmp_path / "both")], tiny, ARCHIVE_CACHE="off")
    run(["archive", "build", "--merge", str(tmp_path / "both"), "-d", str(tmp_path / "site2")], tiny)
    assert differences(sequential, tmp_path / "site2") == []
    # A part alone is not a site: merging it is refused with a usage error, not a traceback.
    refused = run(["archive", "build", "--merge", str(tmp_path / "part-1"), "-d", str(tmp_path / "x")], tiny,
                  check=False)
    assert refused.returncode == 2 and "exactly once" in refused.stderr and "Traceback" not in refused.stderr


def test_render_cache_does_not_hide_warnings(tmp_path):
    project = tmp_path / "project"
    corpus.generate(project, 2, ["en", "fr"], seed=0)
    path = next((project / "docs" / "fr" / "statements").glob("*.md"))
    text = path.read_text("utf-8")
    path.write_text(text.replace("\n[^1]:", "\nSee [gone](missing.md).\n\n[^1]:", 1), "utf-8")
    cache = str(tmp_path / "cache")
    for _ in range(2):  # the second build would reuse a stored render if the first had stored it
        result = run(["mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], project, check=False,
                     ARCHIVE_CACHE=cache)
        assert result.returncode != 0 and "missing.md" in result.stderr


def test_a_stored_render_still_has_its_links_to_anchors_checked(tmp_path):
    """MkDocs checks links to other pages' anchors after every page is rendered, so the render
    is stored; a build that reuses it must find the broken anchor again."""
    project = tmp_path / "project"
    corpus.generate(project, 2, ["en", "fr"], seed=0)
    first, second = sorted((project / "docs" / "fr" / "statements").glob("*.md"))
    text = first.read_text("utf-8")
    first.write_text(text.replace("\n[^1]:", f"\nSee [there]({second.name}#no-such-part).\n\n[^1]:", 1), "utf-8")
    cache = str(tmp_path / "cache")
    results = [run(["mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], project, check=False,
                   ARCHIVE_CACHE=cache) for _ in range(2)]
    for result in results:
        assert result.returncode != 0 and "no-such-part" in result.stderr, result.stderr
    assert "0 rendered" in results[1].stderr  # the second build did reuse every render


def test_bench_prints_the_table(tmp_path):
    result = run(["archive", "bench", "--statements", "1", "--languages", "en,fr", "--jobs", "2",
                            "--keep", str(tmp_path)], tmp_path)
    out = result.stdout
    for label in ("plain Material + i18n", "ours: mkdocs build", "ours: archive build -j2",
                  "ours: mkdocs build, 1 statement edited", "ours: archive build -j2, 1 statement edited",
                  "wall time 2/1"):
        assert label in out
    table, _, breakdown = out.partition("CPU seconds per phase")
    rows = [line for line in table.splitlines() if line.startswith(("plain", "ours"))]
    assert len(rows) == 10  # five builds at N and 2N
    assert "failed" not in out
    # Our four builds at N and 2N, each with its phases (the plain build has no archive hooks).
    header, _, *phase_rows = breakdown.splitlines()[1:]
    assert header.split()[:3] == ["build", "statements", "cpu"]
    for phase in ("checks", "markdown", "templates", "gate", "write", "cache", "whole-site", "children", "other"):
        assert phase in header
    assert len(phase_rows) == 8 and all(row.startswith("ours") for row in phase_rows)
    for row in phase_rows:  # statements, cpu s, eight phases, other, pages reused/all: the last twelve fields
        *figures, pages = row.split()[-12:]
        statements, cpu, checks, markdown, *_ = (float(x) for x in figures)
        assert statements in (1, 2) and cpu > 0 and checks > 0
        reused, total = (int(x) for x in pages.split("/"))
        assert total > 0, row
        if "edited" not in row:
            assert reused == 0, row  # a cold build templates every page
        elif statements == 2:
            assert reused > 0, row  # an edit of one of two statements leaves the other's pages
    cold = [row for row in phase_rows if "edited" not in row]
    assert all(float(row.split()[-12:][3]) > 0 for row in cold)  # a cold build renders Markdown
    assert (tmp_path / "corpus-2" / "mkdocs.plain.yml").is_file()


def test_frontmatter_of_generated_translation_names_the_original_revision(tiny):
    en = sorted((tiny / "docs" / "en" / "statements").glob("*.md"))[0]
    fr = tiny / "docs" / "fr" / "statements" / en.name
    meta = frontmatter.parse(fr.read_text("utf-8"), str(fr)).meta
    assert set(meta) == {"title", "summary", "translation"}
    assert len(meta["translation"]["revision"]) == 12


def test_freed_memory_goes_back_to_the_system():
    """Between language builds the archive hook gives the allocator's free memory back
    (statements_archive.build.memory): without it, resident memory only grows."""
    import ctypes.util
    if not ctypes.util.find_library("c") or sys.platform != "linux":
        pytest.skip("malloc_trim is glibc's")
    from statements_archive.build import memory

    def resident_mb() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    pages = [("x" * 4000) + str(i) for i in range(60_000)]  # page-sized text, from glibc's heap
    kept = pages[::100]  # a few blocks still in use, spread over the heap, as a build leaves them
    del pages
    held = resident_mb()  # freed, but glibc keeps it (244 MB here, and 18 MB after a release)
    memory.release()
    assert resident_mb() < held - 100, held
    assert len(kept) == 600
