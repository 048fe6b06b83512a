"""`archive translate SLUG LANG --from FILE`: the scaffold filled from a document, alignment breaks reported."""
from __future__ import annotations

import re
import subprocess

import pypandoc

from conftest import build, copy_project, run, write

PANDOC = pypandoc.get_pandoc_path()
ORIGINAL = """---
title: A statement on Lebanon
sources:
  - id: un-report
    title: A UN report
---

# The war widens

The first paragraph cites a report [@un-report].

The second paragraph.

# What we call for

The third paragraph.
"""
# The French file as a translator sends it: citation typed in, one paragraph split in two, a heading missing.
FRENCH = """---
title: Une déclaration sur le Liban
---

# La guerre s’étend

Le premier paragraphe cite un rapport [@un-report].

Le deuxième paragraphe.

Qui a été coupé en deux.

Le troisième paragraphe.
"""


def test_translation_from_a_word_file(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    original = write(tmp_path / "original.md", ORIGINAL)
    imported = run(["archive", "import", str(original), "--slug", "lebanon", "--date", "2024-10-01",
                    "--topics", "lebanon"], project)
    assert "wrote docs/en/statements/lebanon.md: 3 paragraphs, 2 headings" in imported.stdout
    assert "- id: un-report" in (project / "docs/en/statements/lebanon.md").read_text("utf-8")
    md = write(tmp_path / "fr.md", FRENCH)
    docx = tmp_path / "fr.docx"
    subprocess.run([PANDOC, str(md), "-o", str(docx)], check=True)
    result = run(["archive", "translate", "lebanon", "fr", "--from", str(docx)], project)
    target = project / "docs/fr/statements/lebanon.md"
    text = target.read_text("utf-8")
    assert "title: Une déclaration sur le Liban" in text and "status: draft" in text
    assert re.search(r"revision: [0-9a-f]{12}", text)
    # The citation the translator typed is a live marker again, since the original has that source.
    assert "Le premier paragraphe cite un rapport [@un-report]." in text
    out = result.stdout
    warnings = [l for l in out.split("\n") if ": warning: alignment: " in l]
    assert len(warnings) == 2, out
    # Each break names the line on both sides: the translation's and the original's.
    for warning in warnings:
        assert re.match(r"docs/fr/statements/lebanon.md:\d+: warning: alignment: .*docs/en/statements/lebanon.md:\d+", warning)
    english = (project / "docs/en/statements/lebanon.md").read_text("utf-8").split("\n")
    heading = english.index("## What we call for") + 1
    assert any(f"heading 2 at docs/en/statements/lebanon.md:{heading}" in w for w in warnings), warnings
    assert "2 place(s) where the blocks do not line up" in out
    # Written anyway, and the site builds with it.
    assert run(["archive", "check", "citations", str(target)], project).returncode == 0
    build(project, tmp_path / "site")
    assert (tmp_path / "site/fr/statements/lebanon/index.html").is_file()
    again = run(["archive", "translate", "lebanon", "fr", "--from", str(docx)], project, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert target.read_text("utf-8") == text


def test_aligned_translation_and_refused_files(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    run(["archive", "import", str(write(tmp_path / "o.txt", "Title\n\nOne.\n\nPart\n\nTwo.\n")),
         "--slug", "s", "--date", "2024-01-01", "--topics", "gaza"], project)
    good = write(tmp_path / "fr.txt", "Titre\n\nUn.\n\nPartie\n\nDeux.\n")
    result = run(["archive", "translate", "s", "fr", "--from", str(good)], project)
    assert "every block lines up with docs/en/statements/s.md" in result.stdout
    bad = write(tmp_path / "de.html", "<article><h1>Titel</h1><p>Eins.</p><script>x()</script></article>")
    refused = run(["archive", "translate", "s", "de", "--from", str(bad)], project, check=False)
    assert refused.returncode == 1 and "de.html:1: html: <script> is not allowed" in refused.stderr
    assert not (project / "docs/de/statements/s.md").exists()


def test_an_arabic_original_with_translations_from_files_builds_lists_and_switches(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    sources = {
        "ar": "---\ntitle: الإعلان العالمي لحقوق الإنسان\nlang: ar\ndate: 1948-12-10\nkeywords: [solidarity]\n---\n\n"
              "# الديباجة\n\nيولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.\n",
        "en": "---\ntitle: Universal Declaration of Human Rights\n---\n\n# Preamble\n\n"
              "All human beings are born free and equal in dignity and rights.\n",
        "fr": "---\ntitle: Déclaration universelle des droits de l’homme\n---\n\n# Préambule\n\n"
              "Tous les êtres humains naissent libres et égaux en dignité et en droits.\n",
    }
    files = {}
    for lang, text in sources.items():
        md = write(tmp_path / f"{lang}.md", text)
        files[lang] = tmp_path / f"{lang}.{'docx' if lang != 'fr' else 'odt'}"
        subprocess.run([PANDOC, str(md), "-o", str(files[lang])], check=True)
    imported = run(["archive", "import", str(files["ar"])], project)
    slug = "lln-llmy-lhqwq-lnsn"
    assert f"wrote docs/ar/statements/{slug}.md" in imported.stdout
    for lang in ("en", "fr"):
        result = run(["archive", "translate", slug, lang, "--from", str(files[lang])], project)
        assert "every block lines up" in result.stdout
    site = tmp_path / "site"
    build(project, site)
    pages = {"ar": site / "ar/statements" / slug / "index.html", "en": site / "statements" / slug / "index.html",
             "fr": site / "fr/statements" / slug / "index.html"}
    for lang, path in pages.items():
        html = path.read_text("utf-8")
        assert f'<html lang="{lang}"' in html
        for other in pages:  # each version points at the two others, as the seed's do
            assert f'hreflang="{other}" href="https://archive.example.org/{"" if other == "en" else other + "/"}' \
                   f'statements/{slug}/"' in html
    assert "Universal Declaration of Human Rights" in (site / "index.html").read_text("utf-8")
    assert "الإعلان العالمي لحقوق الإنسان" in (site / "ar/index.html").read_text("utf-8")


def test_a_translation_file_without_title_keeps_the_originals_to_translate(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    run(["archive", "import", str(write(tmp_path / "o.txt", "Title\n\nOne.\n")), "--slug", "s", "--date", "2024-01-01",
         "--topics", "gaza"], project)
    run(["archive", "translate", "s", "fr", "--from", str(write(tmp_path / "fr.md", "Un.\n"))], project)
    text = (project / "docs/fr/statements/s.md").read_text("utf-8")
    assert "# The file has no title: the title is still the original's" in text and "\ntitle: Title\n" in text
    assert text.endswith("---\n\nUn.\n")
