"""Every contributed file is untrusted: attack vectors in each kind, each failing the build at its file and line.

Three real builds of project copies (one per stage that stops a build: data
files, statement content, the output gate over the written pages), every
vector planted at once, since a build reports every problem of its stage;
then the gate itself on HTML vectors, and the escaping of what gets through
(a catalog string is text on the page, not markup).
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, build, copy_project, run, write
from selectolax.lexbor import LexborHTMLParser

from statements_archive.checks import catalogs, output_gate
from statements_archive.content import frontmatter, model

ORIGINAL = """---
title: {title}
date: {date}
topics: [gaza]
summary: {summary}
language: en
corrections:
  - {{date: 2024-11-02, text: {correction}}}
sources:
  - id: src-a
    title: {source_title}
    author: {source_author}
    publisher: {source_publisher}
    note: {source_note}
    url: {source_url}
    archive_url: {source_archive}
---

First paragraph cites [@src-a].

{body}
"""
SAFE = {"title": "A test statement", "date": "2024-10-28", "summary": "One paragraph.",
        "correction": "Fixed a figure.", "source_title": "Report A", "source_author": "Author A",
        "source_publisher": "Publisher A", "source_note": "Page 4.", "source_url": "https://example.org/a",
        "source_archive": "https://web.archive.org/web/2024/https://example.org/a", "body": "Second paragraph."}
XSS = '"<img src=x onerror=alert(1)>"'

# Front-matter fields: (name, value), caught by the content check at the field's line.
FRONT_MATTER = [
    ("title", XSS),
    ("summary", '"Text <script>alert(1)</script>"'),
    ("date", "{after: 2024-10-26, note: \"<svg onload=alert(1)>\"}"),
    ("correction", '"<a href=javascript:alert(1)>x</a>"'),
    ("source_title", '"<iframe src=https://evil.example/></iframe>"'),
    ("source_author", '"</cite><script>alert(1)</script>"'),
    ("source_publisher", '"&lt;img src=x onerror=alert(1)&gt;"'),
    ("source_note", '"<style>*{display:none}</style>"'),
    ("source_url", '"javascript:alert(1)"'),
    ("source_url", '"JaVaScRiPt&#58;alert(1)"'),
    ("source_archive", '"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="'),
    ("source_url", '" \\tjava\\nscript:alert(1)"'),
]
# Markdown bodies: caught by the source scan at the vector's line.
BODY = [
    "<img src=x onerror=alert(1)>",
    "<img/onerror=alert(1) src=x>",
    "[click](javascript:alert(1))",
    '<a href="java&#x0A;script:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    "<script>alert(1)</script>",
    '<iframe src="https://evil.example/"></iframe>',
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '<a href="&#106;&#97;vascript:alert(1)">x</a>',
    "A paragraph.\n{: onclick=\"alert(1)\" }",
    "<svg><script>alert(1)</script></svg>",
    "<style>body{background:url(https://evil.example/x)}</style>",
    '<form action="https://evil.example/"><input name=q></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<object data="x.swf"></object>',
    '<p style="background:url(https://evil.example/x.png)">x</p>',
    '<a href="%6A%61vascript:alert(1)">x</a>',
    "<details open ontoggle=alert(1)>x</details>",
    '<img srcset="https://tracker.example/a.png 2x" src="a.png">',
]
# Bodies the source scan lets through (http(s) images are links to it) and the output gate refuses.
GATE_BODY = [
    "![pixel](https://tracker.example/p.gif)",
    '<img src="https://tracker.example/raw.gif" alt="">',
]
# A contributor's template override: nothing but the gate stands between it and readers.
TEMPLATE_VECTORS = [
    ("<script>alert(1)</script>", "inline <script>"),
    ('<div onclick="alert(1)">x</div>', "event-handler attribute onclick="),
    ('<img src="https://cdn.example/x.png" alt="">', "loads https://cdn.example/x.png"),
    ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">', "loads https://fonts.googleapis.com"),
    ('<a href="javascript:alert(1)">x</a>', "javascript: URL"),
    ('<script src="https://cdn.example/x.js"></script>', "loads https://cdn.example/x.js"),
]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _statement(field: str | None = None, value: str | None = None) -> str:
    values = {**SAFE}
    if field:
        values[field] = value
    return ORIGINAL.format(**values)


def _expect(output: str, path: str, line: int) -> None:
    assert re.search(rf"^{re.escape(path)}:{line}: ", output, re.M), f"{path}:{line} not reported in:\n{output}"


@pytest.fixture(scope="module")
def content_build(tmp_path_factory):
    """A project with one statement per front-matter and body vector; the expected file:line of each."""
    project = copy_project(tmp_path_factory.mktemp("content"))
    expected = []
    for n, (field, value) in enumerate(FRONT_MATTER):
        text = _statement(field, value)
        path = f"docs/en/statements/front-{n}.md"
        write(project / path, text)
        expected.append((path, _line_of(text, value.split("{")[-1].strip('"')[:12] if field == "date" else value)))
    for n, body in enumerate(BODY):
        text = _statement("body", body)
        path = f"docs/en/statements/body-{n}.md"
        write(project / path, text)
        needle = body.split("\n")[-1] if body.startswith("A paragraph.") else body
        expected.append((path, _line_of(text, needle)))
    # A translation's translators (the only front-matter field a translator adds).
    original = _statement()
    doc = frontmatter.parse(original, "x")
    revision = model.from_document(doc, "en", "t", ["en"], lambda t: True)[0].revision
    translation = (f"---\ntitle: Une déclaration\nsummary: Un paragraphe.\nlanguage: en\n"
                   f"translation:\n  revision: {revision}\n  translators: [\"<img src=x onerror=alert(1)>\"]\n"
                   f"  status: draft\n---\n\nPremier paragraphe [@src-a].\n\nDeuxième paragraphe.\n")
    write(project / "docs/en/statements/with-translation.md", original)
    write(project / "docs/fr/statements/with-translation.md", translation)
    expected.append(("docs/fr/statements/with-translation.md", _line_of(translation, "translators")))
    result = build(project, tmp_path_factory.mktemp("site"), check=False)
    return project, result, expected


def test_every_front_matter_and_body_vector_fails_the_build_at_its_line(content_build):
    _, result, expected = content_build
    assert result.returncode != 0
    assert len(expected) == len(FRONT_MATTER) + len(BODY) + 1
    for path, line in expected:
        _expect(result.stderr, path, line)


def test_archive_check_content_reports_the_same(content_build):
    project, _, expected = content_build
    result = run(["archive", "check", "content"], project, check=False)
    assert result.returncode == 1
    for path, line in expected:
        _expect(result.stdout, path, line)


def _msgstr_line(po: Path, msgid: str) -> int:
    lines = po.read_text("utf-8").splitlines()
    return lines.index(f'msgid "{msgid}"') + 2


def _set_msgstr(po: Path, msgid: str, msgstr: str) -> int:
    text = po.read_text("utf-8")
    text, count = re.subn(rf'^msgid "{re.escape(msgid)}"\nmsgstr ".*"$', f'msgid "{msgid}"\nmsgstr "{msgstr}"',
                          text, flags=re.M)
    assert count == 1, msgid
    po.write_text(text, "utf-8")
    return _msgstr_line(po, msgid)


@pytest.fixture(scope="module")
def data_build(tmp_path_factory):
    """Catalogs, topic and type labels and mkdocs.yml, each with a vector; the expected file:line of each."""
    project = copy_project(tmp_path_factory.mktemp("data"))
    po = lambda lang: project / f"translations/{lang}/LC_MESSAGES/messages.po"  # noqa: E731
    shown = lambda lang: f"translations/{lang}/LC_MESSAGES/messages.po"  # noqa: E731
    expected = [
        (shown("fr"), _set_msgstr(po("fr"), "Sources", "Sources<img src=x onerror=alert(7)>")),
        (shown("de"), _set_msgstr(po("de"), "accessed %(date)s", "abgerufen am %(date)s %(secret)s")),
        (shown("es"), _set_msgstr(po("es"), "updated %(date)s", "actualizado")),
        (shown("he"), _set_msgstr(po("he"), "%(minutes)d min read", "%(minutes)d 100% דקות")),
        (shown("ar"), _set_msgstr(po("ar"), "Read the original (%(language)s)",
                                  "<a href=javascript:alert(1)>%(language)s</a>")),
        (shown("fr"), _set_msgstr(po("fr"), "Search", "Rechercher&#x3c;script&#x3e;")),
    ]
    for name, old, new in [("topics.yml", "  fr: Cisjordanie", "  fr: \"<img src=x onerror=alert(1)>\""),
                           ("types.yml", "  fr: Déclaration\n", "  fr: \"Déclaration<script>alert(1)</script>\"\n")]:
        path = project / "translations" / name
        text = path.read_text("utf-8").replace(old, new, 1)
        path.write_text(text, "utf-8")
        expected.append((f"translations/{name}", _line_of(text, new.strip())))
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = text.replace("site_name: Statements Archive", "site_name: \"Archive</title><script>alert(1)</script>\"")
    text = text.replace("site_description: ", "site_description: \"\\\"><img src=x onerror=alert(1)>\" # ", 1)
    text += "copyright: '<img src=x onerror=alert(1)>'\nextra:\n  homepage: javascript:alert(1)\n"
    config.write_text(text, "utf-8")
    for needle in ("site_name:", "site_description:", "copyright:", "homepage:"):
        expected.append(("mkdocs.yml", _line_of(text, needle)))
    result = build(project, tmp_path_factory.mktemp("site"), check=False)
    return project, result, expected


def test_every_data_file_vector_fails_the_build_at_its_line(data_build):
    _, result, expected = data_build
    assert result.returncode != 0
    for path, line in expected:
        _expect(result.stderr, path, line)


def test_archive_i18n_check_reports_catalog_and_label_vectors(data_build):
    project, _, expected = data_build
    result = run(["archive", "i18n", "check"], project, check=False)
    assert result.returncode == 1
    for path, line in expected:
        _expect(result.stdout, path, line)


@pytest.fixture(scope="module")
def gate_build(tmp_path_factory):
    """What only the output gate can catch: remote images in bodies, and a contributor's template."""
    project = copy_project(tmp_path_factory.mktemp("gate"))
    expected = []
    for n, body in enumerate(GATE_BODY):
        text = _statement("body", body)
        write(project / f"docs/en/statements/gate-{n}.md", text)
        expected.append((f"docs/en/statements/gate-{n}.md", _line_of(text, body)))
    main = project / "overrides" / "main.html"
    planted = "\n".join(vector for vector, _ in TEMPLATE_VECTORS)
    main.write_text(main.read_text("utf-8").replace("{% block content %}", "{% block content %}\n" + planted, 1),
                    "utf-8")
    result = build(project, tmp_path_factory.mktemp("site"), check=False)
    return result, expected


