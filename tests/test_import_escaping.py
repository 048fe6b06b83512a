"""Any text a document holds renders as that text: the writer's escaping, on random input."""
from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from statements_archive.importing import plaintext
from statements_archive.importing.writer import Writer

EXTENSIONS = ["footnotes", "attr_list", "tables", "sane_lists", "statements_archive.markdown.extension"]
# Text heavy in what Markdown, HTML and the archive's citations and attributes read as syntax.
ALPHABET = st.sampled_from(list("abcXYZ019 .,;:!?-+=#>*_`~[](){}<>&|\\/@^\"'") + ["&amp;", "&copy;", "1.", "«", "ع"])
TEXT = st.lists(ALPHABET, min_size=1, max_size=40).map("".join).map(lambda t: " ".join(t.split())).filter(bool)


def inlines(text: str) -> list[dict]:
    out: list[dict] = []
    for n, word in enumerate(text.split(" ")):
        if n:
            out.append({"t": "Space"})
        out.append({"t": "Str", "c": word})
    return out


def rendered_text(md: str) -> str:
    html = markdown.markdown(md, extensions=EXTENSIONS)
    tree = LexborHTMLParser(f"<body>{html}</body>")
    for node in tree.css("a.block-link, .block-anchor"):
        node.decompose()
    return " ".join(tree.body.text().split())


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_a_paragraph_renders_verbatim(text):
    md = Writer().block({"t": "Para", "c": inlines(text)})
    assert rendered_text(md) == text, md


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_emphasis_and_table_cells_render_verbatim(a, b):
    para = Writer().block({"t": "Para", "c": inlines(a) + [{"t": "Space"}, {"t": "Emph", "c": inlines(b)}]})
    assert rendered_text(para) == f"{a} {b}", para
    # pandoc's Table: attr, caption, column specs, head (one row of two cells), bodies, foot.
    table = Writer().block({"t": "Table", "c": [
        ["", [], []], [None, []], [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]] * 2,
        [["", [], []], [[["", [], []], [[["", [], []], {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": inlines(a)}]],
                                         [["", [], []], {"t": "AlignDefault"}, 1, 1, [{"t": "Plain", "c": inlines(b)}]]]]]],
        [], [["", [], []], []]]})
    tree = LexborHTMLParser(markdown.markdown(table, extensions=EXTENSIONS))
    assert [" ".join(th.text().split()) for th in tree.css("th")] == [a, b], table


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_a_plain_text_paragraph_renders_verbatim(text):
    md = plaintext.escape_markdown(text)
    assert rendered_text(md) == text, md
