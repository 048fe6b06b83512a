"""`archive import` of Word, OpenDocument, HTML, Markdown and plain text: every paragraph
of the source is on the built page, verbatim, in several languages and scripts.

The documents are made here with pandoc from Markdown, the way a real backlog's
files carry headings (heading styles), a title, footnotes, emphasis, links,
lists, quotes and tables; the site is built once and read with selectolax.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypandoc
import pytest
from selectolax.lexbor import LexborHTMLParser

from conftest import build, copy_project, run, write

PANDOC = pypandoc.get_pandoc_path()
FORMATS = ("docx", "odt", "html", "md")

# Universal Declaration of Human Rights, articles 1-3 (public domain), and text that looks like markup.
TEXTS = {
    "en": {
        "title": "Universal Declaration of Human Rights",
        "heading": "Freedom and equality", "subheading": "Life and liberty",
        "p1": ["All", " human beings are born free and equal in dignity and rights. They are endowed with reason and "
               "conscience and should act towards one another in a spirit of brotherhood."],
        "p2": "Everyone is entitled to all the rights and freedoms set forth in this Declaration, without distinction "
              "of any kind, such as race, colour, sex, language, religion, political or other opinion.",
        "quote": "Everyone has the right to life, liberty and security of person.",
        "items": ["No one shall be held in slavery or servitude.", "No one shall be subjected to torture."],
        "numbered": ["All are equal before the law.", "Everyone has the right to an effective remedy."],
        "cells": ["Article 1", "Dignity and rights"],
        "note": "Adopted by the General Assembly on 10 December 1948.",
    },
    "fr": {
        "title": "Déclaration universelle des droits de l’homme",
        "heading": "Liberté et égalité", "subheading": "La vie et la liberté",
        "p1": ["Tous", " les êtres humains naissent libres et égaux en dignité et en droits. Ils sont doués de raison "
               "et de conscience et doivent agir les uns envers les autres dans un esprit de fraternité."],
        "p2": "Chacun peut se prévaloir de tous les droits et de toutes les libertés proclamés dans la présente "
              "Déclaration, sans distinction aucune, notamment de race, de couleur, de sexe, de langue, de religion.",
        "quote": "Tout individu a droit à la vie, à la liberté et à la sûreté de sa personne.",
        "items": ["Nul ne sera tenu en esclavage ni en servitude.", "Nul ne sera soumis à la torture."],
        "numbered": ["Tous sont égaux devant la loi.", "Toute personne a droit à un recours effectif."],
        "cells": ["Article premier", "Dignité et droits"],
        "note": "Adoptée par l’Assemblée générale le 10 décembre 1948.",
    },
    "ar": {
        "title": "الإعلان العالمي لحقوق الإنسان",
        "heading": "الحرية والمساواة", "subheading": "الحياة والحرية",
        "p1": ["يولد", " جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا وعليهم أن يعامل "
               "بعضهم بعضًا بروح الإخاء."],
        "p2": "لكل إنسان حق التمتع بجميع الحقوق والحريات المذكورة في هذا الإعلان، دونما تمييز من أي نوع، ولا سيما "
              "التمييز بسبب العنصر، أو اللون، أو الجنس، أو اللغة، أو الدين.",
        "quote": "لكل فرد الحق في الحياة والحرية وسلامة شخصه.",
        "items": ["لا يجوز استرقاق أحد أو استعباده.", "لا يعرض أي إنسان للتعذيب."],
        "numbered": ["كل الناس سواسية أمام القانون.", "لكل شخص الحق في أن يلجأ إلى المحاكم الوطنية."],
        "cells": ["المادة 1", "الكرامة والحقوق"],
        "note": "اعتمدته الجمعية العامة في 10 كانون الأول/ديسمبر 1948.",
    },
    "he": {
        "title": "ההכרזה לכל באי עולם בדבר זכויות האדם",
        "heading": "חירות ושוויון", "subheading": "חיים וחירות",
        "p1": ["כל", " בני אדם נולדו בני חורין ושווים בערכם ובזכויותיהם. כולם חוננו בתבונה ובמצפון, לפיכך חובה "
               "עליהם לנהוג איש ברעהו ברוח של אחוה."],
        "p2": "כל אדם זכאי לכל הזכויות ולכל החירויות שנקבעו בהכרזה זו ללא הפליה כלשהי מטעמי גזע, צבע, מין, לשון, דת.",
        "quote": "לכל אדם הזכות לחיים, לחרות ולבטחון אישי.",
        "items": ["לא יוחזק אדם בעבדות או בשעבוד.", "לא יהיה אדם נתון לעינויים."],
        "numbered": ["הכל שווים לפני החוק.", "כל אדם זכאי לתרופה יעילה."],
        "cells": ["סעיף 1", "כבוד וזכויות"],
        "note": "אומצה על ידי העצרת הכללית ב־10 בדצמבר 1948.",
    },
}
# What would be markup if it were not escaped, written as pandoc Markdown escapes, and as it must read.
TRICKY_MD = ("Prices: 5 \\* 3 = 15, a \\<b\\>tag\\</b\\>, AT&T \\&copy; co, \\[not a link\\](x), \\#1 "
             "\\{: .not-attr\\} snake\\_case and a \\`tick\\`.")
TRICKY = "Prices: 5 * 3 = 15, a <b>tag</b>, AT&T &copy; co, [not a link](x), #1 {: .not-attr} snake_case and a `tick`."
TRICKY2_MD = "1948\\. The year; - not a list, > not a quote."
TRICKY2 = "1948. The year; - not a list, > not a quote."


def markdown_source(lang: str) -> str:
    t = TEXTS[lang]
    return f"""---