def test_remote_images_in_contributed_content_fail_the_build_at_their_line(gate_build):
    result, expected = gate_build
    assert result.returncode != 0
    for path, line in expected:
        _expect(result.stderr, path, line)
        assert re.search(rf"^{re.escape(path)}:{line}: request: .*from another host", result.stderr, re.M)


@pytest.mark.parametrize("vector,message", TEMPLATE_VECTORS)
def test_a_planted_template_fails_the_build_at_the_written_page(gate_build, vector, message):
    result, _ = gate_build
    found = [line for line in result.stderr.splitlines() if message in line and line.startswith("index.html:")]
    assert found, f"{vector!r} not reported on index.html:\n{result.stderr[-3000:]}"
    assert re.match(r"index\.html:\d+: ", found[0])


# --- the gate itself, on HTML as a browser parses it ---------------------------------

POLICY = output_gate.Policy("archive.example.org", frozenset({"'sha256-allowed'"}))
UNSAFE_HTML = [
    "<img/onerror=alert(1)>",
    "<img src=x oNeRrOr=alert(1)>",
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" \x01javascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;vascript&colon;alert(1)">x</a>',
    '<a href="JAVASCRIPT:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="%6A%61vascript:alert(1)">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    "<script>alert(1)</script>",
    '<script type="module">alert(1)</script>',
    '<script type="application/ld+json">{"a": "</p><!--"}</script>',
    '<script type="application/ld+json">{not json}</script>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<embed src="x.swf">',
    '<base href="/">',
    '<meta http-equiv="refresh" content="0;url=/elsewhere">',
    '<meta http-equiv="set-cookie" content="a=b">',
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<template><img src=x onerror=alert(1)></template>",
    '<svg><style><img src=x onerror=alert(1)></style></svg>',
    '<math><mtext><table><mglyph><svg><img src=x onerror=alert(1)>',
]
REQUESTS = [
    '<img src="https://tracker.example/p.gif">',
    '<img src="//tracker.example/p.gif">',
    '<img src="http:\\\\tracker.example\\p.gif">',
    '<img srcset="/ok.png 1x, https://tracker.example/p.gif 2x">',
    '<picture><source srcset="https://cdn.example/a.webp"><img src="/a.png"></picture>',
    '<link rel="stylesheet" href="https://fonts.googleapis.com/css">',
    '<link rel="preload" as="font" href="https://fonts.gstatic.com/x.woff2">',
    '<link rel="prefetch" href="https://evil.example/next">',
    '<link rel="icon" href="https://evil.example/favicon.ico">',
    '<link rel="dns-prefetch" href="//evil.example">',
    '<script src="https://cdn.example/x.js"></script>',
    '<video poster="https://cdn.example/p.jpg"></video>',
    '<audio src="https://cdn.example/a.mp3"></audio>',
    '<video><track src="https://cdn.example/t.vtt"></video>',
    '<svg><image href="https://cdn.example/i.png"/></svg>',
    '<svg><use href="https://cdn.example/s.svg#i"/></svg>',
    '<a href="/x" ping="https://tracker.example/ping">x</a>',
    '<form action="https://evil.example/collect"></form>',
    '<div style="background:url(https://evil.example/x.png)">x</div>',
    '<div style="background:u\\72l(https://evil.example/x.png)">x</div>',
    "<style>@import 'https://evil.example/a.css';</style>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
]
SAFE_HTML = [
    '<a href="https://www.thelancet.com/" rel="noopener noreferrer">a source link</a>',
    '<a href="mailto:editors@example.org">mail</a>',
    '<img src="../assets/images/logo.png" alt="">',
    '<img src="https://archive.example.org/assets/x.png" alt="">',
    '<link rel="alternate" hreflang="fr" href="https://archive.example.org/fr/">',
    '<link rel="canonical" href="https://archive.example.org/">',
    '<script src="../assets/archive/search.js" defer></script>',
    '<script type="application/ld+json">{"@context": "https://schema.org", "name": "a \\u003c b"}</script>',
    '<p title="javascript: the language">text about javascript:alert(1)</p>',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">',
    '<svg viewBox="0 0 24 24"><path d="M0 0h24v24H0z"/><use href="#icon"/></svg>',
]


