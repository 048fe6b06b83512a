"""`archive import DIR`: every file imported or refused with its reason, a summary, never an overwrite."""
from __future__ import annotations

import subprocess

import pypandoc

from conftest import copy_project, run, write

PANDOC = pypandoc.get_pandoc_path()


def test_a_folder_at_once(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    backlog = tmp_path / "backlog"
    write(backlog / "01-appel.txt", "Appel à la grève\n\nNous appelons à la grève générale.\n")
    md = write(tmp_path / "src.md", "---\ntitle: Solidarité avec le Liban\n---\n\nTexte du communiqué.\n")
    subprocess.run([PANDOC, str(md), "-o", str(backlog / "02-liban.docx")], check=True)
    write(backlog / "03-page.html", "<html><body><article><h1>Pour la paix</h1><p>Un texte.</p></article></body></html>")
    write(backlog / "04-scan.pdf", b"%PDF-1.4 ...")
    write(backlog / "05-broken.txt", b"\x00\x01\x02binary")
    write(backlog / "06-same.txt", "Appel à la grève\n\nLe même titre, donc le même nom de fichier.\n")
    write(backlog / "sub" / "07-note.md", "# Note de presse\n\nUn paragraphe.\n")
    write(backlog / ".DS_Store", b"\x00\x00")
    write(backlog / "~$liban.docx", b"lock")
    args = ["archive", "import", str(backlog), "--lang", "fr", "--date", "2024-05-01", "--topics", "lebanon"]
    result = run(args, project, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.strip().split("\n")
    assert lines[0].endswith("01-appel.txt -> docs/fr/statements/appel-a-la-greve.md")
    assert lines[0].startswith("imported ")
    assert any(l.startswith("imported ") and l.endswith("02-liban.docx -> docs/fr/statements/solidarite-avec-le-liban.md")
               for l in lines)
    assert any(l.endswith("03-page.html -> docs/fr/statements/pour-la-paix.md") for l in lines)
    assert any(l.startswith("refused ") and "04-scan.pdf: file: .pdf is not a format the importer reads" in l
               for l in lines)
    assert any(l.startswith("refused ") and "05-broken.txt: file: this is a binary file" in l for l in lines)
    assert any(l.startswith("refused ") and "06-same.txt: slug: docs/fr/statements/appel-a-la-greve.md already exists"
               in l for l in lines)
    assert any(l.endswith("07-note.md -> docs/fr/statements/note-de-presse.md") for l in lines)
    assert lines[-1] == "7 file(s): 4 imported, 3 refused"
    assert not any(".DS_Store" in l or "~$" in l for l in lines)
    written = sorted(p.name for p in (project / "docs/fr/statements").glob("*.md"))
    assert written == ["appel-a-la-greve.md", "note-de-presse.md", "pour-la-paix.md", "solidarite-avec-le-liban.md"]
    before = {p: p.read_bytes() for p in (project / "docs/fr/statements").glob("*.md")}
    again = run(args, project, check=False)
    assert again.returncode == 1 and again.stdout.strip().endswith("7 file(s): 0 imported, 7 refused")
    assert {p: p.read_bytes() for p in (project / "docs/fr/statements").glob("*.md")} == before


def test_a_clean_folder_exits_zero_and_dry_run_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    backlog = tmp_path / "backlog"
    write(backlog / "a.txt", "First statement\n\nText one.\n")
    write(backlog / "b.txt", "Second statement\n\nText two.\n")
    args = ["archive", "import", str(backlog), "--date", "2024-05-01", "--topics", "gaza"]
    dry = run(args + ["--dry-run"], project)
    assert dry.stdout.strip().endswith("2 file(s): 2 would be imported, 0 refused")
    assert not (project / "docs/en/statements").exists()
    done = run(args, project)
    assert done.stdout.strip().endswith("2 file(s): 2 imported, 0 refused")
    assert run(args + ["--slug", "x"], project, check=False).returncode == 2
