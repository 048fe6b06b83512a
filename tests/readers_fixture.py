"""The readers' fixture project: a copy of the repository whose statements are
three known ones, so the feed, sitemap and sharing-metadata tests can expect
exact orders, dates and languages: an English original with an update, a
correction and two sources; its French translation; and a French original
never translated, dated only approximately. Built once per session by
conftest's ``readers_site`` fixture.
"""
from __future__ import annotations

from pathlib import Path

from conftest import copy_project, write

from benchmarks import corpus

SITE_URL = "https://archive.example.org/"
LANGS = {"en": "", "fr": "fr/", "es": "es/", "de": "de/", "ar": "ar/", "he": "he/"}

NEWEST = "fixture-newest"
FRENCH_ONLY = "fixture-french-only"
SOURCES = 2

EN_ORIGINAL = """---
title: "A fixture statement < with > & 'quotes' \\"here\\""
date: 2025-03-02
updated: 2025-04-01
corrections:
  - date: 2025-05-05
    text: A figure was corrected.
topics: [gaza, solidarity]
summary: The newest fixture statement, summarised in one paragraph.
language: en
sources:
  - id: report-a
    title: Report A
    author: Jane Roe
    publisher: Publisher A
    date: 2025-02
    url: https://example.org/report-a
  - id: speech-b
    author: John Doe
    note: A speech, no web address known.
---

First paragraph cites a report [@report-a] and links to [a page](https://example.org/page).

## A heading

Second paragraph cites a speech. [@speech-b]
"""

FR_TRANSLATION = """---
title: Une déclaration de test
summary: La déclaration de test la plus récente, résumée en un paragraphe.
translation:
  revision: {revision}
  translators: [Jeanne Dupont, Ali Ben Salah]
  status: reviewed
---

Le premier paragraphe cite un rapport [@report-a] et renvoie à [une page](https://example.org/page).

## Un intertitre

Le second paragraphe cite un discours. [@speech-b]
"""

FR_ORIGINAL = """---
title: Une déclaration seulement en français
date:
  after: '2025-01-10'
  before: '2025-01-20'
  note: Le texte n'est pas daté ; il mentionne des faits du 10 janvier.
topics: [lebanon]
summary: Une déclaration originale en français, sans traduction.
language: fr
---

Un texte en français qui n'a pas encore été traduit.
"""

# Newest first, by publication date (the approximate one by its earliest bound).
ORDER = [NEWEST, FRENCH_ONLY]

def fixture_project(root: Path) -> Path:
    """A copy of the project whose only statements are the three above."""
    project = copy_project(root, with_statements=False)
    docs = project / "docs"
    write(docs / "en/statements" / f"{NEWEST}.md", EN_ORIGINAL)
    write(docs / "fr/statements" / f"{FRENCH_ONLY}.md", FR_ORIGINAL)
    revision = corpus.revision_of(EN_ORIGINAL, f"{NEWEST}.md", "en", NEWEST)
    write(docs / "fr/statements" / f"{NEWEST}.md", FR_TRANSLATION.format(revision=revision))
    return project