@pytest.mark.parametrize("html", UNSAFE_HTML)
def test_gate_refuses_unsafe_markup(html):
    problems = output_gate.check_page(f"<!doctype html><html><head></head><body>\n{html}\n</body></html>", "p.html",
                                      POLICY)
    assert problems and all(p.path == "p.html" and p.line == 2 for p in problems), problems


@pytest.mark.parametrize("html", REQUESTS)
def test_gate_refuses_third_party_requests(html):
    problems = output_gate.check_page(f"<!doctype html><html><head>\n{html}\n</head><body></body></html>", "p.html",
                                      POLICY)
    assert any(p.field == output_gate.REQUEST and p.line == 2 for p in problems), problems
    # The privacy check is the same code, reporting requests only.
    privacy_only = output_gate.check_page(f"<html><head>\n{html}\n</head></html>", "p.html",
                                          output_gate.Policy("archive.example.org", only_requests=True))
    assert privacy_only and all(p.field == output_gate.REQUEST for p in privacy_only)


@pytest.mark.parametrize("html", SAFE_HTML)
def test_gate_lets_the_sites_own_markup_through(html):
    assert output_gate.check_page(f"<html><head></head><body>{html}</body></html>", "p.html", POLICY) == []


def test_allowlisted_inline_script_passes_and_only_by_its_exact_text():
    from statements_archive.site import csp
    text = "var palette = 1"
    policy = output_gate.Policy("", frozenset({csp.script_hash(text)}))
    assert output_gate.check_page(f"<script>{text}</script>", "p.html", policy) == []
    assert output_gate.check_page(f"<script>{text};alert(1)</script>", "p.html", policy)


