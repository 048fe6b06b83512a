"""What `archive import` refuses, and how: a clear `file:line: field: message`, exit 1, nothing written."""
from __future__ import annotations

import base64
import subprocess
import zipfile

import pypandoc
import pytest

from conftest import copy_project, run, write

PANDOC = pypandoc.get_pandoc_path()
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
OPTIONS = ["--date", "2024-01-01", "--topics", "gaza"]


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "p", with_statements=False)


def refused(project, path, *extra):
    result = run(["archive", "import", str(path), *OPTIONS, *extra], project, check=False)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert not list((project / "docs").glob("*/statements/*.md")), "nothing may be written"
    return result.stderr


def test_images_are_refused_naming_the_file(tmp_path, project):
    write(tmp_path / "chart.png", PNG)
    md = write(tmp_path / "s.md", "# Title\n\nText before.\n\n![A chart of the death toll](chart.png)\n\nText after.\n")
    docx = tmp_path / "s.docx"
    subprocess.run([PANDOC, str(md), "-o", str(docx)], cwd=tmp_path, check=True)
    for path in (md, docx):
        message = refused(project, path)
        assert f"{path.name}: image: the document contains 1 image(s)" in message
        assert "remove them, or replace each with a sentence" in message


def test_unsafe_html_is_refused_by_the_content_checks_with_the_source_line(tmp_path, project):
    page = write(tmp_path / "page.html", (
        "<html><body><nav>Home | About</nav>\n<article>\n<h1>Title</h1>\n<p>First paragraph.</p>\n"
        "<script>steal()</script>\n<p>A <a href=\"javascript:alert(1)\">link</a>.</p>\n</article></body></html>\n"))
    message = refused(project, page)
    assert "page.html:5: html: <script> is not allowed in a statement" in message
    assert "page.html:6: link:" in message and "javascript:" in message


def test_raw_html_in_markdown_is_checked_like_hand_written_content(tmp_path, project):
    md = write(tmp_path / "s.md", "---\ntitle: T\n---\n\nText.\n\n<iframe src=\"https://x.example\"></iframe>\n\n"
                                  "Fine <span lang=\"ar\">نص</span> here.\n")
    message = refused(project, md)
    assert "s.md:7: html: <iframe> is not allowed" in message
    assert "<span" not in message


@pytest.mark.parametrize("name, content, expected", [
    ("broken.docx", b"PK\x03\x04 this is not really a zip", "not a Word (.docx) file (it is not a ZIP package)"),
    ("empty.docx", b"", "the file is empty"),
    ("empty.txt", b"  \n\n", "the file is empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "this is a binary file, not plain text"),
    ("latin1.txt", "Déclaration\n\nTexte été.\n".encode("latin-1"), "latin1.txt:1: file: not valid UTF-8"),
    ("scan.pdf", b"%PDF-1.4", ".pdf is not a format the importer reads"),
])
def test_broken_files_are_refused_without_a_traceback(tmp_path, project, name, content, expected):
    assert expected in refused(project, write(tmp_path / name, content))


def test_a_zip_that_is_no_word_document(tmp_path, project):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "cannot read this Word (.docx) file" in refused(project, path)


def test_a_document_without_title_needs_one(tmp_path, project):
    md = write(tmp_path / "s.md", "Just a paragraph, no heading.\n\nAnother.\n")
    assert "s.md: title: the document has no title" in refused(project, md)
    result = run(["archive", "import", str(md), *OPTIONS, "--title", "Given title"], project)
    assert "wrote docs/en/statements/given-title.md: 2 paragraphs, 0 headings" in result.stdout


def test_markdown_citations_need_their_sources_and_handles_are_text(tmp_path, project):
    cited = write(tmp_path / "c.md", "# Title\n\nAs reported [@un-report, p. 4].\n")
    assert "c.md: citation: cites [@un-report] but lists no source with that id" in refused(project, cited)
    handle = write(tmp_path / "h.md", "# Handles\n\nThe @UN said so; write to a@b.org.\n")
    run(["archive", "import", str(handle), *OPTIONS], project)
    assert "The @UN said so; write to a@b.org." in (project / "docs/en/statements/handles.md").read_text("utf-8")


def test_a_broken_yaml_header_and_utf16_text(tmp_path, project):
    md = write(tmp_path / "y.md", "---\ntitle: [unclosed\n---\n\nText.\n")
    assert "y.md:3: front-matter: invalid YAML header" in refused(project, md)
    notepad = write(tmp_path / "u.txt", "Déclaration\r\n\r\nTexte en UTF-16.\r\n".encode("utf-16"))
    result = run(["archive", "import", str(notepad), *OPTIONS], project)
    assert "wrote docs/en/statements/declaration.md: 1 paragraphs, 0 headings" in result.stdout
