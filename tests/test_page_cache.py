"""Whole pages reused across builds (statements_archive.build.page_cache): after any kind of
edit, a build with the cache an earlier build left writes the same site, byte for byte, as a
build without any cache, and it reuses the pages the edit did not touch."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import run

from benchmarks import corpus
from statements_archive.build import phases
from test_bench import differences

LANGUAGES = ["en", "fr", "ar"]


@pytest.fixture(scope="module")
def first(tmp_path_factory) -> tuple[Path, Path, Path]:
    """A small archive, built once with a cache: (project, cache, site)."""
    root = tmp_path_factory.mktemp("page-cache")
    project, cache, site = root / "project", root / "cache", root / "site"
    corpus.generate(project, 3, LANGUAGES, seed=2)
    run(["mkdocs", "build", "--strict", "-d", str(site)], project, ARCHIVE_CACHE=str(cache))
    return project, cache, site


def _build(project: Path, site: Path, cache: Path) -> tuple[int, int]:
    """`mkdocs build --strict` with the cache; the pages it reused and templated, from the
    build's phase record (mkdocs-static-i18n's log filter may drop a language's log line)."""
    record = site.parent / f"{site.name}.phases.jsonl"
    run(["mkdocs", "build", "--strict", "-d", str(site)], project, ARCHIVE_CACHE=str(cache),
        **{phases.VARIABLE: str(record)})
    figures = phases.read(record)
    return int(figures.get("pages reused", 0)), int(figures.get("pages templated", 0))


def _statement(project: Path, lang: str, index: int = 0) -> Path:
    return sorted((project / "docs" / lang / "statements").glob("*.md"))[index]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _retitle_translation(project: Path) -> None:
    path = _statement(project, "fr")
    _replace(path, "\ntitle: ", "\ntitle: Nouveau titre, ")


def _edit_original_text(project: Path) -> None:
    corpus.edit_one_statement(project, LANGUAGES)


def _drop_translation(project: Path) -> None:
    _statement(project, "ar", 1).unlink()


def _catalog_string(project: Path) -> None:
    _replace(project / "translations" / "fr" / "LC_MESSAGES" / "messages.po",
             'msgid "Sources"\nmsgstr "Sources"', 'msgid "Sources"\nmsgstr "Références"')


def _topic_label(project: Path) -> None:
    path = project / "translations" / "topics.yml"
    text = path.read_text("utf-8")
    label = re.search(r"\n\s+fr: (.+)\n", text).group(1)
    _replace(path, f"fr: {label}\n", f"fr: {label} (édité)\n")


def _template(project: Path) -> None:
    path = project / "overrides" / "partials" / "copyright.html"
    path.write_text(path.read_text("utf-8") + "\n<p class=\"archive-edited\">edited</p>\n", "utf-8")


def _site_setting(project: Path) -> None:
    _replace(project / "mkdocs.yml", "site_description: ", "site_description: Edited. ")


EDITS = {
    "a translation's title": _retitle_translation,
    "one word of an original": _edit_original_text,
    "a translation removed": _drop_translation,
    "an interface string": _catalog_string,
    "a topic label": _topic_label,
    "a template": _template,
    "a site setting": _site_setting,
}
# Edits that reach every page of the site: nothing may be reused. (A label file holds every
# language's labels, so any edit to it counts for every page.)
EVERYWHERE = {"a template", "a site setting", "a topic label"}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_build_after_an_edit_equals_a_build_without_caches(first, tmp_path, name):
    project, cache, site = first
    project, cache = shutil.copytree(project, tmp_path / "project"), shutil.copytree(cache, tmp_path / "cache")
    EDITS[name](project)
    reused, templated = _build(project, tmp_path / "warm", cache)
    run(["mkdocs", "build", "--strict", "-d", str(tmp_path / "cold")], project, ARCHIVE_CACHE="off")
    assert differences(tmp_path / "cold", tmp_path / "warm") == []
    changed = [p for p in differences(site, tmp_path / "warm") if p.endswith(".html")]
    assert changed, f"{name}: no page changed, so the test proves nothing"
    assert templated > 0
    if name in EVERYWHERE:
        assert reused == 0, (name, reused)
    else:  # French strings change French pages only; content edits leave other works' pages alone
        assert reused > 0, (name, templated)


def test_a_build_with_nothing_changed_reuses_every_page(first, tmp_path):
    project, cache, site = first
    reused, templated = _build(project, tmp_path / "warm", shutil.copytree(cache, tmp_path / "cache"))
    assert templated == 0 and reused > 0
    assert differences(site, tmp_path / "warm") == []


def test_a_page_the_gate_refused_is_never_reused(first, tmp_path):
    """The gate skips reused pages only because refused ones are never stored."""
    project, cache, _site = first
    project, cache = shutil.copytree(project, tmp_path / "project"), shutil.copytree(cache, tmp_path / "cache")
    path = project / "overrides" / "partials" / "copyright.html"
    path.write_text(path.read_text("utf-8") + '\n<span onclick="steal()">x</span>\n', "utf-8")
    for attempt in range(2):
        result = run(["mkdocs", "build", "--strict", "-d", str(tmp_path / f"site-{attempt}")], project, check=False,
                     ARCHIVE_CACHE=str(cache))
        assert result.returncode != 0, f"build {attempt + 1} passed a page with an event handler"
        assert "onclick" in result.stderr


def _git(project: Path, *args: str) -> None:
    run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], project)


def test_a_side_by_side_page_follows_git_history_not_only_files(first, tmp_path):
    """An outdated translation's side-by-side page shows what changed since, from git history:
    the same files with another history are another page."""
    project, cache = shutil.copytree(first[0], tmp_path / "project"), tmp_path / "cache"
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "statements")
    corpus.edit_one_statement(project, LANGUAGES)  # its translations are now outdated
    _build(project, tmp_path / "with-history", cache)
    shutil.rmtree(project / ".git")
    reused, templated = _build(project, tmp_path / "warm", cache)
    run(["mkdocs", "build", "--strict", "-d", str(tmp_path / "cold")], project, ARCHIVE_CACHE="off")
    assert differences(tmp_path / "cold", tmp_path / "warm") == []
    changed = differences(tmp_path / "with-history", tmp_path / "warm")
    assert changed and all("/compare/" in p or p.startswith("pagefind") for p in changed), changed
    assert reused > 0
