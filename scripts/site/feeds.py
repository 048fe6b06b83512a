"""Atom feeds: one per language and one per topic per language.

A language's feed lists every statement readable there: its translation, or
the original (marked with the original's xml:lang) while none exists, like the
archive pages do. Every date comes from the content, never from the clock, so
two builds of one commit write the same bytes.
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from statements_archive.translation import interface as i18n
from html import escape

from statements_archive.site import dates
from statements_archive.site import pages
from statements_archive.content.catalog import Catalog, Work
from statements_archive.content.model import Statement

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED = "feeds/atom.xml"
# Used only when a feed has no entry at all and so no content date.
EPOCH = dt.date(1970, 1, 1)

ET.register_namespace("", ATOM)


# --- what the feeds, the sitemap and the sharing metadata share ----------------

def published(statement: Statement) -> dt.date:
    """Publication day; for an approximate date, its earliest bound (a sort key:
    metadata that states a day uses ``known_published`` instead)."""
    return statement.date.earliest


def known_published(statement: Statement) -> dt.date | None:
    """The publication day when the content gives it, else None."""
    return statement.date.earliest if statement.date.exact else None


def modified(statement: Statement) -> dt.date:
    """Last change to the statement: its update or latest correction, else its date."""
    days = [published(statement), *(c.date for c in statement.corrections)]
    if statement.updated:
        days.append(statement.updated)
    return max(days)


def known_modified(statement: Statement) -> dt.date | None:
    """The last change as far as the content dates it: an update, a correction or
    an exact publication day; None when only approximate bounds are known."""
    days = [d for d in (known_published(statement), statement.updated, *(c.date for c in statement.corrections)) if d]
    return max(days, default=None)


def feed_path(catalog: Catalog, lang: str, topic: str | None = None) -> str:
    """Root-relative path of a feed: 'fr/feeds/atom.xml', 'fr/feeds/topics/gaza.xml'."""
    name = f"feeds/topics/{topic}.xml" if topic else FEED
    return pages.page_url(catalog.config, lang, name)


def absolute(catalog: Catalog, url: str) -> str:
    return catalog.config.site_url + url


def timestamp(day: dt.date) -> str:
    """RFC 3339 date-time, as Atom requires: midnight UTC of the day."""
    return f"{day.isoformat()}T00:00:00Z"


# --- feed building --------------------------------------------------------------

def shown(work: Work, lang: str) -> Statement:
    """What a reader of ``lang`` gets: the translation, else the original."""
    return work.in_language(lang) or work.original


def entries(catalog: Catalog, lang: str, topic: str | None = None) -> list[Statement]:
    """Statements listed in a feed of ``lang``, newest first."""
    works = [catalog.works[s.slug] for s in catalog.originals()]
    return [shown(w, lang) for w in works if topic is None or topic in w.original.topics]


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attrs.items() if v})
    if text is not None:
        element.text = text
    return element


def _entry(feed: ET.Element, catalog: Catalog, statement: Statement, lang: str) -> None:
    url = absolute(catalog, pages.statement_url(catalog.config, statement.lang, statement.slug))
    entry = _sub(feed, "entry")
    entry.set(XML_LANG, statement.lang)
    _sub(entry, "id", url)
    _sub(entry, "title", statement.title, type="text")
    _sub(entry, "link", rel="alternate", type="text/html", hreflang=statement.lang, href=url)
    # <published> is optional: left out when the day is unknown. <updated> is required:
    # an exact change (update, correction, day) when there is one, else the earliest
    # day the date's bounds allow, the only day the content supports (docs-dev/dates.md).
    if known_published(statement):
        _sub(entry, "published", timestamp(known_published(statement)))
    _sub(entry, "updated", timestamp(known_modified(statement) or modified(statement)))
    if not statement.authors:
        # Without it the entry would inherit the feed's author, the archive: say the issuer is unknown instead.
        _ = i18n.translations(catalog.config.root / "translations", lang).gettext
        _sub(_sub(entry, "author"), "name", _("issuer unknown"))
    for author in statement.authors:
        person = _sub(entry, "author")
        name = _sub(person, "name", author.name(lang))
        if author.name_lang(lang) != lang:
            name.set(XML_LANG, author.name_lang(lang))
        if author.url:
            _sub(person, "uri", author.url)
    if statement.translation:
        for name in statement.translation.translators:
            _sub(_sub(entry, "contributor"), "name", name)
    for topic in statement.topics:
        # Labels in the feed's language, for its readers, even on an untranslated entry.
        category = _sub(entry, "category", term=topic, scheme=absolute(catalog, "topics/"),
                        label=catalog.taxonomy.label(topic, lang))
        if statement.lang != lang:
            category.set(XML_LANG, lang)
    _sub(entry, "summary", statement.summary, type="text")
    # The date in words, in the feed's language (the day may be unknown; a reader sees it says so).
    content = _sub(entry, "content", _content(catalog, statement, lang), type="html")
    content.set(XML_LANG, lang)


def _content(catalog: Catalog, statement: Statement, lang: str) -> str:
    """Human text of an entry in the feed's language: the date in words and the issuers,
    then the summary; text in another language is marked and isolated."""
    config = catalog.config
    _ = i18n.translations(config.root / "translations", lang).gettext

    def own(text: str, text_lang: str) -> str:
        if text_lang == lang:
            return escape(text)
        return f'<bdi lang="{text_lang}" dir="{config.language(text_lang).dir}">{escape(text)}</bdi>'

    facts = [escape(dates.pubdate_text(statement.date, lang, _))]
    facts += [own(a.name(lang), a.name_lang(lang)) for a in statement.authors]
    direction = config.language(lang).dir
    return (f'<p dir="{direction}">{" · ".join(facts)}</p>'
            f'<p dir="{direction}">{own(statement.summary, statement.lang)}</p>')


def build(catalog: Catalog, lang: str, topic: str | None = None) -> ET.ElementTree:
    """The Atom feed of ``lang`` (of one ``topic`` if given)."""
    config = catalog.config
    _ = i18n.translations(config.root / "translations", lang).gettext
    listed = entries(catalog, lang, topic)
    everything = [s for w in catalog.works.values() for s in (w.original, *w.translations.values()) if s]
    # An empty feed still needs <updated>: the newest content date of the archive.
    newest = max((modified(s) for s in listed or everything), default=EPOCH)

    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    self_url = absolute(catalog, feed_path(catalog, lang, topic))
    page = pages.page_url(config, lang, f"topics/{topic}/" if topic else "")
    if topic:
        title = _("%(site)s: %(topic)s") % {"site": config.site_name_in(lang), "topic": catalog.taxonomy.label(topic, lang)}
    else:
        title = _("%(site)s: latest statements") % {"site": config.site_name_in(lang)}
    _sub(feed, "id", self_url)
    _sub(feed, "title", title, type="text")
    if config.site_description_in(lang):
        # The language's own description if mkdocs.yml gives one, else the default language's: say so.
        subtitle = _sub(feed, "subtitle", config.site_description_in(lang), type="text")
        if not config.language(lang).site_description and lang != config.default_language.code:
            subtitle.set(XML_LANG, config.default_language.code)
    _sub(feed, "updated", timestamp(newest))
    _sub(feed, "link", rel="self", type="application/atom+xml", hreflang=lang, href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", hreflang=lang, href=absolute(catalog, page))
    author = _sub(feed, "author")
    _sub(author, "name", config.site_name_in(lang))
    _sub(author, "uri", config.site_url)
    if config.copyright:
        _sub(feed, "rights", config.copyright, type="text")
    for statement in listed:
        _entry(feed, catalog, statement, lang)
    ET.indent(feed, space="  ")
    return ET.ElementTree(feed)


def _save(tree: ET.ElementTree, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        tree.write(handle, encoding="utf-8", xml_declaration=True)
        handle.write(b"\n")


def write(site_dir: Path, catalog: Catalog) -> None:
    """Write every language feed and every topic feed into the built site."""
    for language in catalog.config.languages:
        _save(build(catalog, language.code), site_dir / feed_path(catalog, language.code))
        for topic in catalog.taxonomy.ids:
            _save(build(catalog, language.code, topic), site_dir / feed_path(catalog, language.code, topic))
