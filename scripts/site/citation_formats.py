"""How to cite a statement: one reference, written out in the formats readers use.

:func:`reference` gathers what is known about one language version of a
statement (never more: an unknown author or day stays out, nothing is filled in
with "Anonymous" or a guessed date); the other functions write it as CSL-JSON,
BibTeX, RIS, Highwire Press ``citation_*`` meta tags (what Zotero and Google
Scholar read from a page) and as a formatted reference in the page's language
(citeproc-py with the Harvard style it ships, and its CSL locales).

Authors and the archive identifier are inputs, so the model decides where they
come from (translations/authors.yml, `identifier:`).
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from statements_archive.content.model import PubDate

# A small author-title-date style of our own: citeproc-py's bundled Harvard style
# repeats the title when there is no author (it does not suppress substitutes),
# and a statement of unknown issuer is common. Terms and dates come from the
# CSL locale of the reading language.
STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Statements Archive</title><id>statements-archive</id><updated>2026-12-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <layout suffix=".">
      <group delimiter=". ">
        <names variable="author"><name and="text" delimiter=", "/></names>
        <text variable="title" font-style="italic"/>
        <names variable="translator">
          <label form="verb" text-case="capitalize-first" suffix=" "/>
          <name and="text" delimiter=", "/>
        </names>
        <text variable="container-title"/>
        <choose>
          <if variable="issued"><date variable="issued" form="text"/></if>
          <else><text term="no date" text-case="capitalize-first"/></else>
        </choose>
        <group delimiter=": ">
          <text term="available at" text-case="capitalize-first"/>
          <text variable="URL"/>
        </group>
      </group>
    </layout>
  </bibliography>
</style>
"""
# Generated next to each statement page, one set per language version.
FILES = {"csl": "cite.json", "bibtex": "cite.bib", "ris": "cite.ris"}


@dataclass(frozen=True)
class Name:
    text: str
    person: bool = False


@dataclass(frozen=True)
class Reference:
    key: str  # citation key: identifier and language
    title: str
    lang: str
    url: str  # absolute URL of this language version
    archive: str  # the archive's (site's) name
    identifier: str  # the archive identifier, the same in every language
    authors: tuple[Name, ...] = ()
    translators: tuple[str, ...] = ()
    date_parts: tuple[int, ...] = ()  # (year,), (year, month) or (year, month, day): only what is known
    original_title: str = ""
    original_lang: str = ""
    abstract: str = ""


def known_date_parts(date: PubDate | None) -> tuple[int, ...]:
    """The parts of the publication date the text supports: the day when it is
    known; otherwise the year (and month) only when both bounds share them."""
    if date is None:
        return ()
    first = date.earliest
    if date.exact:
        return (first.year, first.month, first.day)
    last = date.latest
    if last is None or last.year != first.year:
        return ()
    return (first.year, first.month) if last.month == first.month else (first.year,)


def citation_key(identifier: str, lang: str) -> str:
    """A BibTeX-safe key: letters, digits and -_:. only."""
    return re.sub(r"[^A-Za-z0-9_:.-]+", "-", identifier).strip("-") + f"-{lang}"


def reference(*, title: str, lang: str, url: str, archive: str, identifier: str,
              authors: Iterable[Name] = (), translators: Iterable[str] = (), date: PubDate | None = None,
              original_title: str = "", original_lang: str = "", abstract: str = "") -> Reference:
    return Reference(citation_key(identifier, lang), title, lang, url, archive, identifier,
                     tuple(authors), tuple(t for t in translators if t.strip()), known_date_parts(date),
                     original_title if original_title != title else "", original_lang, abstract)


# --- CSL-JSON ----------------------------------------------------------------------

def csl_item(ref: Reference) -> dict:
    item: dict = {"id": ref.key, "type": "webpage", "title": ref.title, "language": ref.lang, "URL": ref.url,
                  "container-title": ref.archive, "archive": ref.archive, "archive_location": ref.identifier}
    if ref.authors:
        # Names are written as the archive knows them (organisation or person, not split).
        item["author"] = [{"literal": a.text} for a in ref.authors]
    if ref.translators:
        item["translator"] = [{"literal": t} for t in ref.translators]
    if ref.date_parts:
        item["issued"] = {"date-parts": [list(ref.date_parts)]}
    if ref.original_title:
        item["original-title"] = ref.original_title
    if ref.abstract:
        item["abstract"] = ref.abstract
    return item


