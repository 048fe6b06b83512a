"""Facts on the way in: date, authors, topics and language from the document's own metadata,
else from options; an unknown date stays unknown, never a file's save time."""
from __future__ import annotations

import re
import subprocess
import zipfile

import pypandoc
import pytest

from conftest import copy_project, run, write

PANDOC = pypandoc.get_pandoc_path()
CORE = """<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties
 xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Halte au génocide</dc:title>
 <dc:creator>Comité A</dc:creator><cp:keywords>Liban; Gaza; météo</cp:keywords><dc:language>fr-FR</dc:language>
 <dcterms:created xsi:type="dcterms:W3CDTF">2019-05-17T08:00:00Z</dcterms:created>
 <dcterms:modified xsi:type="dcterms:W3CDTF">2023-01-02T08:00:00Z</dcterms:modified></cp:coreProperties>"""


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    authors = project / "translations/authors.yml"
    authors.write_text((authors.read_text("utf-8") if authors.exists() else "")
                       + "\ncomite-a:\n  kind: organisation\n  name: Comité A\n", encoding="utf-8")
    return project


def word_document(tmp_path):
    """A Word file whose core properties (not its text) say title, author, keywords and language."""
    md = write(tmp_path / "plain.md", "Premier paragraphe du texte.\n\n# Une partie\n\nSecond paragraphe.\n")
    made = tmp_path / "made.docx"
    subprocess.run([PANDOC, str(md), "-o", str(made)], check=True)
    target = tmp_path / "halte.docx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(target, "w") as out:
        for item in src.infolist():
            out.writestr(item, CORE if item.filename == "docProps/core.xml" else src.read(item.filename))
    return target


def test_docx_core_properties_and_no_date_from_file_times(tmp_path, project):
    docx = word_document(tmp_path)
    undated = run(["archive", "import", str(docx)], project, check=False)
    assert undated.returncode == 1 and "date: the document states no publication date" in undated.stderr
    assert "a file's save time is never used" in undated.stderr
    result = run(["archive", "import", str(docx), "--after", "2024-10-26", "--date-note", "Undated."], project)
    assert "wrote docs/fr/statements/halte-au-genocide.md" in result.stdout
    assert "météo" in result.stdout  # a keyword that is no topic is reported, not used
    text = (project / "docs/fr/statements/halte-au-genocide.md").read_text("utf-8")
    assert "title: Halte au génocide" in text and "language: fr" in text
    assert re.search(r"^topics:\n- lebanon\n- gaza\n", text, re.M)  # labels in any language name topics
    assert re.search(r"^authors:\n- comite-a\n", text, re.M)
    assert "after: '2024-10-26'" in text and "2019" not in text and "2023-01-02" not in text
    assert run(["archive", "check", "content", str(project / "docs/fr/statements/halte-au-genocide.md")],
               project).returncode == 0


PAGE = """<!doctype html><html lang="de"><head><title>Erklärung | Alte Website</title>
<meta name="author" content="Comité A"><meta name="keywords" content="Palästina, gaza">
<meta name="description" content="Eine kurze Zusammenfassung."></head>
<body><header><nav><a href="/">Startseite</a> <a href="/about">Über uns</a></nav></header>
<main><article><header><h1>Stoppt den Krieg</h1><time datetime="2024-10-28" class="published">28. Oktober 2024</time></header>
<p>Am <time datetime="2023-10-07">7. Oktober 2023</time> begann der Krieg.</p>
<aside>Lesen Sie auch: andere Artikel</aside>
<p>Zweiter Absatz mit <a href="/de/bericht.html">Bericht</a>.</p>
<button>Teilen</button></article></main><footer>© Alte Website 2024</footer></body></html>
"""


def test_html_meta_and_time_and_only_the_main_content(tmp_path, project):
    page = write(tmp_path / "page.html", PAGE)
    result = run(["archive", "import", str(page)], project)
    assert "wrote docs/de/statements/stoppt-den-krieg.md: 2 paragraphs, 0 headings" in result.stdout
    text = (project / "docs/de/statements/stoppt-den-krieg.md").read_text("utf-8")
    assert "date: '2024-10-28'" in text  # the page's own date, not the one its text quotes
    assert "topics:\n- gaza\n" in text and "authors:\n- comite-a\n" in text
    assert "summary: Eine kurze Zusammenfassung." in text
    # Inline HTML the content rules allow (here <time>) is kept as written.
    assert 'Am <time datetime="2023-10-07">7. Oktober 2023</time> begann der Krieg.' in text
    for furniture in ("Startseite", "Lesen Sie auch", "Teilen", "Alte Website", "28. Oktober 2024"):
        assert furniture not in text
    # A link into the old site cannot be resolved without its address: kept as text, and said so.
    assert "Zweiter Absatz mit Bericht." in text and "relative link '/de/bericht.html' kept as text" in result.stdout


