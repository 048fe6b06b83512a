"""Dates as readers of each language write them (Babel / CLDR)."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from babel.dates import format_date

from statements_archive.content.model import PubDate


def long_date(day: dt.date, lang: str) -> str:
    return format_date(day, format="long", locale=lang)


def pubdate_text(date: PubDate, lang: str, gettext: Callable[[str], str]) -> str:
    """'28 octobre 2024', or a bounded range when the exact day is unknown."""
    if date.exact:
        return long_date(date.earliest, lang)
    if date.latest:
        return gettext("between %(start)s and %(end)s (exact date unknown)") % {
            "start": long_date(date.earliest, lang), "end": long_date(date.latest, lang)}
    return gettext("on or after %(date)s (exact date unknown)") % {"date": long_date(date.earliest, lang)}


def iso(date: PubDate) -> str:
    """Machine-readable date for <time datetime>: the day, or the earliest bound."""
    return date.earliest.isoformat()
