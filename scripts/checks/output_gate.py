"""The last line of defence: every written HTML page, parsed as a browser parses it.

Whatever a contributor managed to get past the source checks (a statement,
its front-matter, a catalog string, a topic label, mkdocs.yml, a template),
the page a reader receives is what counts. Each page is parsed once with
lexbor (selectolax), a complete HTML5 parser, and the gate fails closed on
anything outside this policy:

- no event-handler attribute (``on*``) on any element;
- no ``javascript:``, ``vbscript:``, ``data:`` (or ``livescript:``/``mocha:``)
  URL in any URL-bearing attribute, however cased, padded or entity- or
  percent-encoded (:func:`statements_archive.checks.safety.url_scheme`); SVG
  animations cannot set one either;
- ``<script>`` only from the site itself (a relative or own-host ``src``), or
  inline when its hash is among the allowed ones (Material's own scripts,
  :mod:`statements_archive.site.csp`); data blocks (``application/ld+json``,
  ``application/json``) must be valid JSON with no ``<!--`` or ``</script``;
- no ``iframe frame frameset object embed applet base portal``, no
  ``<meta http-equiv>`` other than the Content-Security-Policy (a refresh
  redirects the reader);
- privacy: nothing the browser fetches by itself comes from another host
  (``img``/``srcset``, ``link`` stylesheet/preload/prefetch/icon, ``script``,
  media and their ``poster``/``track``, SVG ``image``/``use``, ``a ping``,
  ``form action``, ``url()``/``@import`` in ``style`` attributes and ``<style>``).
  Links a reader follows (``<a href>``) are fine: that is their choice.

A page is parsed once; the cost is about a millisecond per statement page
(``benchmarks``: see the report of issue 13). Problems carry the page and the
line in the written HTML where the element starts (found again in the text
only when there is a problem, so clean pages pay nothing for it).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from statements_archive.checks.report import Problem
from statements_archive.checks.safety import DANGEROUS_SCHEMES, hidden_dangerous_scheme, url_scheme
from statements_archive.checks.links.pages import parse_srcset
from statements_archive.site import csp

REQUEST = "request"  # the field of privacy problems (`archive check privacy` reports only these)

FORBIDDEN_TAGS = {
    "iframe": "it embeds another page", "frame": "it embeds another page", "frameset": "it embeds other pages",
    "object": "it embeds plugins or external content", "embed": "it embeds plugins or external content",
    "applet": "it embeds plugins", "base": "it changes where every link on the page points",
    "portal": "it embeds another page", "fencedframe": "it embeds another page",
    # Browsers with scripting parse a <noscript>'s content as raw text, lexbor as
    # markup: what is checked here would not be what runs.
    "noscript": "browsers read its content differently from this check",
    "template": "its content is hidden from this check and can be brought to life by script",
}
# Attributes a browser reads as a URL, on whatever element.
URL_ATTRIBUTES = frozenset("""
    href src cite action formaction data poster background xlink:href srcset imagesrcset ping lowsrc dynsrc
    longdesc usemap codebase manifest icon profile classid archive itemtype""".split())
# SVG animation can set an href to a value given in these.
ANIMATION_VALUES = ("to", "from", "values", "by")
# What makes the browser fetch something by itself, per element: its attributes.
FETCHING = {
    "img": ("src", "srcset", "lowsrc", "dynsrc"), "source": ("src", "srcset"), "video": ("src", "poster"),
    "audio": ("src",), "track": ("src",), "script": ("src",), "iframe": ("src",), "frame": ("src",),
    "embed": ("src",), "object": ("data", "codebase"), "input": ("src",), "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"), "body": ("background",),
    "table": ("background",), "td": ("background",), "th": ("background",), "form": ("action",),
    "button": ("formaction",), "a": ("ping",), "area": ("ping",), "html": ("manifest",),
}
# <link rel> values that fetch nothing by themselves.
NON_FETCHING_RELS = frozenset({"alternate", "canonical", "prev", "next", "author", "license", "search", "me",
                               "help", "bookmark", "external", "nofollow", "noopener", "noreferrer", "tag"})
DATA_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json"})
JS_TYPES = frozenset({"", "text/javascript", "application/javascript", "module", "text/ecmascript"})
# onion-location: Tor Browser's offer of the site's onion mirror (extra.onion in mkdocs.yml); it loads nothing.
ALLOWED_HTTP_EQUIV = frozenset({"content-security-policy", "x-ua-compatible", "content-type", "onion-location"})
CSS_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<url>[^"')]*)(?P=q)\s*\)|@import\s+(?P<iq>["'])(?P<iurl>[^"']*)(?P=iq)""",
                     re.IGNORECASE)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


