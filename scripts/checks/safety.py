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
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote

from statements_archive.checks.report import ERROR, WARNING, Problem

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

# Python-Markdown's block-level elements: at the start of a line they open a
# raw HTML block whose content is not Markdown (so backticks do not quote).
BLOCK_LEVEL = frozenset("""
    address article aside blockquote body canvas colgroup dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html iframe
    legend li main map math menu nav noscript object ol output p pre progress script
    section style summary table tbody td template textarea tfoot th thead tr ul video""".split())

_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

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

_BACKTICK_RUN = re.compile(r"`+")
_FENCE_OPEN = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)\Z")
# fenced_code's accepted info strings: `{ attrs }` or `.lang` plus hl_lines.
_FENCE_INFO = re.compile(
    r"[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|')[^\n]*?\1[ ]*)?)\Z")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}):([^\s<>]*)>")
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


# ---------------------------------------------------------------- HTML tokenizer


@dataclass
class _Tag:
    start: int
    end: int  # index after '>'
    name: str
    attrs: list[tuple[str, str, int]]  # (name, raw value, position of the name)
    closing: bool = False
    across_blank_line: bool = False


class _TooComplex(Exception):
    """The text would take too long to tokenize (a flood of unterminated markup)."""


_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_BEFORE_ATTR = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME = re.compile(r"=?[^\t\n\f\r />=]*")
_SPACE = re.compile(r"[\t\n\f\r ]*")
_UNQUOTED = re.compile(r"[^\t\n\f\r >]*")


class _Scanner:
    """Finds tags, comments and autolinks in a text as an HTML5 browser would.

    Lookups are indexed so that a flood of ``<`` or ``<!--`` stays fast, and a
    budget of characters read bounds the worst case (beyond it the text is
    reported as too complex to check rather than waved through).
    """

    def __init__(self, text: str):
        self.text = text
        self.budget = 50 * len(text) + 500_000
        self.gts = [m.start() for m in re.finditer(">", text)]
        self.comment_closes = sorted(m.start() for m in re.finditer("(?=--!?>)", text))
        self.comment_opens = [m.start() for m in re.finditer("<!--", text)]
        self.blanks = [m.start() for m in re.finditer(r"(?=\n[ \t]*\n)", text)]

    def _first_at_or_after(self, positions: list[int], pos: int) -> int | None:
        k = bisect_left(positions, pos)
        return positions[k] if k < len(positions) else None

    def has_blank_line(self, start: int, end: int) -> bool:
        first = self._first_at_or_after(self.blanks, start)
        return first is not None and first < end

    def parse_tag(self, i: int) -> _Tag | None:
        """The start or end tag at ``text[i] == '<'``, or None if no '>' ends it."""
        text = self.text
        if self._first_at_or_after(self.gts, i) is None:
            return None
        n = len(text)
        closing = text.startswith("</", i)
        j = i + (2 if closing else 1)
        k = _TAG_NAME.match(text, j).end()
        tag = _Tag(i, n, text[j:k].lower(), [], closing)
        j = k
        while True:
            j = _BEFORE_ATTR.match(text, j).end()
            if j >= n:
                self._spend(j - i)
                return None
            if text[j] == ">":
                tag.end = j + 1
                tag.across_blank_line = self.has_blank_line(i, j)
                self._spend(j - i)
                return tag
            start = j
            j = _ATTR_NAME.match(text, j).end()
            if j == start:  # cannot happen ('=' or a name char); guard against looping
                j += 1
            name = text[start:j].lower()
            j = _SPACE.match(text, j).end()
            value = ""
            if j < n and text[j] == "=":
                j = _SPACE.match(text, j + 1).end()
                if j < n and text[j] in "\"'":
                    close = text.find(text[j], j + 1)
                    if close < 0:
                        self._spend(n - i)
                        return None
                    value = text[j + 1:close]
                    j = close + 1
                else:
                    v = j
                    j = _UNQUOTED.match(text, j).end()
                    value = text[v:j]
            tag.attrs.append((name, value, start))

    def _spend(self, amount: int) -> None:
        self.budget -= amount
        if self.budget < 0:
            raise _TooComplex

    def comment_end(self, i: int) -> int | None:
        """End of an HTML comment opened at ``i`` (HTML5 rules), or None to not skip it.

        Comments are skipped only when every engine agrees where they end:
        closed, no nested ``<!--``, and no blank line unless the comment starts
        a line (Python-Markdown keeps other comments that span paragraphs as
        text, and what follows would be live HTML).
        """
        text = self.text
        body = i + 4
        for abrupt in (">", "->"):
            if text.startswith(abrupt, body):
                return body + len(abrupt)
        close = self._first_at_or_after(self.comment_closes, body)
        if close is None:
            return None
        end = close + (3 if text.startswith("-->", close) else 4)
        nested = self._first_at_or_after(self.comment_opens, body)
        if nested is not None and nested < end:
            return None
        line_start = text.rfind("\n", 0, i) + 1
        at_line_start = text[line_start:i].strip(" ") == "" and i - line_start <= 3
        if not at_line_start and self.has_blank_line(body, end):
            return None
        return end

    def tokens(self):
        """Yield ("tag", _Tag), ("comment", (start, end)) and ("autolink", match)."""
        text = self.text
        i = 0
        n = len(text)
        while True:
            i = text.find("<", i)
            if i < 0 or i + 1 >= n:
                return
            nxt = text[i + 1]
            if text.startswith("<!--", i):
                end = self.comment_end(i)
                if end is not None:
                    yield "comment", (i, end)
                    i = end
                else:
                    i += 4
                continue
            letter = nxt.isascii() and nxt.isalpha()
            if letter:
                auto = _AUTOLINK.match(text, i)
                if auto:
                    yield "autolink", auto
                    i = auto.end()
                    continue
            if letter or (nxt == "/" and i + 2 < n and text[i + 2].isascii() and text[i + 2].isalpha()):
                # A '<' that no '>' closes is text to Markdown and browsers.
                tag = self.parse_tag(i)
                if tag is not None:
                    yield "tag", tag
                    if not tag.across_blank_line:
                        i = tag.end
                        continue
                    # Across a blank line it is one tag to a raw HTML block but
                    # two paragraphs of text (with live markup between) to
                    # Markdown: check it both ways.
            # '<' followed by anything else is text ("<!DOCTYPE", "<?", "</ "
            # are bogus comments to a browser, but read on: nothing is hidden).
            i += 1


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


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character of ``spans`` but newlines turned into spaces."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def _line_offsets(lines: list[str]) -> list[int]:
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    return offsets