title: "{t['title']}"
lang: {lang}
date: 2024-03-05
keywords: [solidarity]
---

# {t['heading']}

*{t['p1'][0]}*{t['p1'][1]}[^1]

{t['p2']} [link](https://example.org/udhr)

## {t['subheading']}

> {t['quote']}

- {t['items'][0]}
- {t['items'][1]}

1. {t['numbered'][0]}
2. {t['numbered'][1]}

| {t['cells'][0]} | {t['cells'][1]} |
|---|---|
| {t['cells'][1]} | {t['cells'][0]} |

{TRICKY_MD}

{TRICKY2_MD}

[^1]: {t['note']}
"""


def expected_paragraphs(lang: str) -> list[str]:
    t = TEXTS[lang]
    return [t["p1"][0] + t["p1"][1], t["p2"] + " link", t["quote"], *t["items"], *t["numbered"],
            *t["cells"], TRICKY, TRICKY2, t["note"]]


def rendered_texts(page: Path) -> tuple[list[str], LexborHTMLParser]:
    tree = LexborHTMLParser(page.read_text("utf-8"))
    body = tree.css_first(".statement")
    for selector in (".statement-header", "a.block-link", "a.headerlink", "sup[id^='fnref']", "a.footnote-backref",
                     ".block-anchor"):
        for node in body.css(selector):
            node.decompose()
    texts = [" ".join(n.text().split()) for n in body.css("p, li, td, th, h2, h3")]
    return texts, LexborHTMLParser(page.read_text("utf-8"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every format in every language imported into one project, built once."""
    root = tmp_path_factory.mktemp("formats")
    project = copy_project(root / "project", with_statements=False)
    sources = root / "sources"
    outputs = {}
    for lang in TEXTS:
        md = write(sources / lang / "statement.md", markdown_source(lang))
        for fmt in FORMATS:
            path = md if fmt == "md" else sources / lang / f"statement.{fmt}"
            if fmt != "md":
                subprocess.run([PANDOC, str(md), "-s", "-o", str(path)], check=True)
            result = run(["archive", "import", str(path), "--slug", f"udhr-{fmt}-{lang}"], project)
            outputs[fmt, lang] = result.stdout
        text = "\n\n".join([TEXTS[lang]["title"], TEXTS[lang]["heading"], TEXTS[lang]["p1"][0] + TEXTS[lang]["p1"][1],
                            TEXTS[lang]["p2"], TEXTS[lang]["subheading"], TEXTS[lang]["quote"], TRICKY, TRICKY2])
        txt = write(sources / lang / "statement.txt", text + "\n")
        outputs["txt", lang] = run(["archive", "import", str(txt), "--slug", f"udhr-txt-{lang}", "--lang", lang,
                                    "--date", "2024-03-05", "--topics", "solidarity"], project).stdout
    site = root / "site"
    build(project, site)
    return project, site, outputs


def page(site: Path, lang: str, slug: str) -> Path:
    return site / ("" if lang == "en" else lang) / "statements" / slug / "index.html"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", list(TEXTS))
def test_every_paragraph_is_on_the_page_verbatim(imported, fmt, lang):
    project, site, _ = imported
    # The language folder is the document's own language (from its metadata), not the default one.
    assert (project / "docs" / lang / "statements" / f"udhr-{fmt}-{lang}.md").is_file()
    texts, tree = rendered_texts(page(site, lang, f"udhr-{fmt}-{lang}"))
    for paragraph in expected_paragraphs(lang):
        assert paragraph in texts, f"{fmt}/{lang}: missing {paragraph!r} in {texts}"
    assert tree.css_first("h1").text(strip=True) == TEXTS[lang]["title"]
    assert [h.text(strip=True).rstrip("¶") for h in tree.css(".statement h2[data-block]")] == [TEXTS[lang]["heading"]]
    assert [h.text(strip=True).rstrip("¶") for h in tree.css(".statement h3[data-block]")] == [TEXTS[lang]["subheading"]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_structure_survives(imported, fmt):
    _, site, _ = imported
    tree = LexborHTMLParser(page(site, "ar", f"udhr-{fmt}-ar").read_text("utf-8"))
    body = tree.css_first(".statement")
    t = TEXTS["ar"]
    assert [e.text() for e in body.css("p em")] == [t["p1"][0]]
    assert [(a.text(), a.attributes["href"]) for a in body.css("p[data-block] a[href^='https']")] == [("link", "https://example.org/udhr")]
    assert body.css_first("blockquote").text(strip=True) == t["quote"]
    assert [li.text(strip=True) for li in body.css(".archive-block > ul > li")] == t["items"]
    assert [li.text(strip=True) for li in body.css(".archive-block > ol > li")] == t["numbered"]
    assert [td.text(strip=True) for td in body.css(".archive-block table td")] == [t["cells"][1], t["cells"][0]]
    notes = body.css(".footnote li")
    assert len(notes) == 1 and t["note"] in notes[0].text()
    # Nothing of the markup-looking text became markup.
    assert not body.css("b") and not body.css(".not-attr")


def test_plain_text_in_any_script(imported):
    project, site, outputs = imported
    for lang in TEXTS:
        assert outputs["txt", lang].startswith(f"wrote docs/{lang}/statements/udhr-txt-{lang}.md: 5 paragraphs, 2 headings")
        texts, tree = rendered_texts(page(site, lang, f"udhr-txt-{lang}"))
        t = TEXTS[lang]
        for paragraph in (t["p1"][0] + t["p1"][1], t["p2"], t["quote"], TRICKY, TRICKY2):
            assert paragraph in texts
        assert [h.text(strip=True).rstrip("¶") for h in tree.css(".statement h2[data-block]")] == [t["heading"], t["subheading"]]


def test_metadata_of_the_documents_is_used(imported):
    project, _, outputs = imported
    for fmt in FORMATS:
        text = (project / "docs/ar/statements" / f"udhr-{fmt}-ar.md").read_text("utf-8")
        assert "date: '2024-03-05'" in text and "- solidarity" in text and "language: ar" in text, (fmt, text)
        assert re.search(r"^title: الإعلان العالمي لحقوق الإنسان$", text, re.M), text