# The cheap path (most attributes of most pages): names that are never URLs or
# handlers, and URL values that cannot hide a scheme (relative, or plainly http(s)).
_PLAIN_ATTRIBUTES = frozenset("""class id lang dir title alt rel type name content hreflang aria-label aria-hidden
    role for hidden width height viewBox d xmlns datetime property charset tabindex""".split())
_PLAIN_LINK = _PLAIN_ATTRIBUTES | {"href", "target", "aria-current", "aria-describedby"}
# Elements checked whatever their attributes (their content, or their very presence).
_SPECIAL_TAGS = frozenset(FORBIDDEN_TAGS) | {"script", "style", "meta", "link"}
_SAFE_URL = re.compile(r"(?:https?://|[#/.?]|[A-Za-z0-9_~-]+(?:[/#?.]|$))(?![^:/?#]*:)", re.ASCII)


@dataclass(frozen=True)
class Policy:
    """What a page may hold: the site's host (its own absolute URLs are local) and the inline-script hashes."""

    site_host: str = ""
    script_hashes: frozenset[str] = field(default_factory=frozenset)
    only_requests: bool = False  # the privacy check: report third-party requests only

    @classmethod
    def for_site(cls, site_url: str, **kwargs) -> "Policy":
        return cls(urlsplit(site_url).hostname or "", frozenset(csp.inline_script_hashes()), **kwargs)


@dataclass
class _Finding:
    node_id: int
    tag: str
    field: str
    message: str
    needle: str = ""  # the offending value, to find it again in the page's source file


def _short(text: str, limit: int = 70) -> str:
    text = repr(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _css_unescape(text: str) -> str:
    return _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), text)


def remote(url: str, site_host: str) -> bool:
    """Whether the browser would fetch ``url`` from another host (or from an unknown place)."""
    text = re.sub(r"[\t\n\r]", "", url).strip("\x00 \x0c")
    scheme = url_scheme(text)
    if scheme is None and not text.startswith(("//", "\\\\", "/\\", "\\/")):
        return False  # relative: the site itself
    if scheme not in (None, "http", "https"):
        return scheme not in DANGEROUS_SCHEMES  # those are reported as such
    host = urlsplit(text.replace("\\", "/")).hostname
    return host is None or host != site_host


def _dangerous(value: str) -> str | None:
    scheme = url_scheme(value)
    if scheme in DANGEROUS_SCHEMES:
        return scheme
    return hidden_dangerous_scheme(value)