def csl_json(ref: Reference) -> str:
    return json.dumps([csl_item(ref)], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- BibTeX --------------------------------------------------------------------------

_BIB_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "#": r"\#", "%": r"\%", "&": r"\&",
                "$": r"\$", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def bib_escape(text: str) -> str:
    text = " ".join(text.split())
    return "".join(_BIB_SPECIAL.get(ch, ch) for ch in text)


def _bib_name(name: Name) -> str:
    # An organisation (or a name the archive does not split) in braces: BibTeX keeps it whole.
    return "{" + bib_escape(name.text) + "}"


def bibtex(ref: Reference) -> str:
    fields = [("title", "{" + bib_escape(ref.title) + "}")]
    if ref.authors:
        fields.append(("author", " and ".join(_bib_name(a) for a in ref.authors)))
    if ref.translators:
        fields.append(("translator", " and ".join("{" + bib_escape(t) + "}" for t in ref.translators)))
    if ref.date_parts:
        fields.append(("year", str(ref.date_parts[0])))
        fields.append(("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(ref.date_parts))))
    if len(ref.date_parts) > 1:
        fields.append(("month", str(ref.date_parts[1])))
    if ref.original_title:  # biblatex: a translation names its original
        fields.append(("origtitle", "{" + bib_escape(ref.original_title) + "}"))
        fields.append(("origlanguage", bib_escape(ref.original_lang)))
    fields += [("language", bib_escape(ref.lang)), ("url", ref.url.replace("}", "%7D").replace("{", "%7B")),
               ("howpublished", "{" + bib_escape(ref.archive) + "}"),
               ("note", "{" + bib_escape(f"{ref.archive}: {ref.identifier}") + "}")]
    # Inner braces keep a title's case and an organisation's name whole.
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{ref.key},\n{body}\n}}\n"


# --- RIS ----------------------------------------------------------------------------------

def _ris_value(text: str) -> str:
    return " ".join(text.split())  # one line per tag


def ris(ref: Reference) -> str:
    lines = [("TY", "ELEC"), ("TI", ref.title)]
    lines += [("AU", a.text) for a in ref.authors]
    lines += [("A4", t) for t in ref.translators]  # RIS: A4 = translator
    if ref.date_parts:
        lines.append(("PY", str(ref.date_parts[0])))
        y, m, d = (list(ref.date_parts) + [None, None])[:3]
        lines.append(("DA", f"{y}/{m:02d}/{d:02d}/" if d else f"{y}/{m:02d}//" if m else f"{y}///"))
    if ref.original_title:
        lines.append(("OP", ref.original_title))
    lines += [("LA", ref.lang), ("UR", ref.url), ("DB", ref.archive), ("AN", ref.identifier)]
    if ref.abstract:
        lines.append(("AB", ref.abstract))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}\r\n" for tag, value in lines)


# --- Highwire Press meta tags -------------------------------------------------------------

def highwire(ref: Reference) -> list[tuple[str, str]]:
    """(name, content) of the citation_* tags; the date only as precisely as it is known."""
    tags = [("citation_title", ref.title)]
    tags += [("citation_author", a.text) for a in ref.authors]
    if len(ref.date_parts) == 3 or len(ref.date_parts) == 1:
        tags.append(("citation_publication_date", "/".join(
            f"{p:02d}" if i else str(p) for i, p in enumerate(ref.date_parts))))
    tags += [("citation_language", ref.lang), ("citation_public_url", ref.url),
             ("citation_archive_id", ref.identifier)]
    return tags


# --- formatted reference ------------------------------------------------------------------

@lru_cache(maxsize=None)
def _locales() -> tuple[str, ...]:
    import citeproc
    folder = Path(citeproc.__file__).parent / "data" / "locales"
    return tuple(sorted(p.name[len("locales-"):-len(".xml")] for p in folder.glob("locales-*.xml")))


def csl_locale(lang: str) -> str:
    """The CSL locale for a language code: itself, or its main dialect ('fr' -> 'fr-FR')."""
    known = _locales()
    if lang in known:
        return lang
    main = f"{lang}-{lang.upper()}"
    if main in known:
        return main
    return next((name for name in known if name.split("-")[0] == lang), "en-US")


@lru_cache(maxsize=None)
def _style(locale: str):
    import io
    from citeproc import CitationStylesStyle
    return CitationStylesStyle(io.BytesIO(STYLE.encode("utf-8")), locale=locale, validate=False)


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


def formatted(ref: Reference, lang: str) -> str:
    """The reference as HTML, in the reading language's conventions (citeproc-py escapes the text)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    # citeproc-py's HTML formatter writes text as given: escape it first.
    item = {k: _escaped(v) for k, v in csl_item(ref).items()}
    bibliography = CitationStylesBibliography(_style(csl_locale(lang)), CiteProcJSON([item]), formatter.html)
    bibliography.register(Citation([CitationItem(ref.key)]))
    text = str(bibliography.bibliography()[0])
    # An address keeps its own direction inside right-to-left text.
    url = html.escape(ref.url, quote=False)
    return text.replace(url, f'<bdi dir="ltr">{url}</bdi>', 1)


# --- a statement of the catalog -------------------------------------------------------------

def for_statement(catalog, statement) -> Reference:
    """The reference of one language version; authors and identifier as the model gives them."""
    from statements_archive.site import pages

    work = catalog.works[statement.slug]
    original = work.original
    lang = statement.lang
    authors = [Name(a.name(lang), a.is_person) if hasattr(a, "name") else Name(str(a))
               for a in getattr(statement, "authors", ()) or getattr(original, "authors", ()) or ()]
    identifier = getattr(statement, "identifier", "") or statement.slug
    return reference(
        title=statement.title, lang=lang, archive=catalog.config.site_name_in(lang),
        url=catalog.config.site_url + pages.statement_url(catalog.config, lang, statement.slug),
        identifier=identifier, authors=authors, date=statement.date or (original.date if original else None),
        translators=statement.translation.translators if statement.translation else (),
        original_title=original.title if original is not None and statement.is_translation else "",
        original_lang=original.lang if original is not None else lang, abstract=statement.summary)


def files(ref: Reference) -> dict[str, str]:
    """Downloads written next to the statement page: file name -> content."""
    return {FILES["csl"]: csl_json(ref), FILES["bibtex"]: bibtex(ref), FILES["ris"]: ris(ref)}


def context(ref: Reference) -> dict:
    """What the Cite block and the <head> show."""
    return {"formatted": formatted(ref, ref.lang), "meta": highwire(ref), "files": dict(FILES), "url": ref.url}
