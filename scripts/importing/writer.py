"""Pandoc's document tree (``pandoc -t json``) written as the archive's Markdown.

Walking the tree rather than asking pandoc for Markdown gives the dialect the
site renders (Python-Markdown with footnotes and tables), one line per
paragraph, and text escaped so it renders exactly as written. What the archive
cannot hold (images, raw content of other formats) is reported, never dropped
silently; raw HTML is passed on for the same safety check as hand-written
Markdown, except page-structure wrappers and comments, which carry no text.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin

from statements_archive.importing.outline import Block
from statements_archive.importing.plaintext import HTML_SPECIAL, ORDERED_ITEM

INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
# Wrappers of saved pages and word processors that hold no text of their own.
WRAPPER_TAGS = frozenset("""article section main header hgroup font center big address figure
    figcaption span div nobr o:p p""".split())
RAW_TAG = re.compile(r"^\s*</?([A-Za-z][\w:-]*)[^>]*>\s*$")
KEPT_SCHEMES = ("http://", "https://", "mailto:", "tel:")
QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}


def escape_inline(text: str) -> str:
    text = INLINE_SPECIAL.sub(r"\\\1", text)
    return HTML_SPECIAL.sub(lambda m: "&lt;" if m.group(0) == "<" else "&amp;", text)


# Inline markup written here never starts with these, so at a line's start they are text:
# a "1948." or "- " there must not open a list, nor "#" a heading, nor ">" a quote.
TEXT_LINE_START = re.compile(r"^(\s*)([#>+-])")


def escape_line_start(text: str) -> str:
    text = TEXT_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return ORDERED_ITEM.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _url(url: str) -> str:
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, code)
    return url


class Writer:
    """One document's conversion; collects footnotes, refusals and notices."""

    def __init__(self, base_url: str | None = None):
        self.base_url = base_url
        self.notes: list[str] = []
        self.images: list[str] = []  # what each refused image was (alt text or file name)
        self.foreign: list[str] = []  # raw content in formats other than HTML
        self.notices: list[str] = []

    # --- top level ---------------------------------------------------------

    def top_blocks(self, blocks: list[dict]) -> list[Block]:
        out: list[Block] = []
        for block in blocks:
            kind = block["t"]
            if kind == "Div":
                out.extend(self.top_blocks(block["c"][1]))
                continue
            if _toc_entry(block):
                self.notices.append(f"table-of-contents line {plain(block['c'])!r} left out (the page has its own)")
                continue
            markdown = self.block(block)
            if not markdown.strip():
                continue
            if kind == "Header":
                out.append(Block("heading", markdown, plain(block["c"][2]), level=block["c"][0]))
            else:
                out.append(Block(BLOCK_KINDS.get(kind, "paragraph"), markdown, plain_blocks([block])))
        return out

    # --- blocks ------------------------------------------------------------

    def block(self, block: dict) -> str:
        kind, c = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            return self.inlines(c, line_start=True)
        if kind == "Header":
            text = self.inlines(c[2], line_start=False)
            text = re.sub(r"#+\s*$", lambda m: "\\" + m.group(0), text)  # a closing # would be dropped
            return "#" * min(max(c[0], 1), 6) + " " + text
        if kind == "BlockQuote":
            inner = self.blocks(c)
            return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
        if kind == "BulletList":
            return self.list_items(c, lambda n: "-")
        if kind == "OrderedList":
            start = c[0][0]
            return self.list_items(c[1], lambda n: f"{start + n}.")
        if kind == "DefinitionList":
            parts = []
            for term, definitions in c:
                parts.append(f"**{self.inlines(term)}**" if term else "")
                parts.extend(self.blocks(d) for d in definitions)
            return "\n\n".join(p for p in parts if p)
        if kind == "Table":
            return self.table(c)
        if kind == "CodeBlock":
            text = c[1]
            fence = "`" * max(3, max((len(m) + 1 for m in re.findall(r"`+", text)), default=0))
            return f"{fence}\n{text}\n{fence}"
        if kind == "RawBlock":
            return self.raw(c[0], c[1])
        if kind == "HorizontalRule":
            return "---"
        if kind == "LineBlock":
            return "<br>\n".join(self.inlines(line, line_start=True) for line in c)
        if kind == "Div":
            return self.blocks(c[1])
        if kind == "Figure":
            caption = plain_blocks(c[1][1])
            self.blocks(c[2])  # records the image it holds
            return escape_inline(caption) if caption else ""
        return ""  # Null

    def blocks(self, blocks: list[dict]) -> str:
        return "\n\n".join(md for md in (self.block(b) for b in blocks) if md.strip())

    def list_items(self, items: list, marker) -> str:
        tight = all(b["t"] != "Para" for item in items for b in item)
        out = []
        for n, item in enumerate(items):
            inner = ("\n" if tight else "\n\n").join(md for md in (self.block(b) for b in item) if md.strip())
            first, *rest = inner.split("\n") or [""]
            lines = [f"{marker(n)} {first}"] + [f"    {line}" if line else "" for line in rest]
            out.append("\n".join(lines))
        return ("\n" if tight else "\n\n").join(out)

    def table(self, c: list) -> str:
        _, caption, colspecs, head, bodies, foot = c
        ncols = len(colspecs)

        def rows_of(rows):
            out = []
            for _, cells in rows:
                row = []
                for _, _, _, colspan, blocks in cells:
                    text = "<br>".join(self.inlines(b["c"]) if b["t"] in ("Para", "Plain") else escape_inline(
                        plain_blocks([b])) for b in blocks)
                    row.extend([text.replace("|", "\\|")] + [""] * (colspan - 1))
                out.append((row + [""] * ncols)[:ncols])
            return out

        head_rows = rows_of(head[1])
        body_rows = [r for body in bodies for r in rows_of(body[2]) + rows_of(body[3])] + rows_of(foot[1])
        header = head_rows[0] if head_rows else [""] * ncols
        body_rows = head_rows[1:] + body_rows
        align = {"AlignLeft": ":---", "AlignRight": "---:", "AlignCenter": ":---:"}
        lines = ["| " + " | ".join(header) + " |",
                 "|" + "|".join(align.get(spec[0]["t"], "---") for spec in colspecs) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in body_rows]
        title = plain_blocks(caption[1])
        return (escape_line_start(escape_inline(title)) + "\n\n" if title else "") + "\n".join(lines)

    def raw(self, fmt: str, text: str) -> str:
        if fmt != "html":
            self.foreign.append(f"{fmt}: {text.strip()[:60]}")
            return ""
        if text.lstrip().startswith("<!--"):
            return ""
        tag = RAW_TAG.match(text)
        if tag and tag.group(1).lower() in WRAPPER_TAGS:
            return ""
        return text.strip()

    # --- inlines -----------------------------------------------------------

    def inlines(self, items: list[dict], line_start: bool = True) -> str:
        text = "".join(self.inline(item) for item in items).strip()
        return escape_line_start(text) if line_start else text

    def _wrapped(self, marks: str, tag: str, items: list[dict]) -> str:
        inner = "".join(self.inline(i) for i in items)
        core = inner.strip()
        if not core:
            return inner
        lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()):]
        # Emphasis nested at an edge (***a** b*) reads ambiguously in Markdown: the tag cannot.
        wrapped = f"<{tag}>{core}</{tag}>" if core[0] == "*" or core[-1] == "*" else f"{marks}{core}{marks}"
        return lead + wrapped + trail

    def inline(self, item: dict) -> str:
        kind, c = item["t"], item.get("c")
        if kind == "Str":
            return escape_inline(c)
        if kind in ("Space", "SoftBreak"):
            return " "
        if kind == "LineBreak":
            return "<br>"
        if kind == "Emph":
            return self._wrapped("*", "em", c)
        if kind == "Strong":
            return self._wrapped("**", "strong", c)
        if kind in ("Strikeout", "Superscript", "Subscript"):
            tag = {"Strikeout": "del", "Superscript": "sup", "Subscript": "sub"}[kind]
            return f"<{tag}>{''.join(self.inline(i) for i in c)}</{tag}>"
        if kind in ("Underline", "SmallCaps"):
            return "".join(self.inline(i) for i in c)
        if kind == "Span":
            return "".join(self.inline(i) for i in c[1])
        if kind == "Quoted":
            left, right = QUOTES[c[0]["t"]]
            return left + "".join(self.inline(i) for i in c[1]) + right
        if kind == "Cite":
            if all(cite["citationMode"]["t"] == "AuthorInText" for cite in c[0]):
                return "".join(self.inline(i) for i in c[1])  # "@UN said": a handle, not a citation
            return self.cite(c[0])
        if kind == "Code":
            ticks = "`" * (max((len(m) for m in re.findall(r"`+", c[1])), default=0) + 1)
            pad = " " if c[1].startswith("`") or c[1].endswith("`") else ""
            return f"{ticks}{pad}{c[1]}{pad}{ticks}"
        if kind == "Math":
            return escape_inline(c[1])
        if kind == "RawInline":
            return self.raw(c[0], c[1])
        if kind == "Link":
            return self.link(c[1], c[2][0])
        if kind == "Image":
            self.images.append(plain(c[1]) or c[2][0])
            return ""
        if kind == "Note":
            self.notes.append(self.blocks(c))
            return f"[^{len(self.notes)}]"
        return ""

    def cite(self, cites: list[dict]) -> str:
        """A Markdown file's citations stay the archive's citation markers."""
        parts = []
        for cite in cites:
            prefix = plain(cite["citationPrefix"])
            suffix = plain(cite["citationSuffix"])
            parts.append(f"{prefix + ' ' if prefix else ''}@{cite['citationId']}{suffix}")
        return "[" + "; ".join(parts) + "]"

    def link(self, label: list[dict], url: str) -> str:
        text = "".join(self.inline(i) for i in label).strip()
        shown = text or escape_inline(url)
        if url.startswith("#") or url.lower().startswith("file:"):
            self.notices.append(f"link to {url} kept as text (it points inside the old document or to a local file)")
            return shown
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
            if not self.base_url:
                self.notices.append(f"relative link {url!r} kept as text (the page gives no base address to resolve it)")
                return shown
            url = urljoin(self.base_url, url)
        return f"[{shown}]({_url(url)})"


