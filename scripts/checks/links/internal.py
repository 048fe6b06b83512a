"""Check that every link inside a built site reaches a file and its anchor.

Each page is parsed once (in a small process pool for big sites); the pass
returns the page's ids and only the links that still need a decision (a
missing file, or a ``#fragment`` to look up among the target page's ids).
"""
from __future__ import annotations

import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from statements_archive.checks.links import pages

SKIP_DIRS = ("pagefind/",)  # generated search index: not ours to check
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Fragments a browser handles without an element: "#top" and text fragments.
_FREE_FRAGMENTS = ("", "top")
POOL_THRESHOLD = 64  # below this many pages, forking costs more than it saves


@dataclass(frozen=True)
class SiteBase:
    """Where the site is served: links under ``url`` (or ``prefix``) are internal."""

    url: str | None = None  # "https://example.org/archive/" (lower-case scheme and host)
    prefix: str = "/"  # URL path of the site root
    scheme: str = "https"

    @classmethod
    def from_site_url(cls, site_url: str | None) -> "SiteBase":
        if not site_url:
            return cls()
        parts = urlsplit(site_url.strip())
        prefix = parts.path if parts.path.endswith("/") else parts.path + "/"
        url = f"{parts.scheme.lower()}://{parts.netloc.lower()}{prefix}"
        return cls(url=url, prefix=prefix, scheme=parts.scheme.lower() or "https")

    def local_part(self, absolute: str) -> str | None:
        """The part of an absolute URL after the site root, or None if external."""
        if self.url is None:
            return None
        scheme, sep, rest = absolute.partition("://")
        host, slash, tail = rest.partition("/")
        normal = f"{scheme.lower()}://{host.lower()}{slash}{tail}"
        if normal.startswith(self.url):
            return normal[len(self.url):]
        root = self.url[:-1]  # the root written without its trailing slash
        if normal == root or normal.startswith((root + "?", root + "#")):
            return normal[len(root):]
        return None


@dataclass(slots=True)
class Finding:
    """A link that is broken, or whose anchor still has to be checked."""

    page: str  # site-relative file of the page holding the link
    attr: str
    url: str
    text: str
    in_content: bool
    path: str | None = None  # site-relative path the link points at, once normalized
    target: str | None = None  # site-relative file the link reaches
    fragment: str = ""
    reason: str = ""  # why the link is broken; empty while it is not known to be

    @property
    def kind(self) -> str:
        return "anchor" if self.fragment and self.target else "link"

    @property
    def message(self) -> str:
        return f"broken {self.kind} '{self.url}': {self.reason}"


@dataclass
class PageScan:
    page: str
    ids: set[str] | None  # None for XML files, whose fragments are not checked
    links: int
    findings: list[Finding]


@dataclass
class SiteReport:
    pages: int = 0
    links: int = 0
    broken: list[Finding] = field(default_factory=list)
    prefix: str = "/"  # URL path of the site root, to show pages as they are served


def list_files(site: Path) -> set[str]:
    files = set()
    root = str(site)
    for dirpath, _dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        files.update(prefix + name for name in filenames)
    return files


def normalize(path: str) -> str | None:
    """Resolve ``.``/``..`` segments; None when the path climbs above the root."""
    if "/." not in "/" + path and "//" not in path:
        return path
    trailing = path.endswith(("/", "/.", "/..")) or path in (".", "..")
    parts: list[str] = []
    for seg in path.split("/"):
        if seg in ("", "."):
            continue
        if seg == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(seg)
    out = "/".join(parts)
    return out + "/" if trailing and out else out


