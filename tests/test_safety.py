"""Raw HTML and URL safety of contributed Markdown (statements_archive.checks.safety)."""
from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from statements_archive.checks.report import ERROR, WARNING
from statements_archive.checks.safety import ALLOWED_TAGS, check_markdown

FIRST = 7  # bodies start on line 7 of their file, as after a short front-matter

# (id, body, line in the body (1-based) of the finding, field)
ATTACKS = [
    ("script-tag", "Intro.\n\n<script>alert(1)</script>\n", 3, "html"),
    ("script-uppercase", "x\n<SCRIPT SRC=//evil.example/x.js></SCRIPT>", 2, "html"),
    ("script-inline", "We said <script>alert(1)</script> today.", 1, "html"),
    ("iframe", "a\n\nb\n<iframe src=\"https://evil.example\"></iframe>", 4, "html"),
    ("object", "<object data=\"x.swf\"></object>", 1, "html"),
    ("embed", "para\n\n<embed src=x.swf>", 3, "html"),
    ("style-tag", "<style>body{display:none}</style>", 1, "html"),
    ("form", "Sign:\n<form action=https://evil.example><input name=p></form>", 2, "html"),
    ("base", "<base href=\"https://evil.example/\">", 1, "html"),
    ("meta-refresh", "\n\n<meta http-equiv=refresh content=\"0;url=https://evil.example\">", 3, "html"),
    ("link-tag", "<link rel=stylesheet href=https://evil.example/x.css>", 1, "html"),
    ("svg-onload", "text\n<svg/onload=alert(1)>", 2, "html"),
    ("math", "<math><mi>x</mi></math>", 1, "html"),
    ("template", "<template><b>x</b></template>", 1, "html"),
    ("button", "press <button>here</button>", 1, "html"),
    ("img-onerror", "ok\n\n<img src=x onerror=alert(1)>", 3, "html"),
    ("onclick-allowed-tag", "<b onclick=\"alert(1)\">bold</b>", 1, "html"),
    ("slash-separated-attr", "<img/src=\"x\"/onerror=alert(1)>", 1, "html"),
    ("handler-on-next-line", "<span\n  title=\"t\"\n  onmouseover=\"alert(1)\">x</span>", 3, "html"),
    ("style-attr", "<span style=\"position:fixed;top:0\">fake banner</span>", 1, "html"),
    ("a-href-javascript", "<a href=\"javascript:alert(1)\">x</a>", 1, "link"),
    ("a-href-entity-dec", "<a href=\"&#106;avascript:alert(1)\">x</a>", 1, "link"),
    ("a-href-entity-hex", "<a href=\"&#x6A;avascript:alert(1)\">x</a>", 1, "link"),
    ("a-href-entity-colon", "<a href=\"javascript&colon;alert(1)\">x</a>", 1, "link"),
    ("a-href-entity-58", "<a href='javascript&#58;alert(1)'>x</a>", 1, "link"),
    ("a-href-tab", "<a href=\"java\tscript:alert(1)\">x</a>", 1, "link"),
    ("a-href-entity-tab", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", 1, "link"),
    ("a-href-leading-ctrl", "<a href=\" \x01\njavascript:alert(1)\">x</a>", 1, "link"),
    ("a-href-vbscript", "<a href=vbscript:msgbox(1)>x</a>", 1, "link"),
    ("img-src-data", "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\" alt=x>", 1, "link"),
    ("md-link-javascript", "See [the source](javascript:alert(1)).", 1, "link"),
    ("md-link-mixed-case", "x\n[a](JaVaScRiPt:alert(1))", 2, "link"),
    ("md-link-spaces", "[a](   javascript:alert(1) )", 1, "link"),
    ("md-link-tab-inside", "[a](java\tscript:alert(1))", 1, "link"),
    ("md-link-angle", "[a](<javascript:alert(1)>)", 1, "link"),
    ("md-link-backslash", "[a](javascript\\:alert(1))", 1, "link"),
    ("md-link-entity", "[a](&#106;avascript:alert(1))", 1, "link"),
    ("md-link-entity-colon", "[a](javascript&colon;alert(1))", 1, "link"),
    ("md-link-percent", "[a](%6Aavascript:alert(1))", 1, "link"),
    ("md-link-next-line", "[a](\njavascript:alert(1))", 2, "link"),
    ("md-image-data", "para\n\n![chart](data:image/png;base64,iVBORw0KGgo=)", 3, "link"),
    ("md-image-javascript", "![x](javascript:alert(1))", 1, "link"),
    ("ref-def", "Click [here][r].\n\n[r]: javascript:alert(1)", 3, "link"),
    ("ref-def-next-line", "[here][r]\n\n[r]:\n    javascript:alert(1)", 4, "link"),
    ("ref-def-angle", "[r]: <vbscript:x>", 1, "link"),
    ("ref-def-in-list", "- item\n- [r]: javascript:alert(1)", 2, "link"),
    ("autolink", "Visit <javascript:alert(1)> now", 1, "link"),
    ("attr-list-handler", "A paragraph.\n{: onclick=\"alert(1)\" }", 2, "html"),
    ("attr-list-href", "[x](https://ok.example){: href=\"javascript:alert(1)\" }", 1, "link"),
    ("abrupt-comment", "<!--><script>alert(1)</script>-->", 1, "html"),
    ("comment-bang-close", "<!-- a --!><img src=x onerror=alert(1)> -->", 1, "html"),
    ("cdata-bogus-comment", "<![CDATA[><script>alert(1)</script>]]>", 1, "html"),
    ("unclosed-fence", "ok\n\n```\n<script>alert(1)</script>\n", 4, "html"),
    ("longer-closing-fence", "````\n<script>alert(1)</script>\n`````\n", 2, "html"),
    ("fence-ambiguous-close", "```\n````\n~~~\n```\n<script>alert(1)</script>\n~~~", 5, "html"),
    ("indented-fence", "    ```\n<script>alert(1)</script>\n    ```", 2, "html"),
    ("unpaired-backtick-before", "x `a\n`<b onclick=1>`", 2, "html"),
    ("list-items-backticks", "- `a\n- <b onclick=x>`", 2, "html"),
    ("backtick-in-attribute", "<a title=\"`\">`<img src=x onerror=alert(1)>`", 1, "html"),
    ("span-in-raw-block", "<div>\n`<script>x</script>`\n</div>", 2, "html"),
    ("tag-across-paragraphs", "<b title=\"\n\n<script>alert(1)</script>\n\n\">", 3, "html"),
    ("comment-across-paragraphs", "text <!--\n\n<script>x</script>\n\n-->", 3, "html"),
    ("raw-block-tag-across-blank-line", "<div\n\nonclick=\"alert(1)\">x</div>", 3, "html"),
    ("inline-tag-across-blank-in-raw-block", "<div>\ntext <b\n\nonmouseover=alert(1)>x</b>\n</div>", 4, "html"),
]


@pytest.mark.parametrize("body, line, field", [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])
def test_attack_is_an_error_on_its_line(body, line, field):
    problems = check_markdown(body, "docs/en/statements/x.md", FIRST)
    errors = [p for p in problems if p.severity == ERROR]
    assert errors, f"no error for {body!r}"
    expected = FIRST + line - 1
    assert any(p.line == expected and p.field == field for p in errors), problems
    assert all(p.path == "docs/en/statements/x.md" for p in problems)


BENIGN = [
    ("fenced-script", "Code:\n\n```html\n<script>alert(1)</script>\n```\n"),
    ("tilde-fence", "~~~\n<iframe src=javascript:alert(1)></iframe>\n[x](javascript:alert(1))\n~~~"),
    ("fence-with-attrs", "```{ .html }\n<form><input></form>\n```"),
    ("longer-fence", "````\n```\n<script>\n```\n````"),
    ("inline-code", "The tag `<script>` and ``<b onclick=\"x\">`` are quoted."),
    ("inline-code-link", "Write `[x](javascript:alert(1))` to see why it is blocked."),
    ("https-links", "[source](https://example.org/a?b=1&c=2) and <https://example.org>\n\n"
                    "![photo](https://example.org/p.jpg \"A photo\")"),
    ("mailto-tel", "[write](mailto:press@example.org) or [call](tel:+15555550100)"),
    ("relative-links", "[other](../fr/statements/x.md#top) [anchor](#sources) ![img](img/a.png)\n\n"
                       "[ref]: ../about.md \"About: the archive\""),
    ("allowed-tags", "<abbr title=\"European Union\" lang=\"en\">EU</abbr> H<sub>2</sub>O, E = mc<sup>2</sup>,"
                     " <kbd>Ctrl</kbd>, <mark class=\"hl\">marked</mark>, <q cite=\"https://example.org\">q</q>,"
                     "<br> <del>old</del> <ins>new</ins> <span dir=\"rtl\" lang=\"ar\">نص</span>"),
    ("allowed-structure", "<details>\n<summary>More</summary>\n\nHidden text.\n\n</details>\n\n"
                          "<figure>\n<img src=\"https://example.org/a.jpg\" alt=\"A\" width=\"300\">\n"
                          "<figcaption>Caption</figcaption>\n</figure>"),
    ("allowed-link-tag", "<a href=\"https://example.org\" hreflang=\"fr\" title=\"x\">site</a>"),
    ("comments", "<!-- translator's note: check the date -->\nText.\n\n<!--\nDraft:\n\n<b>old</b>\n-->"),
    ("less-than-text", "Turnout was < 40%, we <3 democracy, 2 > 1 and a<b."),
    ("table", "| a | b |\n|---|---|\n| `<script>` | <b>x</b> |"),
    ("footnote", "A claim.[^1]\n\n[^1]: Source: the minutes, p. 4."),
    ("attr-list-class", "## Title {: #intro .lead }\n\n[x](https://example.org){: target=\"_blank\" rel=\"noopener\" }"),
    ("plain-javascript-word", "The word javascript: appears in prose, not in a link."),
]


@pytest.mark.parametrize("body", [b[1] for b in BENIGN], ids=[b[0] for b in BENIGN])
def test_benign_input_has_no_problem(body):
    assert check_markdown(body, "x.md", FIRST) == []


def test_each_finding_is_reported_once_with_its_own_line():
    body = "Intro\n<script>a()</script>\n\n[x](javascript:b())\n\n<b onclick=c()>x</b>\n"
    problems = check_markdown(body, "s.md", 10)
    assert [(p.line, p.field) for p in problems] == [(11, "html"), (13, "link"), (15, "html")]


def test_messages_say_what_is_wrong_and_what_is_right():
    (tag,) = check_markdown("<iframe src=x></iframe>", "s.md")
    assert "<iframe>" in tag.message and "not allowed" in tag.message and "Markdown" in tag.message
    (link,) = check_markdown("[x](javascript:alert(1))", "s.md")
    assert "javascript:" in link.message and "https://" in link.message
    (attr,) = check_markdown("<b onclick=x>y</b>", "s.md")
    assert "onclick" in attr.message and "remove" in attr.message
    (other,) = check_markdown("<b data-x=1>y</b>", "s.md")
    assert "data-x" in other.message and "allowed there" in other.message


def test_unknown_scheme_is_a_warning():
    (problem,) = check_markdown("[x](ftp://example.org/file)", "s.md")
    assert problem.severity == WARNING and problem.field == "link"


def test_every_tag_outside_the_allowlist_is_an_error():
    for tag in ("applet", "frame", "frameset", "input", "textarea", "select", "noscript", "video", "h1"):
        assert tag not in ALLOWED_TAGS
        (problem,) = check_markdown(f"<{tag}>", "s.md")
        assert problem.severity == ERROR and f"<{tag}>" in problem.message


def test_crlf_and_lone_cr_keep_file_lines():
    assert check_markdown("a\r\nb\r\n<script>x</script>\r\n", "s.md", 5)[0].line == 7
    # A lone CR is a line break to Markdown but not a new line of the file.
    assert check_markdown("a\rb\n<script>x</script>", "s.md", 5)[0].line == 6


def test_code_in_list_item_fence_is_checked_conservatively():
    # Indented fences are not skipped (not every engine reads them as code).
    body = "- item\n\n    ```\n    <script>x</script>\n    ```\n"
    assert [p.line for p in check_markdown(body, "s.md")] == [4]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/!-`~[]()\"'=:& \n\tabjsvcriptonload#x;")), max_size=120))
def test_never_crashes_and_lines_stay_in_range(body):
    problems = check_markdown(body, "s.md", 3)
    last = 3 + body.count("\n")
    assert all(3 <= p.line <= last for p in problems)


def test_rendered_html_is_a_second_opinion(monkeypatch):
    """Markup the source scan took for code is still caught in the rendered page."""
    import statements_archive.checks.safety as safety

    # Pretend the source scan wrongly took the whole line for code.
    monkeypatch.setattr(safety.scanner, "mask_code",
                        lambda text, certain=False: text.replace("<b onclick=x>", " " * 13))
    problems = check_markdown("Intro\n\n- `a\n- <b onclick=x>`\n", "s.md", 20)
    assert [(p.line, p.field) for p in problems] == [(23, "html")]
    assert "rendered page" in problems[0].message


def test_angle_bracket_destination_is_one_finding():
    assert len(check_markdown("[a](<javascript:alert(1)>)", "s.md")) == 1
    assert len(check_markdown("[r]: <vbscript:x>", "s.md")) == 1


FLOODS = {  # a unit of pathological markup, repeated
    "lt": ("<a ", ""), "lt-gt": ("<a x\n\n", ">"), "comments": ("<!-- x\n\n", "-->"),
    "quotes": ("<a title=\"", ">"), "links": ("[x](", ""), "brackets": ("](", ""),
    "fences": ("~~~x\n", ""), "backticks": ("`a`` ", ""),
}


