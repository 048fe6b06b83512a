"""Citations: `archive check citations` on broken fixtures, and the rendered HTML."""
from __future__ import annotations

import json
import re

import pytest
from conftest import build, copy_project, run, write
from selectolax.lexbor import LexborHTMLParser


ORIGINAL = """---
title: Cited statement
date: 2024-05-01
topics: [gaza]
summary: Summary.
language: en
sources:
  - id: alpha
    title: Alpha report
    publisher: Alpha Institute
    date: 2024-04
    url: https://example.org/alpha
    archive_url: https://web.archive.org/web/2024/https://example.org/alpha
  - id: beta
    title: Beta interview
    author: B. Person
    url: https://example.org/beta
  - id: gamma
    publisher: Gamma News
---

First claim [@beta] and a second [@alpha, p. 4].

- a list item cites [@gamma]

> a quote cites [@alpha; @beta]

| figure | source |
|---|---|
| 43,000 | [@alpha] |

Inline `[@not-a-citation]` and a footnote.[^1]

```
[@also-not-a-citation]
```

[^1]: The footnote cites [@gamma].
"""

TRANSLATION = """---
title: Déclaration citée
summary: Résumé.
translation:
  revision: {revision}
  translators: [Ana]
  status: reviewed
---

Première affirmation [@beta] et une seconde [@alpha, p. 4].

- un élément cite [@gamma]

> une citation cite [@alpha; @beta]

| chiffre | source |
|---|---|
| 43 000 | [@alpha] |

Du code `[@not-a-citation]` et une note.[^1]

```
[@also-not-a-citation]
```

[^1]: La note cite [@gamma].
"""


def revision_of(project, text):
    from statements_archive.content import frontmatter
    from statements_archive.content import model
    doc = frontmatter.parse(text, "x")
    statement, _ = model.from_document(doc, "en", "x", ["en"], lambda t: True)
    return statement.revision


@pytest.fixture
def cited(tmp_path):
    project = copy_project(tmp_path / "p", with_statements=False)
    write(project / "docs/en/statements/cited.md", ORIGINAL)
    write(project / "docs/fr/statements/cited.md", TRANSLATION.format(revision=revision_of(project, ORIGINAL)))
    return project


def check(project, fmt="text"):
    return run(["archive", "check", "citations", "--format", fmt], project, check=False)


def test_clean_fixture_passes(cited):
    result = check(cited)
    assert result.returncode == 0, result.stdout
    assert "0 error(s)" in result.stdout
    assert "warning: sources.2: source 'gamma' has no title" in result.stdout  # missing fields warn, never fail


@pytest.mark.parametrize("edit,line,message", [
    (lambda t: t.replace("First claim [@beta]", "First claim [@nope]"), 22,
     "citation: [@nope] matches no source; known ids: alpha, beta, gamma"),
    (lambda t: t.replace("  - id: gamma", "  - id: beta"), 18, "duplicate source id 'beta' (first on line 14)"),
    (lambda t: t.replace("https://example.org/beta", "example.org/beta"), 17,
     "'example.org/beta' is not an absolute http(s) URL"),
    (lambda t: t.replace("archive_url: https://web", "archive_url: ftp://web"), 13, "is not an absolute http(s) URL"),
    (lambda t: t.replace("date: 2024-04\n", "date: 2024-13\n"), 11, "'2024-13' is not a valid date"),
    (lambda t: t.replace("  - id: gamma\n    publisher: Gamma News\n",
                         "  - id: gamma\n    publisher: Gamma News\n  - id: delta\n    title: Unused\n"), 20,
     "source 'delta' is never cited"),
])
def test_integrity_errors_with_line(cited, edit, line, message):
    path = cited / "docs/en/statements/cited.md"
    path.write_text(edit(ORIGINAL), encoding="utf-8")
    result = check(cited)
    assert result.returncode == 1, result.stdout
    assert any(l.startswith(f"docs/en/statements/cited.md:{line}: ") and message in l
               for l in result.stdout.splitlines()), result.stdout


def test_translation_paragraph_that_lost_or_gained_a_citation(cited):
    path = cited / "docs/fr/statements/cited.md"
    text = path.read_text("utf-8")
    text = text.replace("- un élément cite [@gamma]", "- un élément cite")
    text = text.replace("> une citation cite [@alpha; @beta]", "> une citation cite [@alpha; @beta; @gamma]")
    path.write_text(text, encoding="utf-8")
    result = check(cited, fmt="json")
    assert result.returncode == 1
    problems = {(p["path"], p["line"]): p["message"] for p in json.loads(result.stdout) if p["severity"] == "error"}
    assert problems[("docs/fr/statements/cited.md", 12)].startswith("paragraph lost [@gamma]")
    assert problems[("docs/fr/statements/cited.md", 14)].startswith("paragraph gained [@gamma]")


