"""Robustness across operating systems: CRLF files, .gitattributes, git paths and encodings."""
from __future__ import annotations

import json
import locale
import shutil
import subprocess
from pathlib import Path, PureWindowsPath

import pytest
from conftest import REPO, copy_project, run

from statements_archive.content import frontmatter, model
from statements_archive.translation import status

STATEMENT = REPO / "docs" / "en" / "statements" / "stop-the-genocide-in-gaza.md"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _revision(path: Path) -> str:
    doc = frontmatter.read(path, path.name)
    statement, problems = model.from_document(doc, "en", path.stem, ["en"], lambda t: True)
    assert statement is not None, problems
    return statement.revision


def test_a_statement_saved_with_crlf_keeps_its_revision(tmp_path):
    crlf = tmp_path / STATEMENT.name
    crlf.write_bytes(STATEMENT.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    assert b"\r\n" in crlf.read_bytes()
    assert _revision(crlf) == _revision(STATEMENT)


def test_translations_do_not_turn_outdated_when_the_original_is_saved_with_crlf(tmp_path):
    project = copy_project(tmp_path / "project")
    before = json.loads(run(["archive", "translations", "--format", "json"], project).stdout)
    original = project / "docs" / "en" / "statements" / STATEMENT.name
    original.write_bytes(original.read_bytes().replace(b"\n", b"\r\n"))
    after = json.loads(run(["archive", "translations", "--format", "json"], project).stdout)
    assert after == before
    assert all(not states["outdated"] for states in after.values())


def test_gitattributes_stores_text_with_lf_and_leaves_binaries_alone():
    text = (REPO / ".gitattributes").read_text("utf-8")
    assert "* text=auto eol=lf" in text.splitlines()
    for pattern in ("*.png", "*.pdf", "*.woff2", "*.zim", "*.mo"):
        assert f"{pattern} binary" in text.splitlines(), pattern


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=repo,
                          check=True, capture_output=True)


@needs_git
def test_git_normalises_a_crlf_statement_to_lf(tmp_path):
    _git(tmp_path, "init", "-q")
    shutil.copy(REPO / ".gitattributes", tmp_path / ".gitattributes")
    (tmp_path / "s.md").write_bytes(b"---\r\ntitle: T\r\n---\r\n\r\nText.\r\n")
    (tmp_path / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n\r\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "x")
    assert _git(tmp_path, "show", "HEAD:s.md").stdout == b"---\ntitle: T\n---\n\nText.\n"
    assert _git(tmp_path, "show", "HEAD:p.png").stdout == b"\x89PNG\r\n\x1a\n\r\n"


@needs_git
def test_revision_text_from_git_uses_slashes_and_utf8(tmp_path, monkeypatch):
    repo = tmp_path / "repo"
    (repo / "docs" / "ar" / "statements").mkdir(parents=True)
    path = repo / "docs" / "ar" / "statements" / "bayan.md"
    old = "---\ntitle: أوقفوا الحرب\nsummary: فقرة واحدة.\n---\n\nالنص الأول.\n"
    path.write_text(old, "utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "one")
    path.write_text(old.replace("الأول", "الثاني"), "utf-8")
    _git(repo, "commit", "-q", "-am", "two")
    doc = frontmatter.parse(old, "x")
    wanted = model.from_document(doc, "", "", [], lambda t: True)[0].revision
    # As on Windows: a backslashed path, and a locale whose encoding is not UTF-8.
    monkeypatch.setattr(locale, "getpreferredencoding", lambda do_setlocale=True: "cp1252")
    if hasattr(locale, "getencoding"):  # what subprocess's text mode reads on 3.11+
        monkeypatch.setattr(locale, "getencoding", lambda: "cp1252")
    windows_path = PureWindowsPath("docs\\ar\\statements\\bayan.md")
    assert status.find_revision_text(repo, str(windows_path).replace("\\", "/"), wanted) == old
    assert status.find_revision_text(repo, windows_path, wanted) == old
