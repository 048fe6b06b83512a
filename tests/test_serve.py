"""`mkdocs serve` as a maintainer uses it: rebuilds after an edit, the search index
catching up after each rebuild, and dirty previews."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import run

from benchmarks import corpus
from benchmarks.serve import SERVING, Serve

pytestmark = pytest.mark.slow


def entry(server: Serve, timeout: float = 60, not_equal: dict | None = None) -> dict:
    """The search bundle's entry once it is there (and differs from ``not_equal``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = server.get("pagefind/pagefind-entry.json")
        if data and json.loads(data) != not_equal:
            return json.loads(data)
        time.sleep(0.3)
    raise AssertionError("no search index served:\n" + server.tail())


@pytest.fixture
def corpus_project(tmp_path) -> Path:
    corpus.generate(tmp_path, 3, ["en", "fr"], seed=2)
    return tmp_path


def test_rebuild_after_an_edit_and_the_search_index_catches_up(corpus_project):
    server = Serve(corpus_project)
    try:
        server.built()
        server.wait_for(SERVING)
        first = entry(server)
        assert set(first["languages"]) == {"en", "fr"}
        corpus.edit_one_statement(corpus_project, ["en", "fr"])
        server.wait_for("Detected file changes")
        server.built()
        # The edited English statement is indexed again after the rebuild; French is unchanged.
        second = entry(server, not_equal=first)
        assert second["languages"]["en"]["hash"] != first["languages"]["en"]["hash"]
        assert second["languages"]["fr"] == first["languages"]["fr"]
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_dirty_preview_of_one_language(corpus_project):
    server = Serve(corpus_project, "--dirty", ARCHIVE_STRICT="false", ARCHIVE_BUILD_LANGUAGES="en")
    try:
        server.built()
        server.wait_for(SERVING)
        path = corpus.edit_one_statement(corpus_project, ["en", "fr"])
        server.built()
        page = server.get(f"statements/{path.stem}/")
        assert page and b" edited " in page
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_warnings_fail_the_build_unless_previewing(corpus_project):
    path = sorted((corpus_project / "docs" / "fr" / "statements").glob("*.md"))[0]
    path.write_text(path.read_text("utf-8") + "\nSee [gone](missing.md).\n", "utf-8")
    command = ["mkdocs", "build", "-d", str(corpus_project / "site")]
    strict = run(command, corpus_project, check=False)
    assert strict.returncode == 1 and "missing.md" in strict.stderr  # strict: true in mkdocs.yml, no flag needed
    lenient = run(command, corpus_project, check=False, ARCHIVE_STRICT="false")
    assert lenient.returncode == 0, lenient.stderr
