"""Read a statement from a file of any supported format into an :class:`Outline`.

Plain text follows the rules in :mod:`plaintext`; Markdown, Word, OpenDocument
and HTML go through pandoc (the binary shipped by pypandoc-binary, run with
``--sandbox`` so a document can make it read no file and fetch no URL), and
pandoc's tree is written as the archive's Markdown by :mod:`writer`. Headings
come from heading styles and tags; the title from the document's title (its
properties, a Title-styled paragraph, a page's ``<h1>``) or its first heading.
Nothing here raises on bad input: every problem is a
:class:`~statements_archive.checks.report.Problem` in the outline.
"""
from __future__ import annotations

import codecs
import json
import re
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote

import yaml

from statements_archive.checks.report import Problem
from statements_archive.importing import footnotes, html_page, metadata, plaintext
from statements_archive.importing.outline import Block, Metadata, Outline
from statements_archive.importing.writer import Writer

FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".docx": "docx",
           ".odt": "odt", ".html": "html", ".htm": "html", ".xhtml": "html"}
PANDOC_INPUT = {"markdown": "markdown-smart-raw_tex-yaml_metadata_block", "docx": "docx", "odt": "odt",
                "html": "html+raw_html"}
NAMES = {"text": "plain text", "markdown": "Markdown", "docx": "a Word document", "odt": "an OpenDocument text",
         "html": "an HTML page"}
PANDOC_TIMEOUT = 120


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def read(path: Path, display: str | None = None, headings: str | set[int] = "auto",
         title: str | None = None) -> Outline:
    """The document in ``path`` (its format from the extension); ``title`` overrides the document's."""
    name = display or str(path)
    fmt = format_of(path)
    if fmt is None:
        return _refused(name, "file", f"{path.suffix or 'a file without extension'} is not a format the importer "
                                      f"reads; save it as {', '.join(sorted(set(FORMATS)))}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _refused(name, "file", f"cannot read: {exc.strerror}")
    if not raw.strip():
        return _refused(name, "file", "the file is empty; expected a title and paragraphs", line=1)
    if fmt in ("docx", "odt"):
        return _read_package(path, name, fmt, raw, title)
    text = _decode(raw, name, fmt)
    if isinstance(text, Problem):
        return Outline(name, "", [], problems=[text])
    if fmt == "text":
        return _read_text(text, name, headings, title)
    if fmt == "markdown":
        return _read_markdown(text, name, title)
    return _read_html(text, name, title)


def _refused(name: str, field: str, message: str, line: int = 0) -> Outline:
    return Outline(name, "", [], problems=[Problem(name, line, field, message)])


def _decode(raw: bytes, name: str, fmt: str) -> str | Problem:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's "Unicode"
        try:
            return raw.decode("utf-16").lstrip("\ufeff")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:8192]:
        return Problem(name, 0, "file", f"this is a binary file, not {NAMES[fmt]}; check the file "
                                        "(a Word document renamed .txt? save it as .docx and import that)")
    try:
        return raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", raw[:4096], re.I) if fmt == "html" else None
        if declared:
            try:
                return raw.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                pass
        line = raw[: exc.start].count(b"\n") + 1
        return Problem(name, line, "file", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                                           "save the file as UTF-8 (most editors: Save as, encoding UTF-8)")


# --- plain text -------------------------------------------------------------------

def _read_text(text: str, name: str, headings, title: str | None) -> Outline:
    try:
        statement = plaintext.parse_plain(text, headings)
    except plaintext.ImportError_ as exc:
        return _refused(name, "headings" if exc.line else "file", str(exc), exc.line)
    blocks = [Block(b.kind, f"## {plaintext.escape_markdown(b.text)}" if b.kind == "heading"
                    else plaintext.escape_markdown(b.text), b.text, b.line, 2 if b.kind == "heading" else 0)
              for b in statement.blocks]
    return Outline(name, title or statement.title, blocks, source_text=text)


# --- pandoc formats ---------------------------------------------------------------

