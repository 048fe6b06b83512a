"""A built page's links rewritten for a copy without a web server.

A static host answers ``statements/x/`` with ``statements/x/index.html``; a
folder opened with ``file://`` shows a directory listing instead, and a ZIM file
has only the entries put into it. So every local link is resolved against the
page, pointed at the file itself (``.../index.html``) and written relative to the
page; a link to something the copy does not hold (a language left out, the
search bundle) becomes plain text, a resource that is not there is dropped.

Canonical and hreflang links keep the canonical site's absolute URLs: they are
metadata, nothing loads them. Links into the canonical site from the text become
relative; every other absolute URL (a statement's sources) is left as it is.
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

# What a copy without a server leaves out: the search bundle (Pagefind cannot run
# from file://, its issue #202; Kiwix has its own index), Material's unused lunr
# search, source maps, and the sitemaps (for crawlers of the canonical site).
EXCLUDED = (re.compile(r"^pagefind/"), re.compile(r"^search/"), re.compile(r"^assets/javascripts/lunr/"),
            re.compile(r"^assets/javascripts/workers/"), re.compile(r"\.map$"), re.compile(r"^sitemap\.xml(\.gz)?$"))
# Metadata links that name the canonical site on purpose.
_METADATA_RELS = {"canonical"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CSP = "content-security-policy"


def is_external(ref: str) -> bool:
    """A URL with a scheme (https:, mailto:, data:) or a network path (//host/)."""
    return bool(_SCHEME.match(ref)) or ref.startswith("//")


def excluded(path: str) -> bool:
    return any(pattern.search(path) for pattern in EXCLUDED)


@dataclass(frozen=True)
class Copy:
    """What a rewrite needs to know: the files of the copy and the canonical site URL."""

    files: frozenset[str]  # posix paths relative to the site folder
    site_url: str  # "https://archive.example.org/" (ends with /)

    @property
    def base_path(self) -> str:
        """Path of the site on its host: "/" or "/archive/"."""
        return urlsplit(self.site_url).path or "/"


def target(copy: Copy, page: str, ref: str) -> tuple[str, str] | None:
    """(file path in the copy, "#fragment" or "") that ``ref`` on ``page`` points to;
    None when ``ref`` is not local (another site, mailto:, a bare fragment)."""
    if not ref or ref.startswith("#"):
        return None
    if ref.startswith(copy.site_url):
        ref = "/" + ref[len(copy.site_url):]
    elif _SCHEME.match(ref) or ref.startswith("//"):
        return None
    parts = urlsplit(ref)
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    path = parts.path
    if path.startswith("/"):
        # Root-absolute (404 pages): relative to where the site lives on its host.
        base = copy.base_path
        path = path[len(base):] if path.startswith(base) else path.lstrip("/")
        resolved = posixpath.normpath(path) if path else "."
        is_dir = not path or path.endswith("/")
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
        is_dir = path.endswith("/") or path in (".", "..") or path.endswith("/.") or path.endswith("/..")
    resolved = "" if resolved == "." else resolved
    if resolved.startswith("../"):
        return resolved, fragment  # outside the site: never in the copy
    if is_dir or (resolved not in copy.files and posixpath.join(resolved, "index.html") in copy.files):
        resolved = posixpath.join(resolved, "index.html") if resolved else "index.html"
    return resolved, fragment


def relative(page: str, path: str) -> str:
    """``path`` written relative to the folder of ``page`` (both relative to the site)."""
    return posixpath.relpath(path, posixpath.dirname(page) or ".")


def _unlink(node: LexborNode) -> None:
    """A link to nothing in the copy: its text stays, without a dead link."""
    node.unwrap()


def rewrite_html(html: str, page: str, copy: Copy) -> LexborHTMLParser:
    """The page's local links pointed at files of the copy; returns the parsed tree for
    further edits (see :func:`serialize`)."""
    tree = LexborHTMLParser(html)
    for node in tree.css("[href], [src]"):
        attr = "href" if "href" in node.attributes else "src"
        ref = node.attributes.get(attr) or ""
        rels = set((node.attributes.get("rel") or "").split())
        if node.tag == "link" and (rels & _METADATA_RELS or ("alternate" in rels and "hreflang" in node.attributes
                                                            and "type" not in node.attributes)):
            continue
        found = target(copy, page, ref)
        if found is None:
            continue
        path, fragment = found
        if path in copy.files:
            node.attrs[attr] = relative(page, path) + fragment
        elif node.tag == "a":
            _unlink(node)
        else:
            node.decompose()
    return tree


def serialize(tree: LexborHTMLParser) -> str:
    return tree.html or ""


def replace(node: LexborNode, html: str) -> None:
    """Put ``html`` (trusted markup built by the export) where ``node`` is."""
    fragment = LexborHTMLParser(f"<div>{html}</div>").css_first("body > div")
    for child in list(fragment.iter(include_text=False)):
        node.insert_before(child)
    node.decompose()


def remove_search(tree: LexborHTMLParser) -> list[LexborNode]:
    """Take Pagefind's button, dialog, script and stylesheet out; returns where the button was."""
    places = tree.css("div[data-archive-search]")
    for node in tree.css("link[data-archive-search-css], script[src$='assets/archive/search.js']"):
        node.decompose()
    return places


def csp_for_files(tree: LexborHTMLParser) -> None:
    """Adapt a Content-Security-Policy meta to pages opened from ``file://``.

    A file:// page has an opaque origin: ``'self'`` matches nothing in Firefox (each
    file is its own origin) and only by a Chromium special case there, so the page's
    own stylesheet and scripts would be refused. ``file:`` is added wherever ``'self'``
    stands: the files beside the page load, and everything the policy keeps out
    (any remote host) stays out. Nothing else of the policy changes."""
    for node in tree.css("meta[http-equiv]"):
        if (node.attributes.get("http-equiv") or "").lower() != _CSP:
            continue
        policy = node.attributes.get("content") or ""
        directives = []
        for directive in policy.split(";"):
            tokens = directive.split()
            if "'self'" in tokens and "file:" not in tokens:
                tokens.insert(tokens.index("'self'") + 1, "file:")
            if tokens:
                directives.append(" ".join(tokens))
        node.attrs["content"] = "; ".join(directives)


def drop_csp(tree: LexborHTMLParser) -> None:
    """A ZIM page without its Content-Security-Policy meta.

    Kiwix readers put their own interface into the page they show: kiwix-serve up to
    3.4 (Debian 12 ships 3.3) injects a toolbar with inline event handlers, Kiwix JS
    in its jQuery mode writes the page into its own document. The site's policy blocks
    that interface (measured: kiwix-serve 3.3's toolbar handlers are refused). What the
    policy guards against, a remote request, cannot come from a ZIM's pages: the export
    leaves no remote resource in them (tests/test_export_zim.py checks every page)."""
    for node in tree.css("meta[http-equiv]"):
        if (node.attributes.get("http-equiv") or "").lower() == _CSP:
            node.decompose()


_XML_HREF = re.compile(r'(\shref=")([^"]*)(")')


def rewrite_feed(xml: str, page: str, copy: Copy) -> str:
    """An Atom feed's links to the canonical site made relative to the feed's copy.

    Entry ids stay the canonical URLs: an id identifies, it is never followed."""
    def one(match: re.Match) -> str:
        ref = match.group(2).replace("&amp;", "&")
        found = target(copy, page, ref) if ref.startswith(copy.site_url) else None
        if found is None or found[0] not in copy.files:
            return match.group(0)
        return match.group(1) + relative(page, found[0]) + found[1] + match.group(3)

    return _XML_HREF.sub(one, xml)
