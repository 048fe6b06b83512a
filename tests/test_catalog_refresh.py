"""The catalog read again after an edit: only the edited works, with the result a new load gives.

`mkdocs serve` reloads the content after every save (overrides/hooks/archive.py).
At 1,000 works in six languages a whole load takes seconds, so a rebuild reads
only the works whose files changed (statements_archive.content.catalog.refresh).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import corpus
from statements_archive import config as site_config
from statements_archive.content import catalog as catalog_mod

LANGUAGES = ["en", "fr", "ar"]


@pytest.fixture
def project(tmp_path) -> Path:
    corpus.generate(tmp_path, 4, LANGUAGES, seed=3)
    return tmp_path


def _statements(catalog) -> dict:
    return {slug: (work.original, dict(sorted(work.translations.items()))) for slug, work in catalog.works.items()}


def _same_as_a_new_load(refreshed, config) -> None:
    fresh = catalog_mod.load(config, render_check=False)
    assert _statements(refreshed) == _statements(fresh)
    assert [str(p) for p in refreshed.problems] == [str(p) for p in fresh.problems]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _originals(project: Path) -> list[Path]:
    return sorted((project / "docs" / "en" / "statements").glob("*.md"))


def _edits(project: Path):
    """(what the edit is, the files it changes), each applied by the generator's step."""
    first, second = _originals(project)[:2]
    translation = project / "docs" / "fr" / "statements" / first.name
    arabic = project / "docs" / "ar" / "statements" / second.name

    yield "one word of an original", [first], lambda: _replace(first, "\n---\n", "\n---\nEdited. ")
    # Its translations take the original's sources: they are read again with it.
    yield "a source of an original", [first], lambda: _replace(first, "\n  title: ", "\n  title: Edited ")
    # A translation's own date that differs from its original's: a problem only linking finds.
    yield "a translation's date", [translation], lambda: _replace(
        translation, "translation:", "date: 1999-01-01\ntranslation:")
    # Linking overwrote that translation's date: the original's edit reads it again, problem and all.
    yield "the original of that translation", [first], lambda: _replace(first, "Edited.", "Edited twice.")
    yield "a translation removed", [arabic], arabic.unlink
    added = project / "docs" / "en" / "statements" / "a-new-statement.md"
    yield "a statement added", [added], lambda: added.write_text(first.read_text("utf-8").replace(
        "identifier:", "identifier-was:"), "utf-8")
    yield "an original's front-matter broken", [second], lambda: _replace(second, "title:", "title: [unclosed\ntitle-was:")


def test_each_edit_reads_only_its_work_and_equals_a_new_load(project):
    config = site_config.load(project)
    catalog = catalog_mod.load(config, render_check=False)
    kinds = set()
    for what, changed, apply in _edits(project):
        before = catalog
        apply()
        catalog, slugs = catalog_mod.refresh(before, changed)
        assert slugs == {path.stem for path in changed}, what
        _same_as_a_new_load(catalog, config)
        # The other works are the statements already loaded, not read again.
        for slug, work in catalog.works.items():
            if slug not in slugs:
                assert work.original is before.works[slug].original, (what, slug)
        kinds |= {p.field for p in catalog.problems}
    assert {"date"} <= kinds  # the translation's date was reported, and stays reported for untouched works


def test_a_problem_found_when_linking_survives_refreshes_of_other_works(project):
    config = site_config.load(project)
    first, second = _originals(project)[:2]
    translation = project / "docs" / "fr" / "statements" / first.name
    _replace(translation, "translation:", "date: 1999-01-01\ntranslation:")
    catalog = catalog_mod.load(config, render_check=False)
    assert [p.field for p in catalog.problems if p.path.endswith(translation.name)] == ["date"]
    _replace(second, "\n---\n", "\n---\nEdited. ")
    catalog, _ = catalog_mod.refresh(catalog, [second])
    assert [p.field for p in catalog.problems if p.path.endswith(f"fr/statements/{translation.name}")] == ["date"]


def test_refresh_refuses_what_is_not_a_statement_file(project):
    config = site_config.load(project)
    catalog = catalog_mod.load(config, render_check=False)
    with pytest.raises(ValueError, match="not statement files"):
        catalog_mod.refresh(catalog, [project / "mkdocs.yml"])
    some = catalog_mod.load(config, [_originals(project)[0]], render_check=False)
    with pytest.raises(ValueError, match="loaded whole"):
        catalog_mod.refresh(some, [_originals(project)[0]])
