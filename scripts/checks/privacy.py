"""No third-party requests: resources of the built site must all be local.

Readers may be at risk for reading these texts, so a page must never make the
browser contact another host: no web fonts, CDN scripts, remote images or
analytics. Plain links (`<a href>`) to sources are fine: they are only
followed when a reader chooses to. Pages are checked by the output gate's one
parse (the build runs the whole gate on every page; this is its privacy part,
for `archive check privacy` on any folder).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from statements_archive.checks import output_gate
from statements_archive.checks.report import Problem

CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(?P<url>(?:https?:)?//[^"')\s]+)""", re.IGNORECASE)
JS_URL = re.compile(r"""(?:fetch|import|importScripts|XMLHttpRequest\(\)\.open)\s*\(\s*["'`](?P<url>(?:https?:)?//[^"'`]+)""")


def _remote(url: str, site_host: str) -> bool:
    parts = urlsplit(url.strip())
    if url.startswith("//") or parts.scheme in ("http", "https"):
        return parts.hostname is not None and parts.hostname != site_host
    return False


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_file(path: Path, shown: str, site_host: str) -> list[Problem]:
    """Third-party requests of one file: an HTML page through the output gate's parse
    (statements_archive.checks.output_gate, privacy part only), stylesheets and scripts by pattern."""
    text = path.read_text("utf-8", errors="replace")
    if path.suffix == ".html":
        return output_gate.check_page(text, shown, output_gate.Policy(site_host, only_requests=True))
    problems = []
    for pattern in (CSS_URL, JS_URL) if path.suffix in (".css", ".js") else ():
        for m in pattern.finditer(text):
            if _remote(m["url"], site_host):
                problems.append(Problem(shown, _line(text, m.start()), "request",
                                        f"requests {m['url']} from another host; ship the file with the site"))
    return problems


def check_site(site_dir: Path, site_url: str) -> list[Problem]:
    host = urlsplit(site_url).hostname or ""
    problems = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix in (".html", ".css", ".js") and path.is_file():
            problems.extend(check_file(path, str(path.relative_to(site_dir)), host))
    return problems
