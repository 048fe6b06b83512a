"""What a document says about itself: title, date, authors, keywords, language.

Only statements the document makes count. File times (mtime, DOCX
``dcterms:created``/``modified``, ODT ``dc:date``) say when a file was saved,
not when a statement was published, so they are never read.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from xml.etree import ElementTree

from statements_archive.importing.outline import Metadata
from statements_archive.importing.writer import plain, plain_blocks

NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
ISO_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")


def day(value: str | None) -> str | None:
    """``2024-03-05`` or ``2024-03-05T10:00:00Z`` -> ``2024-03-05``; anything else -> None."""
    match = ISO_DAY.match(value or "")
    if not match:
        return None
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def language_code(value: str | None) -> str | None:
    """``fr-FR`` -> ``fr``."""
    code = (value or "").strip().replace("_", "-").split("-")[0].lower()
    return code or None


def split_names(value: str) -> list[str]:
    return [name.strip() for name in re.split(r"[;\n]", value) if name.strip()]


def split_keywords(value: str) -> list[str]:
    return [word.strip() for word in re.split(r"[,;\n]", value) if word.strip()]


def meta_text(value: dict | None) -> str | None:
    """Pandoc's meta value as text (MetaInlines, MetaString, MetaBlocks)."""
    if not value:
        return None
    kind, c = value["t"], value.get("c")
    if kind == "MetaString":
        return c.strip() or None
    if kind == "MetaInlines":
        return plain(c) or None
    if kind == "MetaBlocks":
        return plain_blocks(c) or None
    if kind == "MetaList":
        return "; ".join(t for t in (meta_text(v) for v in c) if t) or None
    return None


def _meta_list(value: dict | None) -> list[str]:
    if not value:
        return []
    if value["t"] == "MetaList":
        return [t for t in (meta_text(v) for v in value["c"]) if t]
    text = meta_text(value)
    return [text] if text else []


def from_pandoc(meta: dict) -> Metadata:
    """Pandoc's metadata: DOCX Title/Author/Date/Abstract styles and properties, Markdown YAML blocks."""
    return Metadata(
        title=meta_text(meta.get("title")),
        date=meta_text(meta.get("date")),
        authors=[n for a in _meta_list(meta.get("author")) for n in split_names(a)],
        keywords=[k for v in _meta_list(meta.get("keywords")) for k in split_keywords(v)],
        language=language_code(meta_text(meta.get("lang"))),
        summary=meta_text(meta.get("abstract")) or meta_text(meta.get("description")),
    )


def _zip_xml(path, member: str) -> ElementTree.Element | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return ElementTree.fromstring(archive.read(member))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return None


def _text(root: ElementTree.Element | None, tag: str) -> str | None:
    node = root.find(tag, NS) if root is not None else None
    return (node.text or "").strip() or None if node is not None else None


def docx_core(path) -> Metadata:
    """DOCX core properties (docProps/core.xml) pandoc does not pass on: keywords, language."""
    root = _zip_xml(path, "docProps/core.xml")
    return Metadata(
        title=_text(root, "dc:title"),
        authors=split_names(_text(root, "dc:creator") or ""),
        keywords=split_keywords(_text(root, "cp:keywords") or ""),
        language=language_code(_text(root, "dc:language")),
        summary=_text(root, "dc:description"),
    )


def odt_meta(path) -> tuple[Metadata, list[str]]:
    """ODT meta.xml, and the texts of Title/Subtitle/Author/Date paragraphs (pandoc reads them as body text)."""
    root = _zip_xml(path, "meta.xml")
    office = root.find("office:meta", NS) if root is not None else None
    user = {}
    if office is not None:
        for node in office.findall("meta:user-defined", NS):
            user[node.get(f"{{{NS['meta']}}}name", "").lower()] = (node.text or "").strip()
    meta = Metadata(
        title=_text(office, "dc:title"),
        date=user.get("date"),
        authors=split_names(_text(office, "dc:creator") or _text(office, "meta:initial-creator") or ""),
        keywords=[k for node in (office.findall("meta:keyword", NS) if office is not None else [])
                  for k in split_keywords(node.text or "")],
        language=language_code(_text(office, "dc:language")),
        summary=_text(office, "dc:description"),
    )
    content = _zip_xml(path, "content.xml")
    styled = []
    if content is not None:
        for para in content.iter(f"{{{NS['text']}}}p"):
            style = para.get(f"{{{NS['text']}}}style-name", "")
            if style in ("Title", "Author", "Date", "Abstract"):
                styled.append((style, re.sub(r"\s+", " ", "".join(para.itertext())).strip()))
    shown = next((text for style, text in styled if style == "Title" and text), None)
    meta.title, meta.title_hidden = (shown, False) if shown else (meta.title, bool(meta.title))
    return meta, [text for _, text in styled]


def docx_has_title_paragraph(path) -> bool:
    """Whether the title pandoc reports is on the page (a Title-styled paragraph) or only in the properties."""
    try:
        with zipfile.ZipFile(path) as archive:
            return b'w:val="Title"' in archive.read("word/document.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return False


def merged(*layers: Metadata) -> Metadata:
    """The first layer that has each fact."""
    out = Metadata()
    for name in Metadata.__dataclass_fields__:
        for layer in layers:
            value = getattr(layer, name)
            if value:
                setattr(out, name, value)
                break
    return out