def test_relative_links_resolve_against_the_page_address(tmp_path, project):
    page = write(tmp_path / "page.html", PAGE.replace("<head>", '<head><link rel="canonical" href="https://old.example.org/de/erklaerung.html">'))
    run(["archive", "import", str(page)], project)
    text = (project / "docs/de/statements/stoppt-den-krieg.md").read_text("utf-8")
    assert "[Bericht](https://old.example.org/de/bericht.html)" in text


def test_options_fill_what_the_document_does_not_say_and_unknown_ids_are_usage_errors(tmp_path, project):
    src = write(tmp_path / "s.txt", "Title\n\nText.\n")
    result = run(["archive", "import", str(src), "--date", "2024-01-01", "--topics", "gaza", "--authors", "comite-a"],
                 project)
    assert "wrote docs/en/statements/title.md" in result.stdout
    assert "authors:\n- comite-a\n" in (project / "docs/en/statements/title.md").read_text("utf-8")
    unknown = run(["archive", "import", str(src), "--date", "2024-01-01", "--topics", "gaza", "--authors", "nobody",
                   "--slug", "other"], project, check=False)
    assert unknown.returncode == 2 and "unknown author id(s) nobody" in unknown.stderr


def test_a_language_the_site_does_not_publish_needs_lang(tmp_path, project):
    page = write(tmp_path / "ru.html", '<html lang="ru-RU"><body><article><h1>Заявление</h1><p>Текст.</p></article></body></html>')
    result = run(["archive", "import", str(page), "--date", "2024-01-01", "--topics", "gaza"], project, check=False)
    assert result.returncode == 1 and "the document says it is written in 'ru', which this site does not publish" in result.stderr
    chosen = run(["archive", "import", str(page), "--date", "2024-01-01", "--topics", "gaza", "--lang", "de"], project)
    assert "wrote docs/de/statements/zayavlenie.md" in chosen.stdout


def test_an_html_page_in_its_declared_encoding(tmp_path, project):
    page = write(tmp_path / "old.html", ('<html lang="fr"><head><meta charset="windows-1252"></head><body><article>'
                                         "<h1>Déclaration</h1><p>Un texte « cité ».</p></article></body></html>").encode("cp1252"))
    run(["archive", "import", str(page), "--date", "2024-01-01", "--topics", "gaza"], project)
    assert "Un texte « cité »." in (project / "docs/fr/statements/declaration.md").read_text("utf-8")


def test_the_title_on_the_page_beats_a_stale_property_and_a_subtitle_is_text(tmp_path, project):
    md = write(tmp_path / "h.md", "# Der sichtbare Titel\n\nErster Absatz.\n")
    made = tmp_path / "made.docx"
    subprocess.run([PANDOC, str(md), "-o", str(made)], check=True)
    stale = tmp_path / "stale.docx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(stale, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            out.writestr(item, CORE.replace("Halte au génocide", "Vorlage 2019").replace("fr-FR", "de")
                         if item.filename == "docProps/core.xml" else data)
    result = run(["archive", "import", str(stale), "--date", "2024-01-01"], project)
    assert "wrote docs/de/statements/der-sichtbare-titel.md: 1 paragraphs, 0 headings" in result.stdout
    assert "the file's properties say 'Vorlage 2019'" in result.stdout
    sub = write(tmp_path / "s.md", "---\ntitle: Titel\nsubtitle: Ein Untertitel.\n---\n\nText.\n")
    subprocess.run([PANDOC, str(sub), "-o", str(tmp_path / "s.docx")], check=True)
    run(["archive", "import", str(tmp_path / "s.docx"), "--date", "2024-01-01", "--topics", "gaza", "--lang", "de"],
        project)
    assert "---\n\nEin Untertitel.\n\nText.\n" in (project / "docs/de/statements/titel.md").read_text("utf-8")


WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta charset="utf-8"><title>Word</title>
<style>p.MsoNormal{margin:0}</style><!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>X</o:Author>
</o:DocumentProperties></xml><![endif]--></head>
<body lang=FR><div class=WordSection1><h1>Communiqué de presse</h1>
<p class=MsoNormal>Premier paragraphe<o:p></o:p></p>
<p class=MsoListParagraph><![if !supportLists]><span>1.<span>&nbsp;</span></span><![endif]>Élément un<o:p></o:p></p>
</div></body></html>
"""


def test_a_page_saved_by_word(tmp_path, project):
    page = write(tmp_path / "word.html", WORD_HTML)
    run(["archive", "import", str(page), "--date", "2024-01-01", "--topics", "gaza"], project)
    text = (project / "docs/fr/statements/communique-de-presse.md").read_text("utf-8")
    assert text.endswith("---\n\nPremier paragraphe\n\n1\\.\u00a0Élément un\n"), text
