"""`archive import`: plain text to a statement file."""
from __future__ import annotations

from conftest import REPO, copy_project, run, write

from statements_archive.importing import plaintext as importer

SEED_TEXT = (REPO / "tests/fixtures/seed.txt").read_text("utf-8")


def test_seed_structure():
    statement = importer.parse_plain(SEED_TEXT)
    assert statement.title == "Stop the Genocide in Gaza and the spiraling bloodshed in the Middle East"
    headings = [b.text for b in statement.blocks if b.kind == "heading"]
    assert headings == ["Horrors without end", "Onslaught expands in Lebanon", "Israeli army bombs Iran",
                        "Imperialism’s Dance of Hypocrisy",
                        "Stop the Genocide, stop the Israeli State’s death machine — Fight the whole system through mass action"]
    assert sum(b.kind == "paragraph" for b in statement.blocks) == 34


def test_markdown_syntax_in_text_is_escaped():
    text = ("Title\n\n1. Not a list, *not emphasis*, <b>not html</b>, [not a link](x), &copy; and a|pipe.\n\n"
            "# not a heading at all, really not.\n")
    md = importer.render(importer.parse_plain(text), {})
    import markdown
    html = markdown.markdown(md.split("---\n", 2)[2])
    assert "<ol>" not in html, html
    assert "<em>" not in html and "<b>" not in html and "<a " not in html and "<h1>" not in html
    assert "1. Not a list, *not emphasis*, &lt;b&gt;not html&lt;/b&gt;, [not a link](x), &amp;copy; and a|pipe." in html
    assert "# not a heading" in html


def test_crlf_and_bom_and_wrapped_paragraphs():
    text = "\ufeffTitle\r\n\r\nA paragraph wrapped\r\nover two lines.\r\n\r\nShort heading\r\n\r\nEnd.\r\n"
    statement = importer.parse_plain(text)
    assert statement.title == "Title"
    assert [(b.kind, b.text) for b in statement.blocks] == [
        ("paragraph", "A paragraph wrapped over two lines."), ("heading", "Short heading"), ("paragraph", "End.")]


def test_import_writes_statement_and_refuses_to_overwrite(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    src = write(tmp_path / "in.txt", SEED_TEXT)
    args = ["archive", "import", str(src), "--after", "2024-10-26", "--date-note", "Undated; after 26 October 2024.",
            "--topics", "gaza,lebanon", "--slug", "seed"]
    first = run(args, project)
    assert "wrote docs/en/statements/seed.md: 34 paragraphs, 5 headings" in first.stdout
    target = project / "docs/en/statements/seed.md"
    before = target.read_bytes()
    second = run(args, project, check=False)
    assert second.returncode == 1 and "already exists" in second.stderr
    assert target.read_bytes() == before
    assert run(["archive", "check", "content", str(target)], project).returncode == 0


def test_import_errors_are_clear(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    empty = write(tmp_path / "empty.txt", "   \n")
    result = run(["archive", "import", str(empty), "--date", "2024-01-01", "--topics", "gaza"], project, check=False)
    assert result.returncode == 1 and "the file is empty" in result.stderr and "Traceback" not in result.stderr
    ok = write(tmp_path / "ok.txt", "Title\n\nText.\n")
    bad_topic = run(["archive", "import", str(ok), "--date", "2024-01-01", "--topics", "mars"], project, check=False)
    assert bad_topic.returncode == 2 and "unknown topic(s) mars" in bad_topic.stderr
    bad_date = run(["archive", "import", str(ok), "--date", "2024-02-30", "--topics", "gaza"], project, check=False)
    assert bad_date.returncode == 2 and "'2024-02-30' is not a date" in bad_date.stderr
    latin = write(tmp_path / "latin.txt", "Caf\u00e9\n\nText.\n".encode("latin-1"))
    result = run(["archive", "import", str(latin), "--date", "2024-01-01", "--topics", "gaza"], project, check=False)
    assert result.returncode == 1 and "not valid UTF-8" in result.stderr
