"""Reading time of a statement, for the reader's language.

Reading speed differs by language and script, so one words-per-minute figure
would mislead. The speeds are the averages measured for the International
Reading Speed Texts (IReST: Trauzettel-Klosinski & Dietz, 2012, *Investigative
Ophthalmology & Visual Science* 53(9):5452-5461).
"""
from __future__ import annotations

import math
import re
import unicodedata

# Words per minute (IReST, 2012).
WORDS_PER_MINUTE = {
    "ar": 138, "de": 179, "en": 228, "es": 218, "fi": 161, "fr": 195, "he": 187, "it": 188,
    "nl": 202, "pl": 166, "pt": 181, "ru": 184, "sl": 180, "sv": 199, "tr": 166,
}
# Scripts written without spaces between words: characters per minute (IReST, 2012).
CHARACTERS_PER_MINUTE = {"zh": 255, "ja": 357}
# Mean of the IReST languages, for a language the study did not measure.
DEFAULT_WPM = 184

# Markdown that is not read: citation markers, link targets, HTML tags, attribute lists.
_NOT_READ = re.compile(r"\[@[^\]]*\]|\]\([^)]*\)|<[^>]+>|\{:?[^}]*\}")
# Combining marks (accents written apart, Hebrew niqqud, Arabic harakat) belong to
# their word; `\w` alone does not match them and would split one word into several.


def _mark_ranges() -> str:
    """A character-class body of every combining mark (Mn, Mc, Me) of the Basic Multilingual Plane."""
    marks = [c for c in range(0x10000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")]
    ranges, start = [], marks[0]
    for previous, current in zip(marks, marks[1:] + [None]):
        if current != previous + 1:
            ranges.append(re.escape(chr(start)) + ("" if previous == start else "-" + re.escape(chr(previous))))
            start = current
    return "".join(ranges)


_MARKS = _mark_ranges()
_W = rf"[\w{_MARKS}]"
# A word: letters or digits, with inner apostrophes, hyphens or dots ("don't", "anti-war",
# "U.S"), and digit groups as one number ("43,000", "43 000").
_WORD = re.compile(rf"{_W}+(?:['’.\-]{_W}+|(?<=\d)[,.\u00a0\u202f]\d+)*")
_LETTER = re.compile(r"[^\W_]")


def words(text: str) -> int:
    return len(_WORD.findall(_NOT_READ.sub(" ", unicodedata.normalize("NFC", text))))


def _letters(text: str) -> int:
    return len(_LETTER.findall(_NOT_READ.sub(" ", text)))


def minutes(text: str, lang: str) -> int:
    """Whole minutes to read ``text`` written in ``lang`` (at least 1 for any text)."""
    base = (lang or "").replace("_", "-").split("-")[0].lower()
    if base in CHARACTERS_PER_MINUTE:
        count, speed = _letters(text), CHARACTERS_PER_MINUTE[base]
    else:
        count, speed = words(text), WORDS_PER_MINUTE.get(base, DEFAULT_WPM)
    return max(1, math.ceil(count / speed)) if count else 0