def _calls(body: str) -> int:
    """Python and C function calls made checking ``body``: a count, not a clock."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        count += event in ("call", "c_call")

    sys.setprofile(profile)
    try:
        check_markdown(body, "s.md")
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("name", list(FLOODS))
def test_floods_of_markup_cost_linear_work(name):
    """Pathological input cannot stall `archive check content` or the build:
    twice the markup costs at most about twice the work."""
    unit, tail = FLOODS[name]
    small, large = _calls(unit * 1000 + tail), _calls(unit * 2000 + tail)
    assert large <= 2.2 * small + 1000, (small, large)


def test_too_complex_markup_is_an_error_not_a_pass():
    (problem,) = check_markdown("<a x\n\n" * 20000 + ">", "s.md", 4)
    assert problem.severity == ERROR and problem.line == 4 and "&lt;" in problem.message


def test_front_matter_text_is_escaped_in_the_page(tmp_path):
    """Titles and translators' names are text: what HTML treats specially reaches readers as text.
    (Markup itself is refused with its line: tests/test_security_gate.py.)"""
    from conftest import build, copy_project

    project = copy_project(tmp_path / "project")
    path = project / "docs" / "fr" / "statements" / "stop-the-genocide-in-gaza.md"
    text = path.read_text("utf-8").replace("translators: []", "translators: ['Mallory < b > \"&\"']", 1)
    path.write_text(text.replace("title: Stop", "title: x < img > \"y\" & Stop", 1), "utf-8")
    build(project, tmp_path / "site")
    page = (tmp_path / "site" / "fr" / "statements" / "stop-the-genocide-in-gaza" / "index.html").read_text("utf-8")
    assert "< img >" not in page and "< b >" not in page
    assert "Mallory &lt; b &gt; &#34;&amp;&#34;" in page and page.count("x &lt; img &gt; &#34;y&#34; &amp;") >= 3
