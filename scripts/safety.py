"""Is contributed Markdown safe to publish?  Raw HTML and URL checks.

Statements and translations come from many contributors, so a body may only
use a small allowlist of raw HTML and only harmless link targets.
:func:`check_markdown` reports every finding as a
:class:`scripts.report.Problem` with the exact line of the file, field
``"html"`` (a tag, attribute or comment) or ``"link"`` (a URL), and a message
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

HTML comments are fine; their content is not checked.

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
reported at the best line we can find.

HTML is tokenized the way browsers do (HTML5 rules for tag names, attribute
separators such as ``/``, quoting and comments), not with ``html.parser``,
whose tokenizer differs from browsers' in ways that can hide a tag.
"""
from __future__ import annotations

import html
import re
from collections import Counter
from bisect import bisect_right
from dataclasses import dataclass
from urllib.parse import unquote

from .report import ERROR, WARNING, Problem

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

_WS = " \t\n\r\f"
_TAG_END = _WS + "/>"
_BACKTICK_RUN = re.compile(r"`+")
_FENCE_OPEN = re.compile(r"(?P<fence>`{3,}|~{3,})(?P<info>.*)\Z")
# fenced_code's accepted info strings: `{ attrs }` or `.lang` plus hl_lines.
_FENCE_INFO = re.compile(
    r"[ ]*(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|')[^\n]*?\1[ ]*)?)\Z")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}):([^\s<>]*)>")
_REF_DEF = re.compile(r"^[ \t>]*\[(\^?)((?:[^\[\]\\\n]|\\.)+)\]:[ \t]*(\S*)", re.M)
_INLINE_LINK = re.compile(r"(!?)\]\(")
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*=[^{}\n]*)\}")
_ATTR_LIST_PAIR = re.compile(r"([^\s=\"'{}]+)=(\"[^\"]*\"|'[^']*'|[^\s}]*)")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
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
    end: int  # index after '>' (or len(text) when unterminated)
    name: str
    attrs: list[tuple[str, str, int]]  # (name, raw value, position of the name)
    closing: bool = False
    terminated: bool = False  # False when the text ends before '>'


def _parse_tag(text: str, i: int) -> _Tag:
    """Tokenize a start or end tag at ``text[i] == '<'`` as an HTML5 browser does."""
    n = len(text)
    closing = text.startswith("</", i)
    j = i + (2 if closing else 1)
    k = j
    while k < n and text[k] not in _TAG_END:
        k += 1
    tag = _Tag(i, n, text[j:k].lower(), [], closing)
    j = k
    while True:
        while j < n and text[j] in _WS + "/":
            j += 1
        if j >= n:
            return tag
        if text[j] == ">":
            tag.end = j + 1
            # A "tag" across a blank line is two paragraphs of text to
            # Markdown, and what lies between is live: read on inside it.
            tag.terminated = not _BLANK_LINE.search(text, i, j)
            return tag
        start = j
        j += 1  # a leading '=' belongs to the name
        while j < n and text[j] not in _TAG_END + "=":
            j += 1
        name = text[start:j].lower()
        while j < n and text[j] in _WS:
            j += 1
        value = ""
        if j < n and text[j] == "=":
            j += 1
            while j < n and text[j] in _WS:
                j += 1
            if j < n and text[j] in "\"'":
                close = text.find(text[j], j + 1)
                close = n if close < 0 else close
                value = text[j + 1:close]
                j = close + 1
            else:
                v = j
                while j < n and text[j] not in _WS + ">":
                    j += 1
                value = text[v:j]
        tag.attrs.append((name, value, start))


def _comment_end(text: str, i: int) -> int | None:
    """End of an HTML comment opened at ``i`` (HTML5 rules), or None to not skip it.

    Comments are skipped only when every engine agrees where they end: closed,
    no nested ``<!--``, and no blank line unless the comment starts a line
    (Python-Markdown keeps other comments that span paragraphs as text, and
    what follows would be live HTML).
    """
    body = i + 4
    for abrupt in (">", "->"):
        if text.startswith(abrupt, body):
            return body + len(abrupt)
    ends = [e for e in (text.find("-->", body), text.find("--!>", body)) if e >= 0]
    if not ends:
        return None
    end = min(ends)
    end += 3 if text.startswith("-->", end) else 4
    inner = text[body:end]
    if "<!--" in inner:
        return None
    line_start = text.rfind("\n", 0, i) + 1
    at_line_start = text[line_start:i].strip(" ") == "" and i - line_start <= 3
    if not at_line_start and _BLANK_LINE.search(inner):
        return None
    return end


def _tokens(text: str):
    """Yield ("tag", _Tag), ("comment", (start, end)) and ("autolink", match)."""
    i = 0
    n = len(text)
    while True:
        i = text.find("<", i)
        if i < 0 or i + 1 >= n:
            return
        nxt = text[i + 1]
        if text.startswith("<!--", i):
            end = _comment_end(text, i)
            if end is not None:
                yield "comment", (i, end)
                i = end
                continue
            i += 4
            continue
        if nxt.isascii() and nxt.isalpha():
            auto = _AUTOLINK.match(text, i)
            if auto:
                yield "autolink", auto
                i = auto.end()
                continue
        if nxt.isascii() and nxt.isalpha() or (
                nxt == "/" and i + 2 < n and text[i + 2].isascii() and text[i + 2].isalpha()):
            tag = _parse_tag(text, i)
            if tag.terminated:  # a '<' never closed by '>' is text to Markdown and browsers
                yield "tag", tag
                i = tag.end
                continue
        # '<' followed by anything else is text ("<!DOCTYPE", "<?", "</ " are
        # bogus comments to a browser, but read on: nothing is hidden in them).
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


