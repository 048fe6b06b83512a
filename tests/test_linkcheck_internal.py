"""Internal link checking over small built-site fixtures (no network)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from anywhere, without an installed package
    sys.path.insert(0, str(ROOT))

from statements_archive import config as site_config  # noqa: E402
from statements_archive.checks.links import internal, pages  # noqa: E402
from statements_archive.checks.links.internal import Resolver, SiteBase  # noqa: E402
from statements_archive.checks.links.pagesource import SourceMap, to_problems  # noqa: E402

SITE_URL = "https://example.org/archive/"

MKDOCS_YML = """\
site_name: Archive
site_url: https://example.org/archive/
use_directory_urls: true
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
plugins:
  - search
  - i18n:
      docs_structure: folder
      languages:
        - locale: en
          default: true
        - locale: fr
        - locale: ar
"""

ALPHA_MD = """\
---
title: Alpha
sources:
  - id: s1
    url: https://example.com/a
---
Intro paragraph.

See [the beta statement](beta.md) for context.
A [missing statement](gone.md) is cited here.
Jump to [a vanished section](beta.md#nope).
Read [the French version](../../fr/statements/alpha.md).
![Portrait](../img/portrait.png)
"""

ALPHA_FR_MD = """\
---
title: Alpha (fr)
---
Voir [la déclaration perdue](perdue.md).
"""


def page(body: str, nav: str = "", title: str = "Page") -> str:
    """A page shaped like Material's: theme chrome around an article."""
    return f"""<!doctype html>
<html><head><title>{title}</title>
<link rel="stylesheet" href="/archive/assets/style.css">
</head><body>
<nav class="md-nav">{nav}</nav>
<div class="md-content"><article class="md-content__inner md-typeset">
{body}
</article></div>
</body></html>
"""


NAV = '<a href="/archive/">Home</a> <a href="/archive/theme-missing/">Broken nav</a>'


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path / "mkdocs.yml", MKDOCS_YML)
    write(tmp_path / "docs/en/index.md", "# Home\n")
    write(tmp_path / "docs/en/statements/alpha.md", ALPHA_MD)
    write(tmp_path / "docs/en/statements/beta.md", "---\ntitle: Beta\n---\n## Real\n")
    write(tmp_path / "docs/fr/statements/alpha.md", ALPHA_FR_MD)
    site = tmp_path / "site"
    write(site / "assets/style.css", "body{}")
    write(site / "statements/img/portrait.png", "png")
    write(site / "statements/img/portrait-2x.png", "png")
    write(site / "index.html", page('<h1 id="home">Home</h1><a href="statements/alpha/">Alpha</a>', NAV))
    write(site / "statements/alpha/index.html", page(
        '<p>See <a href="../beta/">the beta statement</a> for context.</p>\n'
        '<p>A <a href="../gone/">missing statement</a> is cited here.</p>\n'
        '<p>Jump to <a href="../beta/#nope">a vanished section</a>.</p>\n'
        '<p>Read <a href="../../fr/statements/alpha/">the French version</a>.</p>\n'
        '<p><img alt="Portrait" src="../img/portrait.png" '
        'srcset="../img/portrait.png 1x, ../img/portrait-2x.png 2x, ../img/portrait-3x.png 3x"></p>\n'
        '<p><a href="../beta/#real">ok anchor</a> <a href="#intro">self</a> <a href="#top">top</a>'
        ' <a href="https://example.org/archive/statements/beta/#real">absolute</a>'
        ' <a href="https://example.org/archive/statements/beta/#absent">absolute bad</a>'
        ' <a href="/statements/beta/">outside base</a>'
        ' <a href="https://elsewhere.example/x">external</a> <a href="mailto:a@b.c">mail</a></p>',
        NAV).replace("<article", '<article id="intro"', 1))
    write(site / "statements/beta/index.html", page('<h2 id="real">Real</h2>', NAV))
    write(site / "fr/statements/alpha/index.html", page(
        '<p>Voir <a href="../perdue/">la déclaration perdue</a>.</p>'
        '<p><a href="/archive/statements/alpha/#intro">English</a>'
        ' <a href="../../../statements/beta/#real">relative English</a></p>', NAV))
    write(site / "feeds/en.xml", """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>https://example.org/archive/</id>
  <link href="https://example.org/archive/feeds/en.xml" rel="self"/>
  <entry><id>x</id><link href="https://example.org/archive/statements/alpha/"/></entry>
  <entry><id>y</id><link href="https://example.org/archive/statements/feed-gone/"/></entry>
</feed>
""")
    write(site / "sitemap.xml", """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url><loc>https://example.org/archive/statements/alpha/</loc>
    <xhtml:link rel="alternate" hreflang="fr" href="https://example.org/archive/fr/statements/alpha/"/>
    <xhtml:link rel="alternate" hreflang="ar" href="https://example.org/archive/ar/statements/alpha/"/>
  </url>
  <url><loc>https://example.org/archive/sitemap-gone/</loc></url>
</urlset>
""")
    # Pagefind's own files are never checked, but links into them must resolve.
    write(site / "pagefind/fragment/x.html", '<a href="/nowhere/">x</a>')
    return tmp_path