def pandoc_tree(source: bytes, fmt: str) -> dict:
    """Pandoc's JSON tree of ``source``; raises ValueError with pandoc's message."""
    import pypandoc  # the binary's location; importing it costs ~50 ms, so only when needed

    try:
        result = subprocess.run([pypandoc.get_pandoc_path(), "--sandbox", "-f", PANDOC_INPUT[fmt], "-t", "json"],
                                input=source, capture_output=True, timeout=PANDOC_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ValueError(f"pandoc did not finish within {PANDOC_TIMEOUT} s")
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ValueError(message[0] if message else f"pandoc exited with {result.returncode}")
    return json.loads(result.stdout)


def _read_package(path: Path, name: str, fmt: str, raw: bytes, title: str | None) -> Outline:
    kind = "Word (.docx)" if fmt == "docx" else "OpenDocument (.odt)"
    if not zipfile.is_zipfile(path):
        return _refused(name, "file", f"not a {kind} file (it is not a ZIP package); open it in a word processor "
                                      f"and save it again as {path.suffix.lower()}")
    try:
        tree = pandoc_tree(raw, fmt)
    except ValueError as exc:
        return _refused(name, "file", f"cannot read this {kind} file ({exc}); open it in a word processor and save "
                                      "it again")
    if fmt == "docx":
        meta, styled = metadata.merged(metadata.from_pandoc(tree["meta"]), metadata.docx_core(path)), []
        meta.title_hidden = bool(meta.title) and not metadata.docx_has_title_paragraph(path)
        subtitle = metadata.meta_text(tree["meta"].get("subtitle"))
        if subtitle:  # a Subtitle-styled paragraph is text of the document: it stays, first
            tree["blocks"].insert(0, {"t": "Para", "c": [{"t": "Str", "c": subtitle}]})
    else:
        meta, styled = metadata.odt_meta(path)
    return _from_tree(tree, name, meta, title, styled)


def _front_matter(text: str, name: str) -> tuple[dict, str, Problem | None]:
    """A Markdown file's YAML header: its fields, the text after it, and why it could not be read."""
    match = re.match(r"^---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|$)", text, re.S)
    if not match:
        return {}, text, None
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return {}, text, Problem(name, mark.line + 2 if mark else 1, "front-matter",
                                 f"invalid YAML header: {getattr(exc, 'problem', None) or exc}")
    if not isinstance(data, dict):
        return {}, text, Problem(name, 2, "front-matter", "the YAML header must be a mapping of fields (key: value)")
    return data, text[match.end():], None


def _words(value) -> list[str]:
    """Keywords written as a YAML list or as "a, b; c"."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return metadata.split_keywords(str(value)) if value else []


def _read_markdown(text: str, name: str, title: str | None) -> Outline:
    fields, body, problem = _front_matter(text, name)
    if problem:
        return Outline(name, "", [], problems=[problem])
    try:
        tree = pandoc_tree(body.encode("utf-8"), "markdown")
    except ValueError as exc:
        return _refused(name, "file", f"cannot read this Markdown ({exc})")
    authors = fields.get("authors") or fields.get("author") or []
    date = fields.get("date")
    meta = Metadata(
        title=str(fields["title"]) if fields.get("title") else None,
        date=date if isinstance(date, dict) else (str(date) if date else None),
        authors=[str(a) for a in (authors if isinstance(authors, list) else [authors])],
        keywords=_words(fields.get("topics") or fields.get("keywords") or fields.get("tags")),
        language=metadata.language_code(str(fields.get("language") or fields.get("lang") or "")),
        summary=str(fields.get("summary") or fields.get("description") or "") or None,
        sources=fields.get("sources") if isinstance(fields.get("sources"), list) else None,
    )
    return _from_tree(tree, name, meta, title, [], source_text=text)


def _read_html(text: str, name: str, title: str | None) -> Outline:
    fragment, meta = html_page.read(text)
    if not fragment.strip():
        return _refused(name, "file", "the page has no body text")
    try:
        tree = pandoc_tree(fragment.encode("utf-8"), "html")
    except ValueError as exc:
        return _refused(name, "file", f"cannot read this HTML ({exc})")
    tree["blocks"] = footnotes.link_notes(tree["blocks"])
    # The page's own heading names the statement better than its <title> ("... | Site name").
    page_title, meta.title = meta.title, None
    outline = _from_tree(tree, name, meta, title, [], source_text=text)
    if not outline.title and page_title:
        outline.title = page_title
        outline.problems = [p for p in outline.problems if p.field != "title"]
    return outline


def _from_tree(tree: dict, name: str, meta: Metadata, title: str | None, styled: list[str],
               source_text: str | None = None) -> Outline:
    writer = Writer(base_url=meta.base_url)
    blocks = writer.top_blocks(tree["blocks"])
    # Word processors' title blocks (Title, Subtitle, Author, Date paragraphs) are metadata, not text.
    while blocks and blocks[0].kind == "paragraph" and blocks[0].text in styled:
        blocks.pop(0)
    outline = Outline(name, "", blocks, writer.notes, meta, notices=writer.notices, source_text=source_text)
    _take_title(outline, title or meta.title, given=bool(title))
    _renumber_headings(outline.blocks)
    if writer.images:
        shown = ", ".join(repr(i) for i in writer.images[:5]) + (" ..." if len(writer.images) > 5 else "")
        outline.problems.append(Problem(name, 0, "image", (
            f"the document contains {len(writer.images)} image(s) ({shown}); images are not imported (binary or "
            "third-party content is out of scope): remove them, or replace each with a sentence that says what "
            "it shows, and import again")))
    for item in writer.foreign:
        outline.problems.append(Problem(name, _line_of(source_text, item.partition(": ")[2]), "raw", (
            f"raw {item} cannot be published; rewrite it as text")))
    if not outline.blocks and not outline.problems:
        outline.problems.append(Problem(name, 0, "file", "no text found after the title"))
    return outline


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _take_title(outline: Outline, title: str | None, given: bool = False) -> None:
    first = outline.blocks[0] if outline.blocks else None
    if title and outline.meta.title_hidden and not given and first is not None and first.kind == "heading" \
            and _normal(first.text) != _normal(title):
        # What the page shows beats a property nobody sees (often a template's or an older draft's).
        outline.notices.append(f"title from the first heading; the file's properties say {title!r}")
        title = None
    if title:
        outline.title = " ".join(title.split())
        if first is not None and first.kind == "heading" and _normal(first.text) == _normal(title):
            outline.blocks.pop(0)
    elif first is not None and first.kind == "heading":
        outline.title = first.text
        outline.blocks.pop(0)
    else:
        outline.problems.append(Problem(outline.source, 0, "title", (
            "the document has no title: no title property, no Title-styled paragraph, and it does not start with "
            "a heading; pass --title TEXT")))


def _renumber_headings(blocks: list[Block]) -> None:
    """The page's title is its only <h1>: the document's highest heading level becomes ##."""
    levels = sorted({b.level for b in blocks if b.kind == "heading"})
    for block in blocks:
        if block.kind == "heading":
            block.level = min(2 + levels.index(block.level), 6)
            block.markdown = "#" * block.level + block.markdown.lstrip("#")


def _line_of(source_text: str | None, needle: str) -> int:
    """The line of the source where ``needle`` first appears (0 when unknown)."""
    if not source_text or not needle.strip():
        return 0
    at = source_text.find(needle.strip())
    return source_text.count("\n", 0, at) + 1 if at >= 0 else 0


def locate(outline: Outline, markdown_line: str) -> int:
    """Where a line of the written Markdown came from in a text source (0 when unknown)."""
    tag = re.search(r"</?[A-Za-z][\w:-]*", markdown_line)
    link = re.search(r"\]\(([^)\s]+)", markdown_line)
    url = unquote(link.group(1)) if link else ""
    for needle in (markdown_line.strip(), tag.group(0) if tag else "", url, url.split("(")[0]):
        line = _line_of(outline.source_text, needle)
        if line:
            return line
    return 0