def test_hashes_come_from_material_templates_not_from_pages():
    from statements_archive.site import csp
    templates = csp.material_templates()
    assert templates is not None
    hashes = csp.inline_script_hashes()
    palette = (templates / "partials/javascripts/palette.html").read_text("utf-8")
    script = re.search(r"<script>(.*?)</script>", palette, re.S).group(1)
    assert csp.script_hash(script) in hashes
    base = (templates / "partials/javascripts/base.html").read_text("utf-8")  # holds Jinja: never hashed
    assert csp.script_hash(re.search(r"<script>(.*?)</script>", base, re.S).group(1)) not in hashes


def test_the_built_site_passes_the_gate_and_carries_the_policy(built_site):
    from statements_archive.site import csp
    problems = output_gate.check_site(built_site, output_gate.Policy.for_site("https://archive.example.org/"))
    assert problems == []
    pages = sorted(built_site.rglob("*.html"))
    assert any(p.name == "404.html" and p.parent != built_site for p in pages)  # each language's 404 too
    for page in pages:
        tree = LexborHTMLParser(page.read_text("utf-8"))
        assert tree.css_first('meta[http-equiv="Content-Security-Policy"]').attributes["content"] == \
            csp.meta_policy(), page
        assert tree.css_first('meta[name="referrer"]').attributes["content"] == "no-referrer", page
        assert not tree.css("script:not([src]):not([type])") or all(
            csp.script_hash(s.text()) in csp.inline_script_hashes()
            for s in tree.css("script:not([src]):not([type])")), page
    assert (built_site / "_headers").read_text("utf-8") == csp.headers_text()