def run_check(project: Path, jobs: int = 1):
    config = site_config.load_any(project / "mkdocs.yml")
    report = internal.check_site(project / "site", config.declared_site_url, jobs=jobs)
    return report, to_problems(report.broken, project / "site", project / "docs", config, report.prefix)


def test_siteconfig_ignores_python_tags_and_reads_languages(project: Path):
    config = site_config.load_any(project / "mkdocs.yml")
    assert config.declared_site_url == SITE_URL
    assert config.default_language.code == "en"
    assert config.codes == ["en", "fr", "ar"]


def test_siteconfig_env_tag(tmp_path: Path, monkeypatch):
    write(tmp_path / "mkdocs.yml", "site_url: !ENV [ARCHIVE_SITE_URL, 'https://fallback.example/']\n")
    assert site_config.load_any(tmp_path / "mkdocs.yml").declared_site_url == "https://fallback.example/"
    monkeypatch.setenv("ARCHIVE_SITE_URL", "https://env.example/sub/")
    assert site_config.load_any(tmp_path / "mkdocs.yml").declared_site_url == "https://env.example/sub/"
    assert site_config.load_any(tmp_path / "absent.yml").declared_site_url is None


def test_parse_srcset():
    assert pages.parse_srcset("a.png 1x, b.png 2x") == ["a.png", "b.png"]
    assert pages.parse_srcset(" a.png, b.png,, ") == ["a.png", "b.png"]
    assert pages.parse_srcset("a.png,b.png") == ["a.png,b.png"]  # per the HTML spec: one URL
    assert pages.parse_srcset("img/x,y.png 480w, z.png 800w") == ["img/x,y.png", "z.png"]


@pytest.mark.parametrize("raw, expected", [
    ("../beta/", ("statements/beta/index.html", "")),
    ("../beta", ("statements/beta/index.html", "")),
    ("../beta/index.html#real", ("statements/beta/index.html", "real")),
    ("/archive/fr/statements/alpha/?q=1#x", ("fr/statements/alpha/index.html", "x")),
    ("https://EXAMPLE.org/archive/statements/beta/#real", ("statements/beta/index.html", "real")),
    ("//example.org/archive/#intro", ("index.html", "intro")),
    ("https://example.org/archive#intro", ("index.html", "intro")),
    ("caf%C3%A9/", ("statements/alpha/café/index.html", "")),
])
def test_resolver_finds_targets(raw, expected):
    files = {"index.html", "statements/beta/index.html", "fr/statements/alpha/index.html",
             "statements/alpha/index.html", "statements/alpha/café/index.html"}
    resolver = Resolver(files, SiteBase.from_site_url(SITE_URL))
    finding = resolver.resolve(pages.RawLink("href", raw), "statements/alpha/index.html")
    if expected[1]:
        assert (finding.target, finding.fragment, finding.reason) == (*expected, "")
    else:
        assert finding is None  # found, and no anchor left to check


@pytest.mark.parametrize("raw, reason", [
    ("../gone/", "/archive/statements/gone/ does not exist in the site"),
    ("/statements/beta/", "outside the site's base path /archive/"),
    ("../../../../x/", "points above the site root"),
])
def test_resolver_reports_broken(raw, reason):
    resolver = Resolver({"statements/beta/index.html"}, SiteBase.from_site_url(SITE_URL))
    assert resolver.resolve(pages.RawLink("href", raw), "statements/alpha/index.html").reason == reason


@pytest.mark.parametrize("raw", ["https://elsewhere.example/", "mailto:a@b.c", "data:image/png;base64,xx",
                                 "javascript:void(0)", "tel:+33", "", "#", "#top", "#:~:text=x"])
def test_resolver_ignores_external_and_free_links(raw):
    resolver = Resolver({"statements/alpha/index.html"}, SiteBase.from_site_url(SITE_URL))
    assert resolver.resolve(pages.RawLink("href", raw), "statements/alpha/index.html") is None


def test_root_site_url_without_subpath():
    resolver = Resolver({"fr/index.html"}, SiteBase.from_site_url("https://example.org"))
    assert resolver.resolve(pages.RawLink("href", "/fr/"), "index.html") is None
    assert resolver.resolve(pages.RawLink("href", "https://example.org/es/"), "index.html").reason