def test_translation_must_not_copy_sources(cited):
    path = cited / "docs/fr/statements/cited.md"
    path.write_text(path.read_text("utf-8").replace("translation:", "sources: []\ntranslation:"), encoding="utf-8")
    result = check(cited)
    assert result.returncode == 1
    assert "sources: a translation inherits the original's sources; remove this list" in result.stdout


def test_github_format_and_usage_error(cited):
    path = cited / "docs/en/statements/cited.md"
    path.write_text(ORIGINAL.replace("[@beta] and", "[@nope] and"), encoding="utf-8")
    result = check(cited, fmt="github")
    assert "::error file=docs/en/statements/cited.md,line=22,title=citation::[@nope] matches no source" in result.stdout
    usage = run(["archive", "check", "citations", "--format", "xml"], cited, check=False)
    assert usage.returncode == 2


def test_build_fails_on_citation_errors(cited, tmp_path):
    path = cited / "docs/en/statements/cited.md"
    path.write_text(ORIGINAL.replace("[@beta] and", "[@nope] and"), encoding="utf-8")
    result = build(cited, tmp_path / "site", check=False)
    assert result.returncode != 0
    assert "cited.md:22: citation: [@nope] matches no source" in result.stderr


@pytest.fixture
def cited_site(cited, tmp_path):
    site = tmp_path / "site"
    build(cited, site)
    return site


def _statement(site, prefix=""):
    return LexborHTMLParser((site / prefix / "statements/cited/index.html").read_text("utf-8"))


def test_rendered_numbering_backlinks_and_links(cited_site):
    html = _statement(cited_site)
    numbers = [a.text() for a in html.css("sup.citation a")]
    # Numbered by first citation: beta=1, alpha=2, gamma=3; locators are kept.
    assert numbers == ["1", "2, p. 4", "3", "2", "1", "2", "3"]
    sources = html.css("section.sources ol > li")
    assert [li.attributes["id"] for li in sources] == ["source-beta", "source-alpha", "source-gamma"]
    alpha = sources[1]
    assert [a.attributes["href"] for a in alpha.css(".source-backlinks a")] == ["#cite-alpha-1", "#cite-alpha-2", "#cite-alpha-3"]
    for ref in ("cite-alpha-1", "cite-alpha-2", "cite-alpha-3"):
        assert html.css_first(f"#{ref}") is not None
    assert [a.attributes["href"] for a in alpha.css("a.source-url")] == [
        "https://example.org/alpha", "https://web.archive.org/web/2024/https://example.org/alpha"]
    assert "No web address known." in sources[2].text()


def test_citations_in_lists_quotes_tables_footnotes_but_not_code(cited_site):
    html = _statement(cited_site)
    assert html.css_first("li sup.citation") is not None
    assert html.css_first("blockquote sup.citation") is not None
    assert html.css_first("td sup.citation") is not None
    assert html.css_first(".footnote sup.citation") is not None
    codes = [c.text() for c in html.css("code")]
    assert "[@not-a-citation]" in codes and any("[@also-not-a-citation]" in c for c in codes)


def test_translation_renders_inherited_sources_with_translated_labels(cited_site):
    html = _statement(cited_site, "fr")
    assert html.css_first("section.sources h2").text() == "Sources"
    assert len(html.css("section.sources ol > li")) == 3
    assert "Copie archivée" in html.css_first("#source-alpha").text()


def _with_citations(text: str) -> str:
    """``text`` rendered by Python-Markdown with the archive's citation extension alone."""
    import markdown

    from statements_archive.markdown import extension

    return markdown.Markdown(extensions=[extension.makeExtension()]).convert(text)


@pytest.mark.parametrize("text, before, after", [
    ("First claim [@beta].", "First claim", "."),
    ("claim \n  [@beta] next", "claim", " next"),  # one line break and the spaces around it
    ("a\t [see @beta, p. 3]", "a", ""),
    ("`code` [@beta]", "<code>code</code>", ""),
])
def test_a_marker_takes_the_spaces_before_it(text, before, after):
    """As Pandoc's note styles: the superscript follows the preceding character."""
    html = _with_citations(text)
    body = html[html.index(">") + 1:html.index('<a class="block-link"')]
    assert re.fullmatch(re.escape(before) + r'<sup class="citation" data-cites="[^"]*"></sup>' + re.escape(after), body)


def test_a_marker_keeps_a_blank_line_before_it_as_a_new_paragraph():
    html = _with_citations("claim\n\n  [@beta] next")
    assert '<p data-block="2" id="p-2"><sup class="citation"' in html
