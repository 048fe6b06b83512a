"""Property-based robustness: for any input the readers give a result that says
something true of that input, or a clear error with a line inside the file."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from statements_archive.checks.report import Problem
from statements_archive.content import frontmatter, model
from statements_archive.importing import plaintext as importer
from statements_archive.markdown import citations, scanner

LANGS = ["en", "fr"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30),
                         st.sampled_from(["2024-02-30", "2024-10-28", "{after: 2024-10-26}", "[a, b]", "!!python/name:os.system"]))
yaml_lines = st.lists(st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(model.FIELD_NAMES + ["x", "- a", "  id"]), yaml_scalars),
    st.text(max_size=40)), max_size=12)


def _located(problems: list[Problem], text: str) -> None:
    """Each problem names the file, says something, and points inside the file."""
    last = text.count("\n") + 1
    for p in problems:
        assert isinstance(p, Problem) and p.message.strip() and p.path == "x.md"
        assert 0 <= p.line <= last, (p, last)


@SETTINGS
@given(yaml_lines, st.text(max_size=200))
@example(["title: T", "date: 2024-10-28", "topics: [gaza]", "summary: S.", "language: en"], "Text.")
def test_front_matter_is_validated_or_located(lines, body):
    text = "---\n" + "\n".join(lines) + "\n---\n" + body
    doc = frontmatter.parse(text, "x.md")
    statement, problems = model.from_document(doc, "en", "x", LANGS, lambda t: t == "gaza")
    _located(problems, text)
    errors = [p for p in problems if p.severity == "error"]
    if not errors:  # accepted: what the file says is what the statement holds
        assert statement.title == doc.meta["title"].strip() and statement.topics == ("gaza",)
        assert statement.body == doc.body and doc.body.strip()


@SETTINGS
@given(st.text(max_size=400))
@example("---\ntitle: T\n---\nBody\n\nmore")
def test_the_body_is_the_text_after_the_front_matter(text):
    doc = frontmatter.parse(text, "x.md")
    _located(doc.problems, text)
    if not doc.problems:
        lines = text.split("\n")
        assert lines[0].strip() == "---"
        assert "\n".join(lines[doc.body_line - 1:]) == doc.body


@SETTINGS
@given(st.text(max_size=600))
def test_the_importer_keeps_every_line_of_text_or_says_why_not(text):
    try:
        statement = importer.parse_plain(text)
    except importer.ImportError_ as exc:
        assert str(exc).strip()
        return
    rendered = importer.render(statement, {"topics": ["gaza"]})
    assert rendered.startswith("---\n")
    doc = frontmatter.parse(rendered, "x.md")
    assert doc.problems == [] and doc.meta["title"]
    # Text that looks like Markdown is written with backslash escapes; a reader sees it unescaped.
    unescaped = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", doc.body)
    kept = " ".join(unescaped.split()) + " " + " ".join(str(doc.meta["title"]).split())
    for line in text.splitlines():
        words = " ".join(line.split())
        if words:
            assert words.lstrip("#").strip() in kept, words


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("[]@;, -_:.p0123456789abc`\n")), max_size=120))
def test_every_citation_found_is_on_its_line_and_outside_code(text):
    lines = text.split("\n")
    masked = scanner.mask_code(text).split("\n")
    for occ in citations.occurrences(text, 1):
        assert 1 <= occ.line <= len(lines) and occ.cites
        for cite in occ.cites:
            assert "@" + cite.id in masked[occ.line - 1]  # found where it is, never inside code
    assert set(citations.cited_ids(scanner.mask_code(text))) >= {c.id for o in citations.occurrences(text, 1)
                                                                  for c in o.cites}


def test_citation_placeholder_renders_a_link_to_its_source():
    html = citations.render('<p><sup class="citation" data-cites="[[&quot;a&quot;, &quot;&quot;, &quot;&quot;]]"></sup></p>',
                            [{"id": "a"}], lambda s: s)
    assert 'href="#source-a"' in html
