"""Citation formats, the review edit of the front-matter, and the review fields'
validation, without a build (the built site is tests/test_quoting.py)."""
from __future__ import annotations

import datetime as dt
import json

import bibtexparser
import jsonschema
import pytest
import yaml
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from statements_archive.content import frontmatter, model
from statements_archive.content.model import PubDate
from statements_archive.site import citation_formats as cf
from statements_archive.translation import review

TRICKY = 'Rights & "Wrongs" {50%} <b>now</b> #1 $5 ~ _x_ \\ end'


def ref(**kw):
    base = dict(title=TRICKY, lang="fr", url="https://archive.example.org/fr/statements/x/",
                archive="Archive", identifier="ipa/2024 07")
    return cf.reference(**{**base, **kw})


@pytest.mark.parametrize("date,parts", [
    (PubDate(dt.date(2024, 10, 28)), (2024, 10, 28)),
    (PubDate(dt.date(2024, 10, 26), None, False, "n"), ()),  # only "on or after": nothing is known
    (PubDate(dt.date(2024, 10, 26), dt.date(2024, 10, 30), False, "n"), (2024, 10)),
    (PubDate(dt.date(2024, 3, 1), dt.date(2024, 11, 30), False, "n"), (2024,)),
    (PubDate(dt.date(2024, 12, 30), dt.date(2025, 1, 2), False, "n"), ()),
    (None, ()),
])
def test_only_known_date_parts(date, parts):
    assert cf.known_date_parts(date) == parts


def test_highwire_date_only_when_day_or_year_alone_is_known():
    assert ("citation_publication_date", "2024/10/28") in cf.highwire(ref(date=PubDate(dt.date(2024, 10, 28))))
    year = PubDate(dt.date(2024, 3, 1), dt.date(2024, 11, 30), False, "n")
    assert ("citation_publication_date", "2024") in cf.highwire(ref(date=year))
    month = PubDate(dt.date(2024, 10, 1), dt.date(2024, 10, 30), False, "n")
    assert not [t for t in cf.highwire(ref(date=month)) if t[0] == "citation_publication_date"]


def test_csl_json_renders_with_citeproc_in_each_language():
    item = json.loads(cf.csl_json(ref(authors=[cf.Name("Org A"), cf.Name("Ana Lima", True)],
                                      date=PubDate(dt.date(2024, 10, 28)))))
    style = CitationStylesStyle("harvard-cite-them-right", locale="fr-FR", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(item), formatter.plain)
    bibliography.register(Citation([CitationItem(item[0]["id"])]))
    text = str(bibliography.bibliography()[0])
    assert "Org A" in text and "2024" in text
    assert "Org A" in cf.formatted(ref(authors=[cf.Name("Org A")]), "ar")


def test_formatted_reference_escapes_contributed_text():
    html = cf.formatted(ref(), "en")
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "No date" in html and "Anonymous" not in html


def test_bibtex_parses_back_to_the_same_fields():
    library = bibtexparser.parse_string(cf.bibtex(ref(authors=[cf.Name("Org & Co")], translators=["Jean"],
                                                      date=PubDate(dt.date(2024, 10, 28)))))
    assert not library.failed_blocks
    entry = library.entries[0]
    assert entry.key == "ipa-2024-07-fr"
    fields = entry.fields_dict
    assert fields["year"].value == "2024" and fields["date"].value == "2024-10-28"
    assert fields["author"].value == "{Org \\& Co}"
    assert fields["title"].value.startswith("{Rights \\& \"Wrongs\" \\{50\\%\\}")
    assert fields["url"].value == "https://archive.example.org/fr/statements/x/"


def test_ris_has_one_line_per_tag_and_ends_with_er():
    text = cf.ris(ref(title="Two\nlines", authors=[cf.Name("A"), cf.Name("B")], date=PubDate(dt.date(2024, 1, 2))))
    lines = text.split("\r\n")
    assert lines[0] == "TY  - ELEC" and lines[-2] == "ER  - " and lines[-1] == ""
    tags = [line[:2] for line in lines[:-1]]
    assert tags.count("AU") == 2 and "TI  - Two lines" in lines and "DA  - 2024/01/02/" in lines
    assert all(len(line) >= 6 and line[2:6] == "  - " for line in lines[:-1])


# --- review: the edit and the rules --------------------------------------------------------

DOC = """---
title: Titre
# a comment the edit must keep
summary: Résumé.
translation:
  revision: 0123456789ab
  translators:
  - Jean
  status: draft
  reviewers:
  - Old Name
topics: [gaza]
---

Texte.
"""