def _mask_fences(text: str) -> str:
    """Blank the fenced code blocks that are code to every Markdown engine.

    The block structure follows Python-Markdown's fenced_code (what MkDocs
    renders): an opening fence at the start of a line, taken by the first
    line that repeats exactly the same fence; an opener without one is text.
    A block is only blanked when no line inside it could close it for another
    engine (same character, at least as long, indented up to three spaces):
    such a block is still skipped over as PyMD does, but its lines are checked.
    """
    lines = text.split("\n")
    offsets = _line_offsets(lines)
    fence_lines: dict[str, list[int]] = {}  # "```" -> lines that are exactly that fence
    for k, line in enumerate(lines):
        stripped = line.rstrip(" ")
        if stripped[:1] in ("`", "~") and _FENCE_OPEN.fullmatch(stripped) and not stripped.strip("`~"):
            fence_lines.setdefault(stripped, []).append(k)
    blank = []
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m or (m["fence"][0] == "`" and "`" in m["info"]) or not _FENCE_INFO.match(m["info"]):
            i += 1
            continue
        fence = m["fence"]
        candidates = fence_lines.get(fence, [])
        k = bisect_right(candidates, i)
        close = candidates[k] if k < len(candidates) else None
        if close is None:
            i += 1  # no closing fence: Markdown reads the line as text
            continue
        ambiguous = False
        for j in range(i + 1, close):
            stripped = lines[j].strip(" ")
            indent = len(lines[j]) - len(lines[j].lstrip(" "))
            if indent <= 3 and stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                ambiguous = True
                break
        if not ambiguous:
            blank.append((offsets[i], offsets[close] + len(lines[close])))
        i = close + 1
    return _mask(text, blank)