# --- what gets through is text -----------------------------------------------------

def test_catalog_strings_are_escaped_in_templates_even_past_the_check(tmp_path):
    """Escaping stands on its own: a catalog string with markup (were the check skipped) is text on the page."""
    import jinja2
    from statements_archive.translation import escaping

    class Catalog:
        def gettext(self, message):
            return {"Search": "<img src=x onerror=alert(7)>", "%(site)s: latest statements": '"%(site)s"'}.get(
                message, message)

        def ngettext(self, singular, plural, n):
            return singular if n == 1 else plural

    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])  # MkDocs' setting: no autoescape
    escaping.install(env, Catalog())
    html = env.from_string('<p title="{{ _(\'%(site)s: latest statements\', site=name) }}">{{ _(\'Search\') }}</p>'
                           ).render(name="<b onmouseover=x>")
    tree = LexborHTMLParser(html)
    assert tree.css("img") == [] and tree.css("b") == []
    assert tree.css_first("p").text() == "<img src=x onerror=alert(7)>"
    assert tree.css_first("p").attributes["title"] == '"<b onmouseover=x>"'


def test_citation_labels_from_catalogs_are_escaped():
    from statements_archive.markdown import citations
    evil = {"Sources": "<img src=x onerror=alert(7)>", "Source": "<b>S</b>",
            "Back to citation %(n)d": '" onmouseover="alert(1)'}
    page = citations.render('<p>x<sup class="citation" data-cites="[[&quot;a&quot;,&quot;&quot;,&quot;&quot;]]">'
                            "</sup></p>", [{"id": "a", "title": "T", "url": "https://x.org/"}],
                            lambda m: evil.get(m, m))
    tree = LexborHTMLParser(page)
    assert tree.css("img") == [] and tree.css("b") == []
    assert tree.css_first("h2").text() == evil["Sources"]
    assert not any(name.startswith("on") for node in tree.css("a") for name in node.attributes)


def test_placeholder_rules():
    assert catalogs.compare("%(num)d statement", "une", ("%(num)d statements",)) == []  # plural forms may drop it
    assert catalogs.compare("accessed %(date)s", "consulté le %(date)s") == []
    assert catalogs.compare("accessed %(date)s", "consulté")
    assert catalogs.compare("{name} wrote", "{nom} a écrit")
    assert catalogs.compare("Search", "Recherche &amp; plus")
    assert catalogs.compare("a &amp; b", "a &amp; b") == []  # markup the msgid carries is fine


def test_repository_data_files_are_clean():
    from statements_archive import config
    assert catalogs.check_project(REPO, config.load(REPO).codes) == []


# --- the merged site of the deploy workflow -----------------------------------------

@pytest.fixture(scope="module")
def part(tmp_path_factory):
    """The whole site built as one part (`archive build --language ...`), as a CI job builds one."""
    from statements_archive import config
    folder = tmp_path_factory.mktemp("parts") / "part-0"
    run(["archive", "build", "--language", ",".join(config.load(REPO).codes), "-d", str(folder)], REPO)
    return folder


def test_merge_gates_the_site_it_will_deploy(part, tmp_path):
    clean = run(["archive", "build", "--merge", str(part), "-d", str(tmp_path / "site")], REPO, check=False)
    assert clean.returncode == 0, clean.stderr
    assert (tmp_path / "site" / "_headers").is_file()
    tampered = tmp_path / "tampered"
    shutil.copytree(part, tampered)
    page = next((tampered / "fr" / "statements").glob("*/index.html"))
    text = page.read_text("utf-8")
    page.write_text(text.replace("</h1>", '</h1><img src="https://tracker.example/p.gif"><script>alert(1)</script>', 1),
                    "utf-8")
    line = text[: text.index("</h1>")].count("\n") + 1
    result = run(["archive", "build", "--merge", str(tampered), "-d", str(tmp_path / "out")], REPO, check=False)
    assert result.returncode == 1
    shown = page.relative_to(tampered).as_posix()
    assert f"{shown}:{line}: html: inline <script>" in result.stderr
    assert f"{shown}:{line}: request: <img src=> loads https://tracker.example/p.gif" in result.stderr