def test_source_map_layout(project: Path):
    sources = SourceMap(project / "docs", site_config.load_any(project / "mkdocs.yml"))
    docs = project / "docs"
    assert sources.source("statements/alpha/index.html") == docs / "en/statements/alpha.md"
    assert sources.source("fr/statements/alpha/index.html") == docs / "fr/statements/alpha.md"
    # A missing translation is built from the default language (static-i18n fallback).
    assert sources.source("ar/statements/beta/index.html") == docs / "en/statements/beta.md"
    assert sources.source("index.html") == docs / "en/index.md"
    assert sources.source("feeds/en.xml") is None
    assert sources.source("statements/nothing/index.html") is None


def test_site_check_reports_each_broken_link_where_it_was_written(project: Path):
    report, problems = run_check(project)
    assert report.pages == 6  # 4 HTML pages + feed + sitemap; pagefind skipped
    found = {(Path(p.path).relative_to(project).as_posix(), p.line, p.field) for p in problems}
    assert found == {
        ("docs/en/statements/alpha.md", 10, "link"),  # [missing statement](gone.md)
        ("docs/en/statements/alpha.md", 11, "anchor"),  # beta.md#nope
        ("docs/en/statements/alpha.md", 13, "link"),  # srcset portrait-3x.png, via the alt text
        ("docs/fr/statements/alpha.md", 4, "link"),  # perdue.md
        ("site/statements/alpha/index.html", 12, "anchor"),  # absolute URL, not in the Markdown
        ("site/statements/alpha/index.html", 12, "link"),  # /statements/beta/ outside /archive/
        ("site/index.html", 5, "link"),  # theme nav: once for all 4 pages, default language first
        ("site/feeds/en.xml", 6, "link"),
        ("site/sitemap.xml", 5, "link"),  # ar translation missing
        ("site/sitemap.xml", 7, "link"),
    }
    by_line = {(Path(p.path).name, p.line, p.field): p for p in problems}
    assert all(p.severity == "error" for p in problems)
    anchor = by_line[("alpha.md", 11, "anchor")]
    assert "'../beta/#nope'" in anchor.message and 'id="nope"' in anchor.message
    assert "on page /archive/statements/alpha/" in anchor.message
    nav = by_line[("index.html", 5, "link")]
    assert nav.path.endswith("site/index.html")
    assert "/theme-missing/" in nav.message
    assert "also on 3 other page(s): /archive/statements/alpha/, /archive/statements/beta/, /archive/fr/" in nav.message
    assert "portrait-3x.png" in by_line[("alpha.md", 13, "link")].message


def test_pool_gives_the_same_answer(project: Path):
    site = project / "site"
    for i in range(internal.POOL_THRESHOLD + 6):
        write(site / f"bulk/p{i}/index.html",
              page(f'<a href="../p{(i + 1) % 70}/#top">next</a> <a href="../p{i}/#s{i}">self</a>'
                   f'<h2 id="s{i}">S</h2> <a href="../q{i}/">bad</a>'))
    serial, serial_problems = run_check(project, jobs=1)
    pooled, pooled_problems = run_check(project, jobs=2)
    assert (pooled.pages, pooled.links) == (serial.pages, serial.links)
    assert pooled_problems == serial_problems
    assert sum("/bulk/q" in p.message for p in pooled_problems) == 70


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from statements_archive.cli import main; main()", "check", "links", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_cli_offline_json(project: Path):
    result = cli("--offline", "--site", str(project / "site"), "--docs", str(project / "docs"), "--format", "json")
    assert result.returncode == 1, result.stderr
    problems = json.loads(result.stdout)
    assert len(problems) == 10
    assert {"path", "line", "field", "message", "severity"} <= set(problems[0])
    assert "internal: 6 pages" in result.stderr


def test_cli_site_url_option_overrides_config(project: Path):
    # With the site served at the root, /archive/... links no longer resolve.
    result = cli("--offline", "--site", str(project / "site"), "--docs", str(project / "docs"),
                 "--site-url", "https://example.org/", "--format", "github")
    assert result.returncode == 1
    assert "::error file=" in result.stdout
    assert "broken link '/archive/assets/style.css': /archive/assets/style.css does not exist" in result.stdout


def test_cli_clean_site_exits_zero(tmp_path: Path):
    write(tmp_path / "site/index.html", '<a href="a/">A</a> <a href="#x" id="x">x</a> <img src="i.png">')
    write(tmp_path / "site/i.png", "png")
    write(tmp_path / "site/a/index.html", '<a href="../">home</a> <a href="/a#y">y</a> <p id="y">')
    result = cli("--offline", "--site", str(tmp_path / "site"), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 0, result.stdout
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_cli_missing_site_is_a_usage_error(tmp_path: Path):
    result = cli("--offline", "--site", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "site directory" in result.stderr and "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_offline_and_external_only_conflict(tmp_path: Path):
    result = cli("--offline", "--external-only")
    assert result.returncode == 2 and "Traceback" not in result.stderr
