"""Plain text: which lines are headings, `--headings`, and `--dry-run`'s outline."""
from __future__ import annotations

from conftest import copy_project, run, write

from statements_archive.importing import plaintext

# The opening of the Universal Declaration of Human Rights as a plain-text file has it.
UDHR = """Universal Declaration of Human Rights

Preamble

Whereas recognition of the inherent dignity and of the equal and inalienable rights of all members of the human family is the foundation of freedom, justice and peace in the world,

Whereas it is essential to promote the development of friendly relations between nations,

Now, therefore,

The General Assembly,

Proclaims this Universal Declaration of Human Rights as a common standard of achievement for all peoples and all nations.

Article 1

All human beings are born free and equal in dignity and rights.

considering that short lines can start lowercase

Article 2

Everyone is entitled to all the rights and freedoms set forth in this Declaration:
"""


def kinds(text, headings="auto"):
    return [(b.kind, b.text) for b in plaintext.parse_plain(text, headings).blocks]


def test_sentence_fragments_are_not_headings():
    blocks = kinds(UDHR)
    headings = [text for kind, text in blocks if kind == "heading"]
    assert headings == ["Preamble", "Article 1", "Article 2"]
    assert ("paragraph", "Whereas it is essential to promote the development of friendly relations between nations,") in blocks
    assert ("paragraph", "Now, therefore,") in blocks
    assert ("paragraph", "The General Assembly,") in blocks
    assert ("paragraph", "considering that short lines can start lowercase") in blocks


def test_arabic_punctuation_ends_a_sentence_too():
    text = "العنوان\n\nحيث إن الاعتراف بالكرامة المتأصلة،\n\nالمادة 1\n\nيولد جميع الناس أحرارًا.\n"
    assert kinds(text) == [("paragraph", "حيث إن الاعتراف بالكرامة المتأصلة،"), ("heading", "المادة 1"),
                           ("paragraph", "يولد جميع الناس أحرارًا.")]


def test_headings_option_none_and_line_numbers():
    assert all(kind == "paragraph" for kind, _ in kinds(UDHR, "none"))
    # Line 9 is "Now, therefore,", line 15 "Article 1": exactly those become headings.
    chosen = kinds(UDHR, plaintext.parse_headings("9,15"))
    assert [text for kind, text in chosen if kind == "heading"] == ["Now, therefore,", "Article 1"]


def test_dry_run_prints_the_outline_and_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    src = write(tmp_path / "udhr.txt", UDHR)
    result = run(["archive", "import", str(src), "--dry-run", "--after", "1948-12-10", "--date-note",
                  "Adopted on 10 December 1948.", "--topics", "solidarity"], project)
    out = result.stdout
    assert "title:      Universal Declaration of Human Rights" in out
    assert "slug:       universal-declaration-of-human-rights" in out
    assert "target:     docs/en/statements/universal-declaration-of-human-rights.md" in out
    assert "paragraphs: 8" in out and "headings:   3" in out
    assert "line 3    ## Preamble" in out and "line 15   ## Article 1" in out and "line 21   ## Article 2" in out
    assert "unknown day, after 1948-12-10" in out
    assert out.rstrip().endswith("dry run: nothing written")
    assert not list((project / "docs").glob("*/statements/*.md"))


def test_headings_option_errors_name_the_line(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    src = write(tmp_path / "udhr.txt", UDHR)
    base = ["archive", "import", str(src), "--date", "1948-12-10", "--topics", "solidarity", "--dry-run"]
    wrong = run(base + ["--headings", "4"], project, check=False)
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert "udhr.txt:4: headings: line 4 is blank" in wrong.stderr
    title = run(base + ["--headings", "1"], project, check=False)
    assert title.returncode == 1 and "line 1 is the title" in title.stderr
    bad = run(base + ["--headings", "three"], project, check=False)
    assert bad.returncode == 2 and "expected auto, none or line numbers" in bad.stderr
    none = run(base + ["--headings", "none"], project)
    assert "headings:   0" in none.stdout and "paragraphs: 11" in none.stdout