def _mask(text: str, start: int, end: int) -> str:
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


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
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m or (m["fence"][0] == "`" and "`" in m["info"]) or not _FENCE_INFO.match(m["info"]):
            i += 1
            continue
        fence = m["fence"]
        close = next((j for j in range(i + 1, len(lines)) if lines[j].rstrip(" ") == fence), None)
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
            text = _mask(text, offsets[i], offsets[close] + len(lines[close]))
        i = close + 1
    return text


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
    raw_from: list[tuple[int, bool]] = []  # (line, closed already) of raw HTML blocks
    pos = text.find("<")
    while pos >= 0:
        end = None
        if text.startswith("<!--", pos):
            end = _comment_end(text, pos)
        elif pos + 1 < len(text) and (text[pos + 1].isascii() and text[pos + 1].isalpha() or
                                      text.startswith("</", pos)):
            tag = _parse_tag(text, pos)
            end = tag.end if tag.terminated else None
            line_start = offsets[line_of(pos)]
            if (end is not None and not tag.closing and tag.name in BLOCK_LEVEL
                    and text[line_start:pos].strip(" ") == "" and pos - line_start <= 3):
                raw_from.append((line_of(pos), tag.name in _VOID or text[end - 2:end] == "/>"))
        if end is not None and "`" in text[pos:end] and not in_span(pos):
            for k in range(line_of(pos), line_of(end - 1) + 1):
                dirty[k] = True
        pos = text.find("<", pos + 1)

    # Raw HTML blocks run from a block-level tag at the start of a line to the
    # first blank line after a line that closes a block-level element.
    closes = re.compile(r"</\s*(?:" + "|".join(sorted(BLOCK_LEVEL)) + r")(?![\w-])|/>", re.I)
    for first, closed in raw_from:
        for k in range(first, len(lines)):
            if not lines[k].strip() and closed:
                break
            dirty[k] = True
            closed = closed or bool(closes.search(lines[k]))

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
    for start, end in spans:
        text = _mask(text, start, end)
    return text


# ---------------------------------------------------------------- Markdown links


def _link_destination(text: str, i: int) -> tuple[int, str]:
    """Destination of an inline link whose '(' is just before ``i``."""
    n = len(text)
    newline_seen = False
    while i < n and text[i] in " \t\n":
        if text[i] == "\n":
            if newline_seen:
                return i, ""
            newline_seen = True
        i += 1
    if i < n and text[i] == "<":
        end = text.find(">", i)
        end = text.find("\n", i) if end < 0 else end
        end = n if end < 0 else end
        return i, text[i + 1:end]
    start, depth = i, 0
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            i += 2
            continue
        if ch in _WS:
            break
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        i += 1
    return start, text[start:i]


def _markdown_findings(text: str) -> list[_Finding]:
    found = []
    for m in _INLINE_LINK.finditer(text):
        image = bool(m.group(1))
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
    sigs: Counter = Counter()
    for kind, item in _tokens(rendered):
        if kind == "autolink":
            scheme = item.group(1).lower()
            if scheme in DANGEROUS_SCHEMES:
                sigs[("url", scheme)] += 1
            continue
        if kind != "tag" or item.closing:
            continue
        if item.name not in ALLOWED_TAGS | _RENDERER_TAGS:
            sigs[("tag", item.name)] += 1
        for attr, value, _ in item.attrs:
            if attr.startswith("on"):
                sigs[("attr", attr)] += 1
            elif attr in URL_ATTRIBUTES or attr.endswith(":href"):
                scheme = url_scheme(value) or hidden_dangerous_scheme(value)
                if scheme in DANGEROUS_SCHEMES:
                    sigs[("url", scheme)] += 1
    return sigs


def _second_opinion(body: str, found: list[_Finding]) -> list[_Finding]:
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
        label = {"tag": f"<{name}>", "attr": f"event-handler attribute {name}=", "url": f"a {name}: URL"}[kind]
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


def check_markdown(body: str, path: str, first_line: int = 1) -> list[Problem]:
    """Problems with the raw HTML and URLs of a Markdown ``body``.

    ``body`` starts at line ``first_line`` of the file ``path``; each problem
    carries the file line where the offending tag, attribute or URL starts.
    """
    text, origin = _normalise(body)
    masked = _mask_code_spans(_mask_fences(text))

    found: list[_Finding] = []
    for kind, item in _tokens(masked):
        if kind == "tag":
            found.extend(_tag_findings(item))
        elif kind == "autolink":
            found.extend(_url_findings(item.start(), item.group(0)[1:-1], "autolink", image=False, markdown=False))
    found.extend(_markdown_findings(masked))
    found.extend(_second_opinion(text, found))

    line_starts = [0]
    for idx, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(idx + 1)

    def file_line(pos: int) -> int:
        lo, hi = 0, len(line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if line_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return first_line + origin[lo]

    problems = {Problem(path, file_line(f.pos), f.field, f.message, f.severity) for f in found}
    return sorted(problems)