class _Page:
    def __init__(self, policy: Policy):
        self.policy = policy
        self.found: list[_Finding] = []

    def add(self, node, field_: str, message: str, needle: str = "") -> None:
        self.found.append(_Finding(node.mem_id, node.tag, field_, message, needle))

    def unsafe(self, node, field_: str, message: str, needle: str = "") -> None:
        if not self.policy.only_requests:
            self.add(node, field_, message, needle)

    def css(self, node, text: str, where: str) -> None:
        for m in CSS_URL.finditer(_css_unescape(text)):
            url = m.group("url") if m.group("url") is not None else m.group("iurl")
            scheme = _dangerous(url)
            if scheme:
                self.unsafe(node, "html", f"{where} uses a {scheme}: URL ({_short(url)})", url)
            elif remote(url, self.policy.site_host):
                self.add(node, REQUEST, f"{where} loads {_short(url)} from another host; ship the file with the site",
                         url)

    def element(self, node) -> None:
        tag = node.tag
        attrs = node.attributes
        for name, value in attrs.items():
            if name in _PLAIN_ATTRIBUTES:
                continue
            lower = name.lower()
            if lower.startswith("on"):
                self.unsafe(node, "html", f"<{tag}> has the event-handler attribute {lower}=, which runs JavaScript",
                            lower)
            elif value and (lower in URL_ATTRIBUTES or lower.endswith(":href")) and not _SAFE_URL.match(value):
                values = parse_srcset(value) if lower.endswith("srcset") else [value]
                for url in values:
                    scheme = _dangerous(url)
                    if scheme:
                        self.unsafe(node, "link", f"<{tag} {lower}=> uses a {scheme}: URL ({_short(url)}), "
                                                  "which can run code or carry unreviewed content", url)
        if tag in FORBIDDEN_TAGS:
            self.unsafe(node, "html", f"<{tag}> is not allowed: {FORBIDDEN_TAGS[tag]}", f"<{tag}")
        if tag in ("set", "animate") and any(_dangerous(attrs.get(k) or "") for k in ANIMATION_VALUES):
            self.unsafe(node, "link", f"<{tag}> animates an attribute to a dangerous URL")
        for name in FETCHING.get(tag, ()):
            value = attrs.get(name)
            if not value:
                continue
            for url in parse_srcset(value) if name.endswith("srcset") else [value]:
                if remote(url, self.policy.site_host):
                    why = " (a remote image is a third-party request)" if tag in ("img", "source", "image") else ""
                    self.add(node, REQUEST, f"<{tag} {name}=> loads {_short(url)} from another host; "
                                            f"ship the file with the site{why}", url)
        if tag == "link":
            rels = set((attrs.get("rel") or "").lower().split())
            if rels - NON_FETCHING_RELS or not rels:
                for name in ("href", "imagesrcset"):
                    value = attrs.get(name)
                    for url in (parse_srcset(value) if name == "imagesrcset" else [value]) if value else ():
                        if remote(url, self.policy.site_host):
                            self.add(node, REQUEST, f"<link rel=\"{' '.join(sorted(rels))}\"> loads {_short(url)} "
                                                    "from another host; ship the file with the site")
        elif tag == "meta":
            equiv = (attrs.get("http-equiv") or "").strip().lower()
            if equiv and equiv not in ALLOWED_HTTP_EQUIV:
                self.unsafe(node, "html", f"<meta http-equiv=\"{_short(equiv)}\"> is not allowed "
                                          "(a refresh sends the reader elsewhere; cookies and policies are the site's)")
                if equiv == "refresh" and remote((attrs.get("content") or "").partition("=")[2].strip("'\" "),
                                                 self.policy.site_host):
                    self.add(node, REQUEST, "<meta http-equiv=\"refresh\"> sends the browser to another host")
        elif tag == "script":
            self.script(node, attrs)
        elif tag == "style":
            self.css(node, node.text(deep=True), "<style>")
        style = attrs.get("style")
        if style:
            self.css(node, style, f"<{tag} style=>")

    def script(self, node, attrs) -> None:
        kind = (attrs.get("type") or "").strip().lower()
        if "src" in attrs:
            return  # a remote or dangerous src is reported above; a local one is the site's own file
        text = node.text(deep=True)
        if kind in DATA_SCRIPT_TYPES:
            lowered = text.lower()
            if "<!--" in lowered or "</script" in lowered or "<script" in lowered:
                self.unsafe(node, "html", f"<script type=\"{kind}\"> holds '<!--' or '<script': "
                                          "escape '<' in the data as \\u003c")
            else:
                try:
                    json.loads(text)
                except ValueError as exc:
                    self.unsafe(node, "html", f"<script type=\"{kind}\"> is not valid JSON ({exc})")
            return
        if kind not in JS_TYPES and kind != "importmap":
            return  # an unknown type is inert: the browser never runs it
        if csp.script_hash(text) not in self.policy.script_hashes:
            self.unsafe(node, "html", f"inline <script> that is not one of the site's allowlisted scripts "
                                      f"({_short(text.strip(), 50)}); the site's code lives in files under "
                                      "overrides/assets/archive/", "<script")