def _pair_backticks(line: str) -> list[tuple[int, int]] | None:
    """Code spans of one line, or None unless every backtick run pairs up.

    A run opens a span closed by the next run of the same length (what
    CommonMark and Python-Markdown both do when every run has a partner); a
    run without one, or one after a backslash, makes the line ambiguous.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICK_RUN.finditer(line)]
    if any(s > 0 and line[s - 1] == "\\" for s, _ in runs):
        return None
    spans = []
    r = 0
    while r < len(runs):
        length = runs[r][1] - runs[r][0]
        match = next((q for q in range(r + 1, len(runs)) if runs[q][1] - runs[q][0] == length), None)
        if match is None:
            return None
        spans.append((runs[r][0], runs[match][1]))
        r = match + 1
    return spans


def _mask_code_spans(text: str) -> str:
    """Blank the inline code spans that every engine agrees are code (see module doc)."""
    lines = text.split("\n")
    offsets = _line_offsets(lines)
    candidates = [_pair_backticks(line) for line in lines]

    def line_of(pos: int) -> int:
        return bisect_right(offsets, pos) - 1

    def in_span(pos: int) -> bool:
        k = line_of(pos)
        return any(s <= pos - offsets[k] < e for s, e in candidates[k] or ())

    # A backtick inside a tag or comment that starts outside any span: Markdown
    # engines disagree on which comes first, so nothing on those lines is code.
    dirty = [spans is None for spans in candidates]
    raw_from: dict[int, bool] = {}  # line -> closed already, of raw HTML blocks
    scanner = _Scanner(text)
    pos = text.find("<")
    while pos >= 0:
        end = None
        resume = pos + 1
        if in_span(pos):
            pass  # a tag inside a code span is quoted code to every engine
        elif text.startswith("<!--", pos):
            end = scanner.comment_end(pos)
        elif pos + 1 < len(text) and (text[pos + 1].isascii() and text[pos + 1].isalpha() or
                                      text.startswith("</", pos)):
            tag = scanner.parse_tag(pos)
            if tag is not None:
                end = tag.end
                if not tag.across_blank_line:
                    resume = end
                line_start = offsets[line_of(pos)]
                if (not tag.closing and tag.name in BLOCK_LEVEL
                        and text[line_start:pos].strip(" ") == "" and pos - line_start <= 3):
                    closed = tag.name in _VOID or text[end - 2:end] == "/>"
                    raw_from[line_of(pos)] = raw_from.get(line_of(pos), True) and closed
        if end is not None and "`" in text[pos:end]:
            for k in range(line_of(pos), line_of(end - 1) + 1):
                dirty[k] = True
        pos = text.find("<", resume)

    # Raw HTML blocks run from a block-level tag at the start of a line to the
    # first blank line after a line that closes a block-level element (a block
    # opened inside another extends it).
    closes = re.compile(r"</\s*(?:" + "|".join(sorted(BLOCK_LEVEL)) + r")(?![\w-])|/>", re.I)
    active = closed = False
    for k, line in enumerate(lines):
        if k in raw_from:
            active, closed = True, raw_from[k]
        if not active:
            continue
        if not line.strip() and closed:
            active = False
            continue
        dirty[k] = True
        closed = closed or bool(closes.search(line))

    spans = []
    paragraph_dirty = False
    for k, line in enumerate(lines):
        if not line.strip():
            paragraph_dirty = False
            continue
        if dirty[k]:
            paragraph_dirty = paragraph_dirty or "`" in line or candidates[k] is None
            continue
        if not paragraph_dirty:
            spans.extend((offsets[k] + s, offsets[k] + e) for s, e in candidates[k])
    return _mask(text, spans)


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
    except Exception:  # pragma: no cover - a renderer crash is the build's to report
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


# Anything in rendered HTML that could hide a danger: a tag outside the allowlist,
# an event handler, a dangerous scheme, or an encoded character in a URL attribute.
# Pages with none of these (nearly all) skip the full tokenizer.
_RISKY = re.compile(
    r"<(?!/?(?:" + "|".join(sorted(_RENDERED_OK, key=len, reverse=True)) + r")[\s/>])"
    r"|\son[a-z]+\s*="
    r"|(?:" + "|".join(sorted(DANGEROUS_SCHEMES)) + r")\s*:"
    r"|(?:[\w-]+:href|" + "|".join(sorted(map(re.escape, URL_ATTRIBUTES), key=len, reverse=True)) + r")"
    r"\s*=\s*[\"']?[^\"'>\s]*(?:&#|&[a-z]+;|%[0-9a-f]{2}|\\)",
    re.IGNORECASE)


def check_rendered(rendered: str, path: str) -> list[Problem]:
    """The build's own rendering of a page, checked: what reaches readers is what counts."""
    if not _RISKY.search(rendered):
        return []
    return [Problem(path, 0, "html", f"the rendered page contains {_SIGNATURE_LABELS[kind].format(name)} ({count}x); "
                    "run `archive check content` on the file to find the line")
            for (kind, name), count in sorted(html_signatures(rendered).items())]


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
    masked = _mask_code_spans(_mask_fences(text))
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
    site build turns it off and checks its own rendering (:func:`check_rendered`).
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
