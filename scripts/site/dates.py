"""Dates and language names as readers of each language write them (Babel / CLDR)."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Callable

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton

from statements_archive.content.model import PARTIAL_DATE, PubDate


def long_date(day: dt.date, lang: str) -> str:
    return format_date(day, format="long", locale=lang)


def partial_date(text: str, lang: str) -> str:
    """'2024' -> '2024', '2024-10' -> 'octobre 2024', '2024-10-28' -> '28 octobre 2024';
    anything else is returned as written (it was validated elsewhere)."""
    if not isinstance(text, str) or not PARTIAL_DATE.match(text):
        return str(text)
    parts = [int(p) for p in text.split("-")]
    try:
        if len(parts) == 3:
            return long_date(dt.date(*parts), lang)
        if len(parts) == 2:
            return format_skeleton("yMMMM", dt.date(parts[0], parts[1], 1), locale=lang)
        return format_skeleton("y", dt.date(parts[0], 1, 1), locale=lang)
    except ValueError:
        return text


def pubdate_text(date: PubDate, lang: str, gettext: Callable[[str], str]) -> str:
    """'28 octobre 2024', or a bounded range when the exact day is unknown."""
    if date.exact:
        return long_date(date.earliest, lang)
    if date.latest:
        return gettext("between %(start)s and %(end)s (exact date unknown)") % {
            "start": long_date(date.earliest, lang), "end": long_date(date.latest, lang)}
    return gettext("on or after %(date)s (exact date unknown)") % {"date": long_date(date.earliest, lang)}


def iso(date: PubDate) -> str:
    """Sort key and filter value: the day, or the earliest bound (never shown as a date)."""
    return date.earliest.isoformat()


def machine(date: PubDate) -> str:
    """Value for <time datetime>: only as precise as the content ('2024-10', '2024'), or ''."""
    return date.known_iso


@lru_cache(maxsize=256)
def list_separators(count: int, lang: str) -> tuple[str, ...]:
    """What goes between the items of a list of ``count`` in ``lang`` (CLDR):
    (', ', ' et ') in French, ('، ', ' و') in Arabic; one fewer than ``count``."""
    from babel.lists import format_list

    if count < 2:
        return ()
    tokens = [f"\x00{i}\x00" for i in range(count)]
    try:
        text = format_list(tokens, locale=lang)
    except (ValueError, UnknownLocaleError):
        text = ", ".join(tokens)
    return tuple(text.split(tokens[i], 1)[1].split(tokens[i + 1], 1)[0] for i in range(count - 1))


@lru_cache(maxsize=256)
def language_name(code: str, lang: str) -> str:
    """Name of language ``code`` in language ``lang``: ('en', 'fr') -> 'anglais', ('en', 'ar') -> 'الإنجليزية'."""
    try:
        name = Locale.parse(lang.replace("-", "_")).languages.get(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        name = None
    return name or code