def _lines(text: str, tree, found: list[_Finding]) -> dict[int, int]:
    """The line in ``text`` where each flagged element starts: its n-th start tag of that name."""
    wanted = {f.node_id for f in found}
    index: dict[str, int] = {}
    where: dict[int, tuple[str, int]] = {}
    for node in tree.root.traverse():
        if node.mem_id in wanted:
            where[node.mem_id] = (node.tag, index.get(node.tag, 0))
        index[node.tag] = index.get(node.tag, 0) + 1
    lines = {}
    for node_id, (tag, n) in where.items():
        starts = [m.start() for m in re.finditer(rf"<{re.escape(tag)}(?=[\s/>])", text, re.IGNORECASE)]
        position = starts[n] if n < len(starts) else (starts[-1] if starts else 0)
        lines[node_id] = text.count("\n", 0, position) + 1
    return lines


def check_page(text: str, shown: str, policy: Policy,
               source: tuple[str, str] | Callable[[], tuple[str, str] | None] | None = None) -> list[Problem]:
    """Every problem of one written page; ``shown`` names it in the report.

    ``source`` (path, text), or a function giving it, is the file the page was built from: a problem
    whose value appears there is reported at that file's line, so the
    contributor sees where to fix it (and the page's line in the message)."""
    tree = LexborHTMLParser(text)
    page = _Page(policy)
    if tree.root is not None:
        for node in tree.root.traverse():
            # Most elements hold only plain attributes (class, id...) and are not special: skip them in C.
            attrs = node.attributes
            if attrs.keys() <= _PLAIN_ATTRIBUTES and node.tag not in _SPECIAL_TAGS:
                continue
            # Links, most of a statement page's elements: plain ones need no more.
            if node.tag == "a" and attrs.keys() <= _PLAIN_LINK and _SAFE_URL.match(attrs.get("href") or "#"):
                continue
            page.element(node)
    if not page.found:
        return []
    if callable(source):  # read only for a page with problems, not for every page of the build
        source = source()
    lines = _lines(text, tree, page.found)
    problems = set()
    for f in page.found:
        line = lines.get(f.node_id, 0)
        at = _source_line(source[1], f.needle) if source and f.needle else 0
        if at:
            problems.add(Problem(source[0], at, f.field, f"{f.message} (rendered into {shown}:{line})"))
        elif source:
            problems.add(Problem(shown, line, f.field, f"{f.message} (page built from {source[0]})"))
        else:
            problems.add(Problem(shown, line, f.field, f.message))
    return sorted(problems)


def _source_line(text: str, needle: str) -> int:
    """The first line of ``text`` that holds ``needle`` (case-insensitive), or 0."""
    position = text.lower().find(needle.lower())
    return text.count("\n", 0, position) + 1 if position >= 0 else 0


def check_site(site_dir: Path, policy: Policy) -> list[Problem]:
    """Every page of a built site (the merged site of `archive build --merge`, or any folder),
    and the third-party requests of its stylesheets and scripts."""
    from statements_archive.checks import privacy  # (privacy uses this module for pages)

    problems: list[Problem] = []
    site_dir = Path(site_dir)
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".css", ".js"):
            continue
        shown = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            problems.extend(check_page(path.read_text("utf-8", errors="replace"), shown, policy))
        else:
            problems.extend(privacy.check_file(path, shown, policy.site_host))
    return problems
