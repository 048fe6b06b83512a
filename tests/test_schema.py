"""The generated JSON Schema says what `archive check content` says.

Editors validate front-matter with schema/statement.schema.json; a file the
schema accepts must not fail the check for a reason the schema can express,
and the reverse. Originals and translations differ (`if`/`then`/`else`).
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, copy_project, run, write

from statements_archive.content import frontmatter, model

ORIGINAL = """---
title: An original
date: 2024-10-28
topics: [gaza]
summary: One paragraph.
language: en
{extra}---

Text.
"""
TRANSLATION = """---
title: Une traduction
summary: Un paragraphe.
translation:
  revision: 0123456789ab
  translators: [A. Translator]
  status: draft
{extra}---

Texte.
"""

# (case, language folder, text, valid?): each verdict must be the same for both judges.
CASES = [
    ("original", "en", ORIGINAL.format(extra=""), True),
    ("original-no-date", "en", ORIGINAL.format(extra="").replace("date: 2024-10-28\n", ""), False),
    ("original-no-topics", "en", ORIGINAL.format(extra="").replace("topics: [gaza]\n", ""), False),
    ("original-no-language", "en", ORIGINAL.format(extra="").replace("language: en\n", ""), False),
    ("original-unknown-field", "en", ORIGINAL.format(extra="colour: red\n"), False),
    ("original-bad-date", "en", ORIGINAL.format(extra="").replace("2024-10-28", "28 October 2024"), False),
    ("original-approximate-date", "en", ORIGINAL.format(extra="").replace(
        "date: 2024-10-28", "date:\n  after: 2024-10-26\n  note: Not dated."), True),
    ("original-date-without-note", "en", ORIGINAL.format(extra="").replace(
        "date: 2024-10-28", "date:\n  after: 2024-10-26"), False),
    ("original-empty-title", "en", ORIGINAL.format(extra="").replace("title: An original", "title: ''"), False),
    ("original-source-without-id", "en", ORIGINAL.format(extra="sources:\n  - title: A report\n"), False),
    ("original-source-unknown-key", "en", ORIGINAL.format(extra="sources:\n  - id: a\n    colour: red\n"), False),
    ("translation", "fr", TRANSLATION.format(extra=""), True),
    ("translation-with-sources", "fr", TRANSLATION.format(extra="sources:\n  - id: a\n"), False),
    ("translation-with-date", "fr", TRANSLATION.format(extra="date: 2024-10-28\n"), True),  # may restate it
    ("translation-bad-status", "fr", TRANSLATION.format(extra="").replace("status: draft", "status: done"), False),
    ("translation-no-revision", "fr", TRANSLATION.format(extra="").replace("  revision: 0123456789ab\n", ""), False),
    ("translation-bad-revision", "fr", TRANSLATION.format(extra="").replace("0123456789ab", "HEAD"), False),
    ("translation-no-summary", "fr", TRANSLATION.format(extra="").replace("summary: Un paragraphe.\n", ""), False),
]
CASES += [(f"translation-with-{name}", "fr", TRANSLATION.format(extra=f"{name}: x\n"), False)
          for name in model.ORIGINAL_ONLY]


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads((REPO / "schema" / "statement.schema.json").read_text("utf-8"))


def schema_errors(schema: dict, path: Path) -> list[str]:
    doc = frontmatter.read(path, str(path))
    return [error.message for error in jsonschema.Draft202012Validator(schema).iter_errors(doc.meta)]


def test_the_committed_schema_is_the_generated_one(schema):
    assert schema == model.json_schema(), "run `archive schema -o schema/statement.schema.json`"


def test_originals_and_translations_differ_in_the_schema(schema):
    assert schema["if"] == {"required": ["translation"]}
    assert set(schema["else"]["required"]) == {"date", "topics", "language"}
    assert schema["then"]["properties"]["sources"] is False


def test_every_statement_in_docs_is_valid_to_both(schema):
    files = sorted((REPO / "docs").glob("*/statements/*.md"))
    assert files
    for path in files:
        assert schema_errors(schema, path) == [], path
    report = json.loads(run(["archive", "check", "content", "--format", "json"], REPO).stdout)
    assert [p for p in report if p["severity"] == "error"] == []


def test_schema_and_check_agree_on_every_case(schema, tmp_path):
    project = copy_project(tmp_path / "project", with_statements=False)
    paths = {}
    for case, lang, text, _ in CASES:
        paths[case] = write(project / "docs" / lang / "statements" / f"{case}.md", text)
        if lang != "en":  # a translation needs its original at the same path
            write(project / "docs" / "en" / "statements" / f"{case}.md", ORIGINAL.format(extra=""))
    assert ("en", "original") in {(lang, case) for case, lang, *_ in CASES}
    result = run(["archive", "check", "content", "--format", "json"], project, check=False)
    failing = {(Path(p["path"]).parent.parent.name, Path(p["path"]).stem)
               for p in json.loads(result.stdout) if p["severity"] == "error"}
    verdicts = {}
    for case, lang, _, expected in CASES:
        by_schema = not schema_errors(schema, paths[case])
        by_check = (lang, case) not in failing
        verdicts[case] = (expected, by_schema, by_check)
    wrong = {case: v for case, v in verdicts.items() if len(set(v)) != 1}
    assert wrong == {}, "(expected, schema, check) disagree"