def _toc_entry(block: dict) -> bool:
    """A word processor's table-of-contents line: one link to one of its own _Toc bookmarks."""
    if block["t"] not in ("Para", "Plain"):
        return False
    items = [i for i in block["c"] if i["t"] not in ("Space", "SoftBreak")]
    return len(items) == 1 and items[0]["t"] == "Link" and items[0]["c"][2][0].startswith("#_Toc")


BLOCK_KINDS = {"Para": "paragraph", "Plain": "paragraph", "BlockQuote": "quote", "BulletList": "list",
               "OrderedList": "list", "DefinitionList": "list", "Table": "table", "CodeBlock": "code",
               "RawBlock": "html", "HorizontalRule": "rule", "LineBlock": "paragraph", "Figure": "paragraph"}


def plain(items: list[dict]) -> str:
    """The text of inlines, as a reader sees it (no markup, notes left out)."""
    out = []
    for item in items:
        kind, c = item["t"], item.get("c")
        if kind == "Str":
            out.append(c)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif kind in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "Underline", "SmallCaps"):
            out.append(plain(c))
        elif kind in ("Span", "Link"):
            out.append(plain(c[1]))
        elif kind == "Quoted":
            left, right = QUOTES[c[0]["t"]]
            out.append(left + plain(c[1]) + right)
        elif kind == "Cite":
            out.append(plain(c[1]))
        elif kind in ("Code", "Math"):
            out.append(c[1])
    return re.sub(r"\s+", " ", "".join(out)).strip()


def plain_blocks(blocks: list[dict]) -> str:
    texts = []
    for block in blocks:
        kind, c = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            texts.append(plain(c))
        elif kind == "Header":
            texts.append(plain(c[2]))
        elif kind in ("BlockQuote",):
            texts.append(plain_blocks(c))
        elif kind == "Div":
            texts.append(plain_blocks(c[1]))
        elif kind in ("BulletList",):
            texts.extend(plain_blocks(item) for item in c)
        elif kind == "OrderedList":
            texts.extend(plain_blocks(item) for item in c[1])
        elif kind == "LineBlock":
            texts.extend(plain(line) for line in c)
        elif kind == "CodeBlock":
            texts.append(c[1])
        elif kind == "Table":
            _, _, _, head, bodies, foot = c
            rows = head[1] + [r for b in bodies for r in b[2] + b[3]] + foot[1]
            texts.extend(plain_blocks(cell[4]) for row in rows for cell in row[1])
    return " ".join(t for t in texts if t)