class Resolver:
    """Turns a link found on a page into a file of the site, or a reason why not."""

    def __init__(self, files: set[str], base: SiteBase):
        self.files = files
        self.base = base

    def lookup(self, path: str) -> str | None:
        # Directory URLs are served from the folder's index.html, with or without "/".
        if path == "" or path.endswith("/"):
            candidate = path + "index.html"
        elif path in self.files:
            return path
        else:
            candidate = path + "/index.html"
        return candidate if candidate in self.files else None

    def local(self, raw: str, page: str, base_href: str | None = None) -> tuple[str | None, str] | None:
        """(site-relative path or None if it leaves the site, error) or None if external."""
        if raw.startswith("//"):
            raw = f"{self.base.scheme}:{raw}"
        match = SCHEME.match(raw)
        if match:
            if match.group(1).lower() not in ("http", "https"):
                return None  # mailto:, tel:, data:, javascript: ...
            local = self.base.local_part(raw)
            return None if local is None else (local, "")
        if raw.startswith("/"):
            prefix = self.base.prefix
            if raw.startswith(prefix) or raw + "/" == prefix:
                return raw[len(prefix):], ""
            return None, f"outside the site's base path {prefix}"
        if base_href is not None:
            resolved = self.local(base_href, page)
            if resolved is None or resolved[0] is None:
                return None
            directory = resolved[0].partition("#")[0].partition("?")[0]
            directory = directory[: directory.rfind("/") + 1]
        else:
            directory = page[: page.rfind("/") + 1]
        return directory + raw, ""  # `resolve` normalizes "./" and "../"

    def resolve(self, link: pages.RawLink, page: str, base_href: str | None = None) -> Finding | None:
        """A Finding when the link is broken or has a fragment to check, else None."""
        raw = link.url
        if not raw:
            return None
        local = self.local(raw, page, base_href)
        if local is None:
            return None
        finding = Finding(page, link.attr, raw, link.text, link.in_content)
        path, error = local
        if path is None:
            finding.reason = error
            return finding
        path, _, fragment = path.partition("#")
        path = path.partition("?")[0]
        if raw.startswith("#"):
            target = page
        else:
            normal = normalize(unquote(path))
            if normal is None:
                finding.reason = "points above the site root"
                return finding
            finding.path = normal
            target = self.lookup(normal)
            if target is None:
                finding.reason = f"{self.base.prefix}{normal} does not exist in the site"
                return finding
        if fragment in _FREE_FRAGMENTS or fragment.startswith(":~:"):
            return None
        finding.target, finding.fragment = target, fragment
        return finding


# Worker state, set once per process (inherited on fork, so the file set is not copied per page).
_site: Path | None = None
_resolver: Resolver | None = None


def _init(site: Path, files: set[str], base: SiteBase) -> None:
    global _site, _resolver
    _site, _resolver = site, Resolver(files, base)


def scan(page: str) -> PageScan:
    data = (_site / page).read_bytes()
    if page.endswith(".xml"):
        parsed, ids = pages.scan_xml(data), None
    else:
        parsed = pages.scan_html(data)
        ids = parsed.ids
    findings = []
    prefix = _resolver.base.prefix
    for link in parsed.links:
        finding = _resolver.resolve(link, page, parsed.base)
        if finding is None:
            continue
        # Same-page anchors (tables of contents) are settled here, sparing the trip back.
        if finding.target == page and ids is not None:
            finding.reason = anchor_problem(finding, ids, prefix)
            if not finding.reason:
                continue
        findings.append(finding)
    return PageScan(page, ids, len(parsed.links), findings)


def anchor_problem(finding: Finding, ids: set[str], prefix: str) -> str:
    """Why the finding's fragment is missing from ``ids``, or "" if it is there."""
    fragment = finding.fragment
    if fragment in ids or unquote(fragment) in ids:
        return ""
    return f"{page_url(finding.target, prefix)} has no element with id=\"{unquote(fragment)}\""


def pages_to_check(files: set[str]) -> list[str]:
    return sorted(
        f for f in files
        if f.endswith((".html", ".htm", ".xml")) and not f.startswith(SKIP_DIRS)
    )


def _scan_all(site: Path, files: set[str], base: SiteBase, jobs: int) -> list[PageScan]:
    todo = pages_to_check(files)
    _init(site, files, base)
    if jobs <= 1 or len(todo) < POOL_THRESHOLD:
        return [scan(page) for page in todo]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(todo) // (jobs * 8))
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init, initargs=(site, files, base)) as pool:
        return list(pool.map(scan, todo, chunksize=chunk))


def page_url(page: str, prefix: str = "/") -> str:
    """The URL path a page is served at: ``fr/x/index.html`` -> ``/fr/x/``."""
    return prefix + (page[: -len("index.html")] if page.endswith("index.html") else page)


def check_site(site: Path, site_url: str | None = None, jobs: int = 2) -> SiteReport:
    """Every broken link and anchor of the built site in ``site``."""
    files = list_files(site)
    base = SiteBase.from_site_url(site_url)
    scans = _scan_all(site, files, base, jobs)
    ids = {s.page: s.ids for s in scans if s.ids is not None}
    report = SiteReport(pages=len(scans), links=sum(s.links for s in scans), prefix=base.prefix)
    for s in scans:
        for finding in s.findings:
            if finding.reason:
                report.broken.append(finding)
                continue
            target_ids = ids.get(finding.target)
            if target_ids is None:
                continue  # not an HTML page of ours (PDF page numbers, pagefind ...)
            finding.reason = anchor_problem(finding, target_ids, base.prefix)
            if finding.reason:
                report.broken.append(finding)
    return report
