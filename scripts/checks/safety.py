"""Is contributed Markdown safe to publish?  Raw HTML and URL checks.

Statements and translations come from many contributors, so a body may only
use a small allowlist of raw HTML and only harmless link targets.
:func:`check_markdown` reports every finding as a
:class:`statements_archive.checks.report.Problem` with the exact line of the file, field
``"html"`` (a tag or attribute) or ``"link"`` (a URL, wherever it is), and a message
that says what is wrong and what to write instead.

Policy
------
Raw HTML tags (everything else is an error):

- inline: ``a abbr b bdi bdo br cite code del dfn em i img ins kbd mark q rp
  rt ruby s samp small span strong sub sup time u var wbr``
- structural: ``blockquote caption col colgroup dd details div dl dt
  figcaption figure hr li ol p pre summary table tbody td tfoot th thead tr ul``

So ``script style iframe object embed applet form input button textarea
select base meta link svg math frame frameset template`` ... are all errors.

Attributes: ``title lang dir class id translate markdown`` on any allowed tag,
plus ``href hreflang rel target`` on ``a``; ``src alt width height loading
decoding`` on ``img``; ``cite`` on ``q blockquote del ins``; ``datetime`` on
``del ins time``; ``colspan rowspan headers scope abbr`` on ``td th``; ``span``
on ``col colgroup``; ``start reversed type`` on ``ol``; ``value`` on ``li``;
``open`` on ``details``.  Event handlers (``on*``) and ``style`` are never
allowed, nor are they through attr_list's ``{: ... }`` syntax.

URLs (raw ``href``/``src``/``cite``..., Markdown links and images, reference
definitions ``[r]: url``, autolinks ``<scheme:...>``, attr_list values):
``javascript:``, ``vbscript:``, ``data:`` (and the old ``livescript:``,
``mocha:``) are errors however they are cased, padded with spaces, tabs,
newlines or control characters, entity-encoded (``&#106;``, ``&#x6A;``,
``&colon;``), backslash-escaped (``javascript\\:``) or percent-encoded.  Links
may use ``http(s):``, ``mailto:``, ``tel:`` or be relative; images
``http(s):`` or relative.  Any other scheme is a warning.

HTML comments are fine and their content is not checked, as long as every
engine agrees where they end: a comment that is never closed, contains
``<!--``, or spans a blank line without starting a line is read as text (and
so checked), and one closed early by ``--!>`` or ``<!-->`` ends there, as in
browsers.  ``<![CDATA[``, ``<!DOCTYPE`` and ``<?...>`` hide nothing either:
what follows them is checked.

Problems are errors unless said otherwise.  In prose, ``<`` directly followed
by a letter starts a tag if a ``>`` comes later (as it does for Markdown and
browsers): write ``a &lt; b`` or ``a < b``.  A body too full of unterminated
markup to check quickly is one error, never a silent pass.

What is *not* HTML
------------------
Code is quoted text, not markup, and is skipped:

- fenced code blocks (```` ``` ```` or ``~~~``) as Python-Markdown's
  ``fenced_code`` (always on in MkDocs) reads them: the fence starts at the
  beginning of a line, has a plain info string (``python``, ``.lang``,
  ``{ attrs }``, ``hl_lines="..."``) and is closed by the *same* fence at the
  beginning of a later line.  A fence that is unclosed, indented (for example
  inside a list), or closed by a longer fence is not skipped, because some
  Markdown engines render its content as HTML.
- inline code spans (`` `like <this>` ``) on one line, when every backtick of
  the paragraph up to that point pairs up on its own line.  A span that starts
  inside a raw HTML tag or comment, follows an unpaired backtick, or lies in a
  raw HTML block (after a block-level tag such as ``<div>`` at the start of a
  line) is not skipped.

These rules are deliberately conservative: when in doubt, text is checked as
if it were HTML, so a false alarm is possible (the fix is to put the code in a
top-level fenced block) but hidden markup is not.  Indented code blocks are
checked too, for the same reason.

As a second opinion the body is also rendered with Python-Markdown (the
renderer MkDocs uses, with this site's extensions) and the rendered HTML is
scanned; anything dangerous it contains that the source scan did not report is
reported at the best line we can find.  (It is skipped for bodies with more
than ``SECOND_OPINION_MAX_MARKUP`` markup characters, where Python-Markdown
itself gets slow; the source scan stands on its own.)

HTML is tokenized the way browsers do (HTML5 rules for tag names, attribute
separators such as ``/``, quoting and comments), not with ``html.parser``,
whose tokenizer differs from browsers' in ways that can hide a tag.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote

from statements_archive.checks.report import ERROR, WARNING, Problem
from statements_archive.markdown import scanner
from statements_archive.once import warn_once
from statements_archive.markdown.raw_html import HtmlScanner as _Scanner
from statements_archive.markdown.raw_html import Tag as _Tag
from statements_archive.markdown.raw_html import TooComplex as _TooComplex

__all__ = ["check_markdown", "ALLOWED_TAGS", "GLOBAL_ATTRIBUTES", "TAG_ATTRIBUTES",
           "DANGEROUS_SCHEMES", "LINK_SCHEMES", "IMAGE_SCHEMES"]

INLINE_TAGS = frozenset("""
    a abbr b bdi bdo br cite code del dfn em i img ins kbd mark q rp rt ruby s samp
    small span strong sub sup time u var wbr""".split())
STRUCTURAL_TAGS = frozenset("""
    blockquote caption col colgroup dd details div dl dt figcaption figure hr li ol p
    pre summary table tbody td tfoot th thead tr ul""".split())
ALLOWED_TAGS = INLINE_TAGS | STRUCTURAL_TAGS

GLOBAL_ATTRIBUTES = frozenset({"title", "lang", "dir", "class", "id", "translate", "markdown"})
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "rel", "target"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "q": frozenset({"cite"}),
    "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
}

# Attributes whose value a browser treats as a URL (checked on any tag, even a
# forbidden one, so a message can name the real danger).
URL_ATTRIBUTES = frozenset("""
    href src cite action formaction data poster background xlink:href srcset ping lowsrc
    dynsrc longdesc usemap codebase manifest icon profile classid archive""".split())

DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript", "mocha"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
IMAGE_SCHEMES = frozenset({"http", "https"})

# Tags the Markdown renderer itself writes; the rendered-HTML second opinion
# only reports tags outside these and the allowlist.
_RENDERER_TAGS = frozenset("h1 h2 h3 h4 h5 h6 p pre code hr br ol ul li".split())

_WHY_TAG = {
    "script": "it runs JavaScript in the reader's browser",
    "noscript": "it hides content from script-enabled readers",
    "style": "it restyles the whole page",
    "link": "it loads external resources into the page",
    "iframe": "it embeds another page",
    "frame": "it embeds another page",
    "frameset": "it embeds other pages",
    "object": "it embeds plugins or external content",
    "embed": "it embeds plugins or external content",
    "applet": "it embeds plugins or external content",
    "form": "it creates a form that could collect readers' data",
    "input": "it creates form controls",
    "button": "it creates form controls",
    "textarea": "it creates form controls",
    "select": "it creates form controls",
    "base": "it changes where every link on the page points",
    "meta": "it can redirect or reconfigure the page",
    "svg": "it can carry scripts and event handlers",
    "math": "it can carry scripts and confuse the HTML parser",
    "template": "it hides content from readers",
}

# (also after blockquote and list markers: a definition inside a list item counts)
_REF_DEF = re.compile(r"^(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*\[(\^?)((?:[^\[\]\\\n]|\\.)+)\]:[ \t]*(\S*)", re.M)
_INLINE_LINK = re.compile(r"\]\(")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_ATTR_LIST_PAIR = re.compile(r"([^\s=\"'{}]+)=(\"[^\"]*\"|'[^']*'|[^\s}]*)")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_LEADING_JUNK = re.compile(r"[\x00-\x20]*")
_SCHEME_PREFIX = re.compile(r"[A-Za-z0-9+.\-&#;%\\\x00-\x20]*:?")
_DESTINATION_TAIL = re.compile(r"[^\s()<>]{0,60}")
_DESTINATION_BEFORE = re.compile(r"(?:\]\(|\]:)\s*\Z")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


@dataclass(frozen=True)
class _Finding:
    pos: int
    field: str
    message: str
    severity: str = ERROR
    sig: tuple = ()


# ---------------------------------------------------------------- URL logic


def url_scheme(raw: str, markdown: bool = False) -> str | None:
    """The scheme a browser would see in ``raw`` (lower case), or None if relative.

    Entities are decoded (HTML attributes and Markdown both decode them), tabs
    and newlines anywhere and control characters or spaces at the ends are
    dropped (the URL standard does so), and in Markdown backslash escapes are
    removed.
    """
    text = raw
    for _ in range(3):  # &amp;#106; -> &#106; -> j
        decoded = html.unescape(text)
        if markdown:
            decoded = _ESCAPE.sub(r"\1", decoded)
        if decoded == text:
            break
        text = decoded
    text = re.sub(r"[\t\n\r]", "", text).strip(_C0_AND_SPACE)
    # Whitespace or control characters inside a would-be scheme: a browser
    # gives up on it, but fail safe and read past them.
    head, sep, _ = text.partition(":")
    if not sep:
        return None
    squeezed = "".join(ch for ch in head if ch > " ")
    if _SCHEME.fullmatch(squeezed + ":"):
        return squeezed.lower()
    return None


def hidden_dangerous_scheme(raw: str) -> str | None:
    """A dangerous scheme that appears once percent-decoding is applied."""
    text = raw
    for _ in range(3):
        decoded = unquote(html.unescape(text))
        if decoded == text:
            break
        text = decoded
        scheme = url_scheme(text, markdown=True)
        if scheme in DANGEROUS_SCHEMES:
            return scheme
    return None


def _url_findings(pos: int, raw: str, what: str, image: bool, markdown: bool,
                  field: str = "link", warn_unknown: bool = True) -> list[_Finding]:
    scheme = url_scheme(raw, markdown)
    if scheme not in DANGEROUS_SCHEMES:
        hidden = hidden_dangerous_scheme(raw)
        if hidden:
            return [_Finding(pos, field, f"{what} hides a '{hidden}:' URL behind percent-encoding "
                                         f"({_short(raw)}); link to an https:// address or a relative path instead",
                             sig=("url", hidden))]
    if scheme in DANGEROUS_SCHEMES:
        if scheme == "data":
            why = ("data: URLs are not allowed (they can carry scripts or content nobody reviewed); "
                   "add the file to the archive and use a relative path, or an https:// address")
        else:
            why = (f"'{scheme}:' URLs run code in the reader's browser; "
                   "link to an https:// address or a relative path instead")
        return [_Finding(pos, field, f"{what} uses a {scheme}: URL ({_short(raw)}): {why}", sig=("url", scheme))]
    allowed = IMAGE_SCHEMES if image else LINK_SCHEMES
    if scheme is not None and scheme not in allowed and warn_unknown:
        choices = "https:// or a relative path" if image else "https://, mailto:, tel: or a relative path"
        return [_Finding(pos, field, f"{what} uses the unsupported scheme '{scheme}:' ({_short(raw)}); "
                                     f"use {choices}", WARNING)]
    return []


def _short(text: str, limit: int = 60) -> str:
    text = repr(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _tag_findings(tag: _Tag) -> list[_Finding]:
    if tag.closing:
        return []
    found: list[_Finding] = []
    name = tag.name
    allowed_tag = name in ALLOWED_TAGS
    if not allowed_tag:
        why = _WHY_TAG.get(name)
        reason = f" ({why})" if why else ""
        found.append(_Finding(tag.start, "html", (
            f"<{_short(name, 30)}> is not allowed in a statement{reason}; raw HTML is limited to "
            f"{', '.join(sorted(ALLOWED_TAGS))}. Remove it or use Markdown; to quote code, "
            "put it in `backticks` or a ``` fenced block"), sig=("tag", name)))
    allowed_attrs = GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(name, frozenset())
    for attr, value, pos in tag.attrs:
        where = f"<{_short(name, 30)} {attr}=...>"
        if attr in URL_ATTRIBUTES or (attr.endswith(":href")):
            urls = [u.strip().split(" ")[0] for u in value.split(",")] if attr == "srcset" else [value]
            bad = [f for u in urls for f in _url_findings(pos, u, where, image=name == "img", markdown=False)
                   if f.severity == ERROR]
            if bad:
                found.extend(bad[:1])
                continue
        if attr.startswith("on"):
            found.append(_Finding(pos, "html", (
                f"event-handler attribute {attr}= on <{name}> runs JavaScript; remove it "
                "(statements cannot contain scripts)"), sig=("attr", attr)))
            continue
        if not allowed_tag:
            continue  # the tag itself is reported
        if attr == "style":
            found.append(_Finding(pos, "html", (
                f"attribute style= on <{name}> is not allowed (inline CSS can hide or overlay content); "
                "use Markdown formatting, or ask for a class in the theme and use class=")))
            continue
        if attr not in allowed_attrs:
            found.append(_Finding(pos, "html", (
                f"attribute {_short(attr, 30)}= is not allowed on <{name}>; allowed there: "
                f"{', '.join(sorted(allowed_attrs))}")))
            continue
        if attr in URL_ATTRIBUTES:  # allowed URL attribute: unknown schemes warn
            found.extend(_url_findings(pos, value, where, image=name == "img", markdown=False))
    return found


# ---------------------------------------------------------------- code masking


# ---------------------------------------------------------------- Markdown links


def _link_destination(text: str, i: int) -> tuple[int, str]:
    """Position and text of an inline link's destination; its '(' is just before ``i``.

    Only what could still be part of a scheme is read: a browser strips
    leading spaces and control characters and drops tabs and newlines inside a
    URL, and characters can hide in entities, escapes or percent-encoding, so
    the scan runs over letters, digits, ``+.-&#;%\\`` and control characters up
    to the first ':' (engines differ on where a destination with spaces ends,
    so ``[x](java script:...)`` is read whole too).  Stopping at the first
    other character keeps a flood of ``](`` linear.
    """
    j = _LEADING_JUNK.match(text, i).end()
    if text.startswith("<", j):
        j += 1
    end = _SCHEME_PREFIX.match(text, j).end()
    end = _DESTINATION_TAIL.match(text, end).end()  # a little more, for the message
    return j, text[j:end]


# The only characters _image_brackets must look at: escapes, blank lines, brackets.
_BRACKET_TOKENS = re.compile(r"\\.|\n(?=[ \t]*(?:\n|$))|[\[\]]", re.DOTALL)


def _image_brackets(text: str) -> set[int]:
    """Positions of the ']' that close the alt text of an image ``![...]`` (one pass)."""
    images, stack = set(), []
    for m in _BRACKET_TOKENS.finditer(text):
        token, k = m.group(0), m.start()
        if token == "\n":
            stack.clear()  # brackets do not pair across paragraphs
        elif token == "[":
            stack.append(k)
        elif token == "]" and stack:
            opened = stack.pop()
            if opened > 0 and text[opened - 1] == "!":
                images.add(k)
    return images


def _markdown_findings(text: str) -> list[_Finding]:
    found = []
    images = _image_brackets(text)
    for m in _INLINE_LINK.finditer(text):
        image = m.start() in images
        pos, dest = _link_destination(text, m.end())
        what = "image" if image else "link"
        found.extend(_url_findings(pos, dest, f"Markdown {what}", image=image, markdown=True))
    for m in _REF_DEF.finditer(text):
        pos, dest = m.start(3), m.group(3)
        if not dest:  # the destination may be on the next line
            nxt = re.compile(r"\n[ \t]*(\S+)").match(text, m.end())
            if not nxt:
                continue
            pos, dest = nxt.start(1), nxt.group(1)
        if dest.startswith("<"):
            dest = dest[1:].split(">", 1)[0]
        footnote = bool(m.group(1))
        found.extend(_url_findings(pos, dest, f"reference definition [{_short(m.group(2), 30)}]",
                                   image=False, markdown=True, warn_unknown=not footnote))
    for m in _ATTR_LIST.finditer(text):
        if "=" not in m.group(1):
            continue
        for pair in _ATTR_LIST_PAIR.finditer(m.group(1)):
            key, value = pair.group(1).lower(), pair.group(2)
            if value[:1] in "\"'":
                value = value[1:-1]
            pos = m.start(1) + pair.start()
            if key.startswith("on"):
                found.append(_Finding(pos, "html", (
                    f"attribute list sets the event handler {key}=, which runs JavaScript; remove it"),
                    sig=("attr", key)))
            elif key == "style":
                found.append(_Finding(pos, "html", (
                    "attribute list sets style= (inline CSS can hide or overlay content); "
                    "use Markdown formatting or a class from the theme (.name)")))
            elif key in URL_ATTRIBUTES:
                found.extend(f for f in _url_findings(pos, value, f"attribute list {key}=", image=key == "src",
                                                      markdown=True) if f.severity == ERROR)
    return found


# ---------------------------------------------------------------- second opinion


def _rendered_signatures(text: str) -> Counter | None:
    """Dangerous things in the HTML that Python-Markdown renders from ``text``."""
    try:
        import markdown  # the renderer MkDocs uses; not MkDocs itself
    except ImportError:  # pragma: no cover - Markdown is a dependency
        return None
    try:
        rendered = markdown.markdown(text, extensions=["fenced_code", "tables", "attr_list", "footnotes"])
    except Exception as exc:  # a renderer crash is the build's to report; the source scan stands
        warn_once("second-opinion", f"the safety scan's second opinion (rendering the Markdown) failed: {exc!r}; "
                                    "the source scan's findings stand alone")
        return None
    return html_signatures(rendered)


# Tags a rendering may hold: the allowlist and what Python-Markdown writes itself.
_RENDERED_OK = ALLOWED_TAGS | _RENDERER_TAGS
# How each kind of signature is named to the writer.
_SIGNATURE_LABELS = {"tag": "<{}>", "attr": "event-handler attribute {}=", "url": "a {}: URL"}


def html_signatures(rendered: str) -> Counter:
    """Dangerous tags, event handlers and URL schemes in rendered HTML."""
    sigs: Counter = Counter()
    for kind, item in _Scanner(rendered).tokens():
        if kind == "autolink":
            scheme = item.group(1).lower()
            if scheme in DANGEROUS_SCHEMES:
                sigs[("url", scheme)] += 1
            continue
        if kind != "tag" or item.closing:
            continue
        if item.name not in _RENDERED_OK:
            sigs[("tag", item.name)] += 1
        for attr, value, _ in item.attrs:
            if attr.startswith("on"):
                sigs[("attr", attr)] += 1
            elif attr in URL_ATTRIBUTES or attr.endswith(":href"):
                scheme = url_scheme(value) or hidden_dangerous_scheme(value)
                if scheme in DANGEROUS_SCHEMES:
                    sigs[("url", scheme)] += 1
    return sigs


# The site build checks what it writes with the output gate
# (statements_archive.checks.output_gate), one HTML5 parse per page.


# Python-Markdown slows down quadratically on floods of "<", "[", "`" or "~"
# (seconds for tens of thousands, as the site build would); past this many
# the source scan, which is sound on its own, is left to decide alone.
SECOND_OPINION_MAX_MARKUP = 5000


def _second_opinion(body: str, found: list[_Finding]) -> list[_Finding]:
    if sum(body.count(ch) for ch in "<[`~") > SECOND_OPINION_MAX_MARKUP:
        return []
    rendered = _rendered_signatures(body)
    if not rendered:
        return []
    seen = Counter(f.sig for f in found if f.sig)
    extra = []
    lowered = body.lower()
    for sig, count in sorted(rendered.items()):
        kind, name = sig
        missing = 1 if kind == "url" and seen[sig] == 0 else (count - seen[sig] if kind != "url" else 0)
        if missing <= 0:
            continue
        needle = {"tag": f"<{name}", "attr": name, "url": name}[kind]
        reported = {f.pos for f in found if f.sig == sig}
        hits = [m.start() for m in re.finditer(re.escape(needle), lowered)]
        hits = [h for h in hits if h not in reported] or hits or [0]
        label = _SIGNATURE_LABELS[kind].format(name)
        for pos in hits[:missing]:
            extra.append(_Finding(pos, "link" if kind == "url" else "html", (
                f"the rendered page contains {label} here although the Markdown looks like code or text "
                "(an unpaired backtick, an indented or unclosed fence, or a raw HTML block can make "
                "Markdown output it as live HTML); remove it, or quote code in a ``` fenced block that "
                "starts at the beginning of a line"), sig=sig))
    return extra


# ---------------------------------------------------------------- entry point


def _normalise(body: str) -> tuple[str, list[int]]:
    """Python-Markdown's line endings, and each normalised line's line in ``body``."""
    text_lines: list[str] = []
    origin: list[int] = []
    for number, line in enumerate(body.split("\n")):
        parts = line.removesuffix("\r").split("\r")
        text_lines.extend(parts)
        origin.extend([number] * len(parts))
    return "\n".join(text_lines), origin


def _findings(text: str, second_opinion: bool = True) -> list[_Finding]:
    masked = scanner.mask_code(text, certain=True)
    found: list[_Finding] = []
    for kind, item in _Scanner(masked).tokens():
        if kind == "tag":
            found.extend(_tag_findings(item))
        elif kind == "autolink" and not _DESTINATION_BEFORE.search(masked, max(0, item.start() - 40), item.start()):
            # (an <angle-bracketed> link destination is checked as the link's)
            found.extend(_url_findings(item.start(), item.group(0)[1:-1], "autolink", image=False, markdown=False))
    found.extend(_markdown_findings(masked))
    if second_opinion:
        found.extend(_second_opinion(text, found))
    return found


def check_markdown(body: str, path: str, first_line: int = 1, second_opinion: bool = True) -> list[Problem]:
    """Problems with the raw HTML and URLs of a Markdown ``body``.

    ``body`` starts at line ``first_line`` of the file ``path``; each problem
    carries the file line where the offending tag, attribute or URL starts.
    ``second_opinion`` also renders the body to catch what the scan missed; the
    site build turns it off: the output gate checks every page it writes
    (statements_archive.checks.output_gate).
    """
    text, origin = _normalise(body)
    try:
        found = _findings(text, second_opinion)
    except _TooComplex:
        found = [_Finding(0, "html", (
            "too much unterminated markup to check (many '<' or '<!--' that never close); "
            "write a literal '<' in text as '&lt;' and close every tag and comment"))]
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def file_line(pos: int) -> int:
        return first_line + origin[bisect_right(line_starts, pos) - 1]

    problems = {Problem(path, file_line(f.pos), f.field, f.message, f.severity) for f in found}
    return sorted(problems)
