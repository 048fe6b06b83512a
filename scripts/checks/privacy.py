"""No third-party requests: resources of the built site must all be local.

Readers may be at risk for reading these texts, so a page must never make the
browser contact another host: no web fonts, CDN scripts, remote images or
analytics. Plain links (`<a href>`) to sources are fine: they are only
followed when a reader chooses to.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from statements_archive.checks.links.pages import parse_srcset
from statements_archive.checks.report import Problem

# Attributes that make the browser fetch something by itself.
FETCHING_ATTR = re.compile(
    r"""<(?P<tag>script|img|iframe|embed|object|source|video|audio|track|link|input|image|use)\b[^>]*?\s"""
    r"""(?P<attr>src|srcset|href|data|poster|xlink:href)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""",
    re.IGNORECASE)
LINK_REL = re.compile(r"""\brel\s*=\s*["']?([^"'>]+)""", re.IGNORECASE)
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(?P<url>(?:https?:)?//[^"')\s]+)""", re.IGNORECASE)
JS_URL = re.compile(r"""(?:fetch|import|importScripts|XMLHttpRequest\(\)\.open)\s*\(\s*["'`](?P<url>(?:https?:)?//[^"'`]+)""")
# <link rel> values that do not fetch anything by themselves.
NON_FETCHING_RELS = {"alternate", "canonical", "prev", "next", "author", "license", "search", "me", "help"}


def _remote(url: str, site_host: str) -> bool:
    parts = urlsplit(url.strip())
    if url.startswith("//") or parts.scheme in ("http", "https"):
        return parts.hostname is not None and parts.hostname != site_host
    return False


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_file(path: Path, shown: str, site_host: str) -> list[Problem]:
    text = path.read_text("utf-8", errors="replace")
    problems = []
    if path.suffix == ".html":
        for m in FETCHING_ATTR.finditer(text):
            if m["tag"].lower() == "link":
                rel = LINK_REL.search(m.group(0))
                rels = set((rel.group(1) if rel else "").lower().split())
                if rels and rels <= NON_FETCHING_RELS:
                    continue
            value = m["dq"] if m["dq"] is not None else (m["sq"] if m["sq"] is not None else m["bare"])
            srcset = m["attr"].lower() == "srcset"
            urls = parse_srcset(value) if srcset else [value]
            for url in urls:
                if _remote(url, site_host):
                    problems.append(Problem(shown, _line(text, m.start()), m["tag"].lower(),
                                            f"loads {url} from another host; ship the file with the site"))
    patterns = (CSS_URL, JS_URL) if path.suffix in (".css", ".js", ".html") else ()
    for pattern in patterns:
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
