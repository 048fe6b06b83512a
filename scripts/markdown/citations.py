"""Pandoc-style citations: `[@id]`, `[@id, p. 4]`, `[see @a; @b]`.

Parsing and checking live here; `citations_md` turns markers into
placeholders during Markdown rendering and :func:`render` numbers them and
writes the Sources list into the page's HTML.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from statements_archive.markdown import scanner

# Pandoc citation keys: start with a word character, may hold inner punctuation.
KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*\w)?"
ITEM = re.compile(rf"^\s*(?P<prefix>[^@;]*?(?:(?<=\s)|^))-?@(?P<id>{KEY})\s*(?:,\s*(?P<locator>[^;]*?))?\s*$")
GROUP = re.compile(r"\[(?P<body>[^\[\]\n]*@[^\[\]\n]*)\](?![(\[:])")


@dataclass(frozen=True)
class Cite:
    id: str
    locator: str = ""
    prefix: str = ""


@dataclass(frozen=True)
class Occurrence:
    """A citation group found in a body, with its line in the file."""

    line: int
    cites: tuple[Cite, ...]


def parse_group(body: str) -> tuple[Cite, ...] | None:
    """The citations in a bracket's content, or None when it is not a citation."""
    cites = []
    for part in body.split(";"):
        match = ITEM.match(part)
        if not match:
            return None
        cites.append(Cite(match["id"], (match["locator"] or "").strip(), match["prefix"].strip()))
    return tuple(cites)


def blocks(body: str, first_line: int) -> list[tuple[int, str]]:
    """Paragraph-level blocks (line, text) outside code fences; code is masked."""
    return scanner.blocks(body, first_line)


def occurrences(body: str, first_line: int) -> list[Occurrence]:
    found = []
    for line, match in scanner.citation_groups(body, first_line, GROUP):
        cites = parse_group(match["body"])
        if cites:
            found.append(Occurrence(line, cites))
    return found


def cited_ids(text: str) -> list[str]:
    """Ids cited in one block, in order of first citation."""
    seen: dict[str, None] = {}
    for match in GROUP.finditer(text):
        for cite in parse_group(match["body"]) or ():
            seen.setdefault(cite.id)
    return list(seen)


# --- rendering -------------------------------------------------------------------

PLACEHOLDER = re.compile(r'<sup class="citation" data-cites="(?P<data>[^"]*)"></sup>')


def placeholder_data(cites: Iterable[Cite]) -> str:
    return json.dumps([[c.id, c.locator, c.prefix] for c in cites], ensure_ascii=False)


# Scripts with their own comma (Arabic, Persian, Urdu write "،"), for lists of citation numbers.
_COMMAS = {"ar": "، ", "fa": "، ", "ur": "، "}


def list_comma(lang: str | None) -> str:
    return _COMMAS.get((lang or "").split("_")[0].split("-")[0], ", ")


def anchor(source_id: str) -> str:
    return "source-" + re.sub(r"[^\w-]", "-", source_id)


def _day(text: str, lang: str | None) -> str:
    """A source date in the reader's language (Babel), as precise as written."""
    if not lang:
        return html.escape(text)
    from statements_archive.site import dates  # the site layer formats; imported late, no cycle
    return html.escape(dates.partial_date(text, lang))


def _text_labels(gettext: Callable[[str], str]) -> Callable[[str], str]:
    """Translated labels are text: escaped before they are formatted into HTML (catalogs are contributed)."""
    if getattr(gettext, "escapes_html", False):
        return gettext

    def escaped(message: str) -> str:
        return html.escape(gettext(message))
    escaped.escapes_html = True
    return escaped


def _source_entry(source: dict, gettext: Callable[[str], str], lang: str | None = None,
                  text_lang: str | None = None) -> str:
    gettext = _text_labels(gettext)
    # Source text is written in the original (text_lang): on a translation, mark and isolate it.
    def own(text: str) -> str:
        text = html.escape(text)
        return f'<bdi lang="{html.escape(text_lang)}">{text}</bdi>' if text_lang and text_lang != lang else text

    parts = []
    who = ", ".join(own(source[k]) for k in ("author", "publisher") if source.get(k))
    if who:
        parts.append(who)
    if source.get("title"):
        parts.append(f"<cite>{own(source['title'])}</cite>")
    if source.get("date"):
        parts.append(f'<time datetime="{html.escape(source["date"])}">{_day(source["date"], lang)}</time>')
    text = ". ".join(parts)
    if source.get("note"):
        text += f' <span class="source-note">({own(source["note"])})</span>'
    links = []
    for key, label in (("url", gettext("Source")), ("archive_url", gettext("Archived copy"))):
        if source.get(key):
            url = html.escape(source[key])
            links.append(f'{label}: <a class="source-url" href="{url}" rel="noopener noreferrer">{url}</a>')
    if source.get("accessed"):
        links.append(gettext("accessed %(date)s") % {"date": _day(source["accessed"], lang)})
    if not source.get("url"):
        no_url = gettext("No web address known.")
        links.append(f'<span class="source-nourl">{no_url}</span>')
    return text + ("<br>" + " · ".join(links) if links else "")


def render(page_html: str, sources: Iterable[dict], gettext: Callable[[str], str],
           lang: str | None = None, text_lang: str | None = None) -> str:
    """Number citation placeholders in order of first citation and append the Sources list.

    ``lang``: the page's language (dates in its words); ``text_lang``: the language
    the sources are written in (the original's), marked where it differs."""
    gettext = _text_labels(gettext)
    by_id = {s["id"]: s for s in sources if s.get("id")}
    numbers: dict[str, int] = {}
    backlinks: dict[str, list[str]] = {}

    unknown = gettext("Unknown source")
    comma = list_comma(lang)

    def replace(match: re.Match) -> str:
        links = []
        for source_id, locator, prefix in json.loads(html.unescape(match["data"])):
            if source_id not in by_id:
                links.append(f'<span class="citation-missing" title="{unknown}">?{html.escape(source_id)}</span>')
                continue
            number = numbers.setdefault(source_id, len(numbers) + 1)
            refs = backlinks.setdefault(source_id, [])
            ref_id = f"cite-{anchor(source_id)[7:]}-{len(refs) + 1}"
            refs.append(ref_id)
            label = f"{html.escape(prefix) + ' ' if prefix else ''}{number}{', ' + html.escape(locator) if locator else ''}"
            links.append(f'<a id="{ref_id}" href="#{anchor(source_id)}">{label}</a>')
        return f'<sup class="citation">[{comma.join(links)}]</sup>'

    body = PLACEHOLDER.sub(replace, page_html)
    if not by_id:
        return body
    ordered = sorted(by_id.values(), key=lambda s: numbers.get(s["id"], len(by_id) + 1))
    items, back_label, heading = [], gettext("Back to citation %(n)d"), gettext("Sources")
    for source in ordered:
        refs = backlinks.get(source["id"], [])
        back = " ".join(f'<a href="#{ref}" aria-label="{back_label % {"n": i + 1}}">↩{"" if len(refs) == 1 else i + 1}</a>'
                        for i, ref in enumerate(refs))
        items.append(f'<li id="{anchor(source["id"])}">{_source_entry(source, gettext, lang, text_lang)} <span class="source-backlinks">{back}</span></li>')
    return (f'{body}\n<section class="sources" aria-labelledby="sources">\n'
            f'<h2 id="sources">{heading}</h2>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</section>")
