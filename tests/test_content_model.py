"""The content model: `archive check content` on valid and bad statements."""
from __future__ import annotations

import json

import pytest
from conftest import STATEMENT, copy_project, run, write

BAD = {
    "missing-title": (STATEMENT.replace("title: A test statement\n", ""), 1, "title", "missing required field 'title'"),
    "impossible-date": (STATEMENT.replace("2024-10-28", "2024-02-30"), 3, "date", "'2024-02-30' is not a real calendar day"),
    "unknown-topic": (STATEMENT.replace("[gaza]", "[gaza, atlantis]"), 4, "topics.1", "unknown topic 'atlantis'"),
    "malformed-yaml": (STATEMENT.replace("topics: [gaza]", "topics: [gaza"), 5, "front-matter", "invalid YAML"),
    "list-front-matter": ("---\n- title\n- date\n---\n\nText.\n", 2, "front-matter", "must be a mapping"),
    "empty-file": ("", 1, "file", "file is empty"),
    "bad-language": (STATEMENT.replace("language: en", "language: fr"), 6, "language", "an original in docs/en/ must have language: en"),
    "summary-two-paragraphs": (STATEMENT.replace("summary: One paragraph of summary.",
                                                 "summary: |\n  One.\n\n  Two."), 5, "summary", "must be one paragraph"),
    "approx-date-without-note": (STATEMENT.replace("date: 2024-10-28", "date: {after: 2024-10-26}"), 3,
                                 "date.note", "must be non-empty text"),
}


@pytest.fixture(scope="module")
def content_project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("content"), with_statements=False)


def check(project, *paths, fmt="text"):
    return run(["archive", "check", "content", "--format", fmt, *map(str, paths)], project, check=False)


def test_valid_statement_passes(content_project):
    path = write(content_project / "docs/en/statements/ok.md", STATEMENT)
    result = check(content_project, path)
    assert result.returncode == 0, result.stdout
    assert "no problems found" in result.stdout


@pytest.mark.parametrize("name", sorted(BAD))
def test_each_kind_of_bad_input_is_reported_with_line_and_field(content_project, name):
    text, line, field, message = BAD[name]
    path = write(content_project / f"docs/en/statements/{name}.md", text)
    result = check(content_project, path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"docs/en/statements/{name}.md:{line}: {field}: {message}" in result.stdout


def test_non_utf8_bytes(content_project):
    path = write(content_project / "docs/en/statements/latin1.md", STATEMENT.replace("One", "Caf\u00e9").encode("latin-1"))
    result = check(content_project, path)
    assert result.returncode == 1
    assert "latin1.md:5: file: not valid UTF-8 (byte 0xe9" in result.stdout


def test_every_problem_of_every_file_in_one_run(content_project, tmp_path):
    a = write(content_project / "docs/en/statements/two-problems.md",
              STATEMENT.replace("title: A test statement\n", "").replace("2024-10-28", "2024-13-01"))
    b = write(content_project / "docs/en/statements/other.md", STATEMENT.replace("[gaza]", "[nowhere]"))
    result = check(content_project, a, b, fmt="json")
    found = {(p["path"].split("/")[-1], p["field"]) for p in json.loads(result.stdout)}
    assert {("two-problems.md", "title"), ("two-problems.md", "date"), ("other.md", "topics.0")} <= found


def test_github_format_annotates_file_and_line(content_project):
    path = write(content_project / "docs/en/statements/gh.md", STATEMENT.replace("2024-10-28", "yesterday"))
    result = check(content_project, path, fmt="github")
    assert "::error file=docs/en/statements/gh.md,line=3,title=date::expected a date written YYYY-MM-DD" in result.stdout


def test_repository_content_is_clean():
    from conftest import REPO
    result = run(["archive", "check", "content"], REPO, check=False)
    assert result.returncode == 0, result.stdout


def test_topic_without_a_label_is_an_error(content_project):
    topics = content_project / "translations/topics.yml"
    original = topics.read_text("utf-8")
    topics.write_text(original + "new-topic:\n  en: New\n", encoding="utf-8")
    try:
        result = check(content_project)
        assert result.returncode == 1
        assert "new-topic.fr: missing label in language 'fr'" in result.stdout
    finally:
        topics.write_text(original, encoding="utf-8")


def test_build_fails_on_content_errors(tmp_path):
    from conftest import build
    project = copy_project(tmp_path / "p")
    write(project / "docs/en/statements/broken.md", STATEMENT.replace("2024-10-28", "2024-02-30"))
    result = build(project, tmp_path / "site", check=False)
    assert result.returncode != 0
    assert "docs/en/statements/broken.md:3: date: '2024-02-30' is not a real calendar day" in result.stderr


def test_json_schema_is_generated_from_the_model(tmp_path):
    from conftest import REPO
    schema = json.loads(run(["archive", "schema"], REPO).stdout)
    assert schema["required"] == ["title", "summary"]
    assert set(schema["properties"]) >= {"title", "date", "topics", "summary", "language", "updated",
                                         "corrections", "sources", "translation"}
    shipped = json.loads((REPO / "schema/statement.schema.json").read_text("utf-8"))
    assert shipped == schema, "run `archive schema -o schema/statement.schema.json`"


@pytest.mark.parametrize("html,found", [
    ('<p>ok <em>fine</em> <a href="https://x.org/a%20b">link</a><sup class="citation">[1]</sup></p>', False),
    ("<p><script>alert(1)</script></p>", True),
    ('<p><a href="&#106;avascript:alert(1)">x</a></p>', True),
    ('<p><img src="x.png" onerror="alert(1)"></p>', True),
])
def test_build_checks_the_html_it_renders(html, found):
    from statements_archive.checks import output_gate
    assert bool(output_gate.check_page(html, "x/index.html", output_gate.Policy())) is found