def test_sign_off_changes_only_the_review_keys():
    out = review.sign_off(DOC, "x.md", ["Ana", "Bo"], "abcdefabcdef")
    assert out.splitlines()[:7] == DOC.splitlines()[:7]
    assert "  status: reviewed\n  reviewers: [Ana, Bo]\n  reviewed_revision: abcdefabcdef\ntopics: [gaza]\n" in out
    assert "Old Name" not in out and out.endswith("---\n\nTexte.\n")
    meta = frontmatter.parse(out, "x.md").meta
    assert meta["translation"]["translators"] == ["Jean"] and meta["topics"] == ["gaza"]


def test_sign_off_keeps_crlf_and_quotes_odd_names():
    doc = DOC.replace("\n", "\r\n")
    out = review.sign_off(doc, "x.md", ["O'Brien: the second"], "abcdefabcdef")
    assert "\n" not in out.replace("\r\n", "")
    assert frontmatter.parse(out, "x.md").meta["translation"]["reviewers"] == ["O'Brien: the second"]


def test_sign_off_refuses_a_flow_mapping():
    doc = "---\ntitle: T\nsummary: S.\ntranslation: {revision: 0123456789ab, status: draft}\n---\n\nX\n"
    with pytest.raises(review.ReviewRefused, match="block mapping"):
        review.sign_off(doc, "x.md", ["Ana"], "abcdefabcdef")


def statement(meta: dict):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\nTexte.\n"
    return model.from_document(frontmatter.parse(text, "docs/fr/statements/x.md"), "fr", "x", ["en", "fr"],
                               lambda t: True)


def test_model_refuses_a_reviewer_who_translated_and_an_unsigned_review():
    _, problems = statement({"title": "T", "summary": "S.", "translation": {
        "revision": "0123456789ab", "translators": ["Jean"], "status": "reviewed",
        "reviewers": ["jean"], "reviewed_revision": "abcdefabcdef"}})
    assert [(p.field, "also translated" in p.message) for p in problems] == [("translation.reviewers", True)]
    _, problems = statement({"title": "T", "summary": "S.", "translation": {
        "revision": "0123456789ab", "status": "reviewed"}})
    assert [(p.field, p.severity) for p in problems] == [("translation.status", "warning")]


def test_a_review_holds_until_the_text_changes():
    s, problems = statement({"title": "T", "summary": "S.", "translation": {
        "revision": "0123456789ab", "status": "reviewed", "reviewers": ["Ana"], "reviewed_revision": "abcdefabcdef"}})
    assert problems == [] and not review.is_reviewed(s)  # recorded for another text
    s, _ = statement({"title": "T", "summary": "S.", "translation": {
        "revision": "0123456789ab", "status": "reviewed", "reviewers": ["Ana"], "reviewed_revision": s.revision}})
    assert review.is_reviewed(s)


def test_schema_knows_the_review_fields():
    schema = model.json_schema()
    ok = {"title": "T", "summary": "S.", "translation": {"revision": "0123456789ab", "status": "reviewed",
                                                         "reviewers": ["Ana"], "reviewed_revision": "abcdefabcdef"}}
    jsonschema.validate(ok, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**ok, "translation": {**ok["translation"], "reviewed_revision": "HEAD"}}, schema)


# --- the Markdown extension: markers and block numbers ------------------------------------

def render(text: str) -> str:
    import markdown
    from pymdownx.slugs import slugify

    md = markdown.Markdown(extensions=["attr_list", "toc", "fenced_code", "statements_archive.markdown.extension"],
                           extension_configs={"toc": {"permalink": True, "slugify": slugify(case="lower")}})
    return md.convert(text)


def test_marker_takes_the_space_before_it_only():
    html = render("A “quote” [@a]—, then. [@b; @c] Next\n[@d] end `[@e]` [not a cite](x)")
    assert "“quote”<sup" in html and "then.<sup" in html and "</sup> Next<sup" in html
    assert "<code>[@e]</code>" in html and '<a href="x">not a cite</a>' in html


def test_every_kind_of_block_is_numbered_with_one_permalink():
    html = render("Para.\n\n## Head\n\n- a\n- b\n\n> quote\n\n```\ncode [@x]\n```\n\n---\n\nLast.")
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    numbered = [(n.tag, n.attributes["data-block"]) for n in tree.body.iter() if "data-block" in n.attributes]
    assert numbered == [("p", "1"), ("h2", "2"), ("div", "3"), ("div", "4"), ("div", "5"), ("p", "6")]
    assert tree.css_first("h2").attributes["id"] == "head"  # toc's id stays; p-2 is an anchor inside
    assert tree.css_first("h2 > span.block-anchor").attributes["id"] == "p-2"
    for n in ("1", "3", "4", "5", "6"):
        links = tree.css(f"[data-block='{n}'] > a.block-link")
        assert [a.attributes["href"] for a in links] == [f"#p-{n}"]
    assert tree.css_first("div#p-5 > pre code").text() == "code [@x]\n"  # code stays code
