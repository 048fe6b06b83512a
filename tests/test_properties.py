"""Property-based robustness: any input gives a result or a clear error, never an exception."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statements_archive.markdown import citations

from statements_archive.content import frontmatter

from statements_archive.importing import plaintext as importer

from statements_archive.content import model
from statements_archive.checks.report import Problem

LANGS = ["en", "fr"]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30),
                         st.sampled_from(["2024-02-30", "2024-10-28", "{after: 2024-10-26}", "[a, b]", "!!python/name:os.system"]))
yaml_lines = st.lists(st.one_of(
    st.builds(lambda k, v: f"{k}: {v}", st.sampled_from(model.FIELD_NAMES + ["x", "- a", "  id"]), yaml_scalars),
    st.text(max_size=40)), max_size=12)


def _valid_problems(problems):
    for p in problems:
        assert isinstance(p, Problem) and p.message and p.path and isinstance(p.line, int)


@SETTINGS
@given(yaml_lines, st.text(max_size=200))
def test_front_matter_loader_never_raises(lines, body):
    text = "---\n" + "\n".join(lines) + "\n---\n" + body
    doc = frontmatter.parse(text, "x.md")
    statement, problems = model.from_document(doc, "en", "x", LANGS, lambda t: t == "gaza")
    _valid_problems(problems)
    assert statement is not None or problems


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_parses_or_errors(text):
    doc = frontmatter.parse(text, "x.md")
    _valid_problems(doc.problems)


@SETTINGS
@given(st.text(max_size=600))
def test_importer_result_or_clear_error(text):
    try:
        statement = importer.parse_plain(text)
    except importer.ImportError_ as exc:
        assert str(exc)
        return
    assert statement.title and statement.blocks
    rendered = importer.render(statement, {"topics": ["gaza"]})
    assert rendered.startswith("---\n")


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("[]@;, -_:.p0123456789abc`\n")), max_size=120))
def test_citation_parser_never_raises(text):
    for occ in citations.occurrences(text, 1):
        assert occ.line >= 1 and occ.cites
    citations.cited_ids(text)


def test_citation_placeholder_renders_a_link_to_its_source():
    html = citations.render('<p><sup class="citation" data-cites="[[&quot;a&quot;, &quot;&quot;, &quot;&quot;]]"></sup></p>',
                            [{"id": "a"}], lambda s: s)
    assert "#source-a" in html
