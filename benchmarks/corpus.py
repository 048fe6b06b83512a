"""A reproducible synthetic archive for build benchmarks.

`generate(root, statements, languages, seed)` writes a complete project into
``root``: the repository's mkdocs.yml (language list replaced), overrides/,
translations/ (topic labels for every language) and docs/<lang>/statements/.
Originals are in the first language; every other language has a translation
with the same block structure and the same citations per paragraph, as the
project's content checks require, so the corpus builds with `--strict`.
Everything is drawn from random generators seeded by text, so one seed always
gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import random
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError

from statements_archive import config
from statements_archive.content import catalog
from statements_archive.content import frontmatter
from statements_archive.content import model

REPO = Path(__file__).resolve().parents[1]

WORDS_PER_STATEMENT = 5000
SECTIONS = 8
PARAGRAPHS = 40
FOOTNOTES = 40
SOURCES = 20
CITATIONS = 40
VOCABULARY = 3000
# Share of translations that are outdated (older revision) or unreviewed drafts.
OUTDATED, DRAFT = 0.15, 0.15

# Letters each language's made-up words are drawn from: (consonants, vowels).
LATIN = ("bcdfghklmnprstvz", "aeiou")
ALPHABETS = {
    "fr": ("bcdfglmnprstv", "aeiou"), "es": ("bcdfglmnprstv", "aeiou"),
    "de": ("bcdfghklmnprstwz", "aeiou"), "it": ("bcdfglmnprstvz", "aeiou"),
    "pt": ("bcdfglmnprstv", "aeiou"), "pl": ("bcdgklmnprstwz", "aeiouy"),
    "tr": ("bcdfgklmnprstvyz", "aeiou"), "nl": ("bdfghklmnprstvwz", "aeiou"),
    "ar": ("بتثجحخدذرزسشصضطظعغفقكلمنهي", "اوي"), "fa": ("بپتجچخدرزسشفکگلمنه", "اوی"),
    "he": ("בגדהזחטכלמנסעפצקרשת", "אוי"), "ru": ("бвгдзклмнпрстфхчш", "аеиоуыя"),
    "uk": ("бвгдзклмнпрстфхчш", "аеиоуіє"), "el": ("βγδζθκλμνξπρστφχ", "αεηιουω"),
}
# Latin-script languages: their letters with diacritics, and the share of words
# that carry one. Search index size depends on it (an accented word is a
# separate index entry), so it follows real text: fr, es and de as measured on
# this archive's translations (0.172, 0.114, 0.110 of words), the others rough.
DIACRITICS = {
    "fr": ("çéèêàô", 0.17), "es": ("ñáéíóú", 0.11), "de": ("ßäöü", 0.11), "it": ("àèìòù", 0.06),
    "pt": ("çãõáéê", 0.15), "pl": ("łśżćąęó", 0.3), "tr": ("çğşıöü", 0.3),
}
PUBLISHERS = ["United Nations", "Amnesty International", "Reuters", "Associated Press", "Human Rights Watch",
              "Al Jazeera", "Le Monde", "The Guardian", "B'Tselem", "OCHA", "Haaretz", "El País"]


def check_languages(languages: list[str]) -> list[str]:
    """The language codes, validated: unique Babel locales the i18n plugin accepts."""
    if not languages:
        raise ValueError("give at least one language code, e.g. en")
    for code in languages:
        if not re.fullmatch(r"[a-z]{2}", code):
            raise ValueError(f"'{code}' is not a two-letter language code such as en, fr or ar")
        try:
            Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            raise ValueError(f"'{code}' is not a language Babel knows") from None
    if len(set(languages)) != len(languages):
        raise ValueError(f"a language is listed twice: {', '.join(languages)}")
    return languages


def language_name(code: str) -> str:
    """The language's own name, capitalised as in a language switcher."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


# --- words -------------------------------------------------------------------------

class Vocabulary:
    """Made-up words of one language, drawn with a Zipf-like frequency."""

    def __init__(self, lang: str, seed: int):
        rng = random.Random(f"vocabulary:{seed}:{lang}")
        consonants, vowels = ALPHABETS.get(lang, LATIN)
        marks, share = DIACRITICS.get(lang, ("", 0.0))
        words: dict[str, None] = {}
        while len(words) < VOCABULARY:
            syllables = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
            word = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables))
            if marks and rng.random() < share:
                at = rng.randrange(len(word))
                word = word[:at] + rng.choice(marks) + word[at + 1:]
            words[word] = None
        self.words = list(words)
        self.cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.words))))

    def draw(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)

    def phrase(self, rng: random.Random, count: int) -> str:
        text = " ".join(self.draw(rng, count))
        return text[:1].upper() + text[1:]


# --- the plan shared by an original and its translations ----------------------------

@dataclass
class Paragraph:
    words: int
    cites: list[str] = field(default_factory=list)  # markers such as "[@a; @b]"
    footnotes: list[int] = field(default_factory=list)
    link: str | None = None  # slug of another statement to link to


@dataclass
class Plan:
    index: int
    slug: str
    date: object  # str, or {after, before, note}
    topics: list[str]
    sources: list[dict]
    blocks: list[object]  # a heading's word count (int) or a Paragraph


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _sources(rng: random.Random, slug: str, day: dt.date, words: Vocabulary) -> list[dict]:
    sources = []
    for k in range(SOURCES):
        ascii_word = re.sub(r"[^a-z]", "", words.draw(rng, 1)[0]) or "note"
        sid = f"s{k + 1:02d}-{ascii_word}"
        published = _day(rng, day - dt.timedelta(days=400), day)
        entry = {"id": sid, "title": words.phrase(rng, rng.randint(4, 9))}
        if rng.random() < 0.4:
            entry["author"] = " ".join(w.capitalize() for w in words.draw(rng, 2))
        entry["publisher"] = rng.choice(PUBLISHERS)
        entry["date"] = published.isoformat()
        entry["url"] = f"https://example.org/{slug}/{sid}"
        if rng.random() < 0.3:
            entry["archive_url"] = f"https://archive.example.net/{published:%Y%m%d}/{slug}/{sid}"
        entry["accessed"] = day.isoformat()
        sources.append(entry)
    return sources


def _citation_markers(rng: random.Random, ids: list[str]) -> list[str]:
    """About CITATIONS citations in groups; every source is cited at least once."""
    cites = ids + rng.choices(ids, k=CITATIONS - len(ids))
    rng.shuffle(cites)
    markers = []
    while cites:
        size = min(len(cites), rng.choice((1, 1, 1, 2, 3)))
        group, cites = cites[:size], cites[size:]
        group = list(dict.fromkeys(group))  # no id twice in one bracket
        parts = [f"@{sid}" + (f", p. {rng.randint(1, 300)}" if rng.random() < 0.2 else "") for sid in group]
        markers.append("[" + "; ".join(parts) + "]")
    return markers


def _date(rng: random.Random) -> tuple[dt.date, object]:
    day = _day(rng, dt.date(1995, 1, 1), dt.date(2025, 6, 30))
    if rng.random() < 0.1:
        before = day + dt.timedelta(days=rng.randint(1, 60))
        return day, {"after": day.isoformat(), "before": before.isoformat(),
                     "note": "The text gives no date; events it reports bound it."}
    return day, day.isoformat()


def make_plan(index: int, seed: int, topic_ids: list[str], words: Vocabulary) -> Plan:
    rng = random.Random(f"plan:{seed}:{index}")
    slug = f"statement-{index + 1:04d}-" + "-".join(re.sub(r"[^a-z]", "", w) or "x" for w in words.draw(rng, 2))
    day, date = _date(rng)
    topics = rng.sample(topic_ids, k=min(len(topic_ids), rng.randint(1, 3)))
    sources = _sources(rng, slug, day, words)
    lengths = [max(20, int(rng.gauss((WORDS_PER_STATEMENT - 15 * FOOTNOTES) / PARAGRAPHS, 40))) for _ in range(PARAGRAPHS)]
    paragraphs = [Paragraph(n) for n in lengths]
    for marker in _citation_markers(rng, [s["id"] for s in sources]):
        rng.choice(paragraphs).cites.append(marker)
    for number in range(1, FOOTNOTES + 1):
        rng.choice(paragraphs).footnotes.append(number)
    for p in paragraphs:  # room for every marker
        p.words = max(p.words, len(p.cites) + len(p.footnotes) + 5)
    if index > 0 and rng.random() < 0.5:
        rng.choice(paragraphs[1:]).link = f"{index - 1}"
    blocks: list[object] = [paragraphs[0]]
    cuts = sorted(rng.sample(range(2, PARAGRAPHS), SECTIONS - 1))
    for start, end in zip([1] + cuts, cuts + [PARAGRAPHS]):
        blocks.append(rng.randint(2, 5))
        blocks.extend(paragraphs[start:end])
    return Plan(index, slug, date, topics, sources, blocks)


# --- writing one language's text ---------------------------------------------------------

def _paragraph(rng: random.Random, words: Vocabulary, p: Paragraph, links: dict[str, tuple[str, str]]) -> str:
    drawn = words.draw(rng, p.words)
    # Markers go after sentences (citations) or words (footnotes), spread through the text.
    anchors = sorted(rng.sample(range(p.words), min(p.words, len(p.cites) + len(p.footnotes))))
    marks = dict(zip(anchors, [("cite", c) for c in p.cites] + [("note", n) for n in p.footnotes]))
    out, sentence_start = [], True
    for i, word in enumerate(drawn):
        out.append(word.capitalize() if sentence_start else word)
        sentence_start = False
        kind_value = marks.get(i)
        if kind_value and kind_value[0] == "note":
            out[-1] += f"[^{kind_value[1]}]"
        end = i == len(drawn) - 1 or rng.random() < 0.06 or (kind_value and kind_value[0] == "cite")
        if end:
            out[-1] += "."
            sentence_start = True
            if kind_value and kind_value[0] == "cite":
                out.append(kind_value[1])
        elif rng.random() < 0.05:
            out[-1] += ","
    if p.link is not None and p.link in links:
        slug, title = links[p.link]
        out.append(f"[{title}]({slug}.md)")
    return " ".join(out)


def body(plan: Plan, lang: str, seed: int, words: Vocabulary, links: dict[str, tuple[str, str]]) -> str:
    rng = random.Random(f"body:{seed}:{plan.index}:{lang}")
    blocks = []
    for block in plan.blocks:
        if isinstance(block, int):
            blocks.append("## " + words.phrase(rng, block))
        else:
            blocks.append(_paragraph(rng, words, block, links))
    notes = [f"[^{n}]: {words.phrase(rng, rng.randint(6, 25))}." for n in range(1, FOOTNOTES + 1)]
    return "\n\n" + "\n\n".join(blocks) + "\n\n" + "\n".join(notes) + "\n"


def title(plan: Plan, lang: str, seed: int, words: Vocabulary) -> str:
    return words.phrase(random.Random(f"title:{seed}:{plan.index}:{lang}"), 6)


def _summary(plan: Plan, lang: str, seed: int, words: Vocabulary) -> str:
    return words.phrase(random.Random(f"summary:{seed}:{plan.index}:{lang}"), 40) + "."


def _document(meta: dict, text: str) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100) + "---\n" + text


def original_text(plan: Plan, lang: str, seed: int, words: Vocabulary, links) -> str:
    rng = random.Random(f"meta:{seed}:{plan.index}")
    meta: dict = {"title": title(plan, lang, seed, words), "date": plan.date, "topics": plan.topics,
                  "summary": _summary(plan, lang, seed, words), "language": lang}
    start = plan.date if isinstance(plan.date, str) else plan.date["after"]
    if rng.random() < 0.15:
        meta["updated"] = (dt.date.fromisoformat(start) + dt.timedelta(days=rng.randint(1, 90))).isoformat()
    meta["sources"] = plan.sources
    return _document(meta, body(plan, lang, seed, words, links))


def revision_of(text: str, path: str, lang: str, slug: str) -> str:
    """The revision translations must record: the project's own hash of the original."""
    doc = frontmatter.parse(text, path)
    statement, _ = model.from_document(doc, lang, slug, [lang], lambda topic: True)
    return statement.revision


def translation_text(plan: Plan, lang: str, seed: int, words: Vocabulary, links, current: str) -> str:
    rng = random.Random(f"translation:{seed}:{plan.index}:{lang}")
    roll = rng.random()
    revision = current
    if roll < OUTDATED:  # made from an older text of the original
        revision = hashlib.sha256(f"older:{current}".encode()).hexdigest()[:12]
    draft = OUTDATED <= roll < OUTDATED + DRAFT
    meta = {"title": title(plan, lang, seed, words), "summary": _summary(plan, lang, seed, words),
            "translation": {"revision": revision, "translators": [" ".join(w.capitalize() for w in words.draw(rng, 2))],
                            "status": "draft"}}
    text = body(plan, lang, seed, words, links)
    if not draft:  # reviewed by a second person, as `archive review` records it
        reviewer = " ".join(w.capitalize() for w in words.draw(rng, 2))
        own = _document(meta, text)
        meta["translation"].update(status="reviewed", reviewers=[reviewer],
                                   reviewed_revision=model.from_document(frontmatter.parse(own, "t.md"), lang, "t",
                                                                         [lang], lambda topic: True)[0].revision)
    return _document(meta, text)


# --- the project around the content ------------------------------------------------------

def _languages_yaml(languages: list[str], indent: str) -> list[str]:
    lines = []
    for i, code in enumerate(languages):
        lines.append(f"{indent}- locale: {code}")
        lines.append(f"{indent}  name: {language_name(code)}")
        if i == 0:
            lines.append(f"{indent}  default: true")
        lines.append(f"{indent}  build: true")
    return lines


def site_config(text: str, languages: list[str]) -> str:
    """mkdocs.yml with the i18n plugin's language list replaced, the rest kept byte for byte."""
    lines = text.split("\n")
    plugin = next(i for i, line in enumerate(lines) if re.match(r"^\s*-\s*i18n:\s*$", line))
    key = next(i for i in range(plugin + 1, len(lines)) if re.match(r"^\s*languages:\s*$", lines[i]))
    depth = len(lines[key]) - len(lines[key].lstrip())
    end = key + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > depth
                                or lines[end].lstrip().startswith("- ") and len(lines[end]) - len(lines[end].lstrip()) == depth):
        end += 1
    while end > key + 1 and not lines[end - 1].strip():  # keep the blank line before the next key
        end -= 1
    first = lines[key + 1]
    indent = first[:len(first) - len(first.lstrip())] if first.strip() else " " * (depth + 2)
    return "\n".join(lines[:key + 1] + _languages_yaml(languages, indent) + lines[end:])


def _topics(languages: list[str]) -> tuple[list[str], str]:
    """Topic ids of the repository's taxonomy, with a label in every language."""
    known = yaml.safe_load((REPO / "translations" / "topics.yml").read_text("utf-8")) or {}
    labels = {topic: {lang: entry.get(lang) or entry.get("en") or topic for lang in languages}
              for topic, entry in known.items()}
    text = "# Topic taxonomy of the benchmark corpus (generated).\n"
    return list(labels), text + yaml.safe_dump(labels, allow_unicode=True, sort_keys=False)


def _without_languages(data, dropped: set[str]):
    """Label data with the entries of ``dropped`` languages removed, at any depth."""
    if isinstance(data, dict):
        return {k: _without_languages(v, dropped) for k, v in data.items() if k not in dropped}
    if isinstance(data, list):
        return [_without_languages(v, dropped) for v in data]
    return data


def _trim_label_files(folder: Path, languages: list[str]) -> None:
    """The corpus configures fewer languages than the repository: its label files
    (types, authors, ...) keep only those, as a labelled language must be configured."""
    dropped = set(config.load(REPO).codes) - set(languages)
    for path in sorted(folder.glob("*.yml")):
        if path.name == "topics.yml":
            continue  # written by _topics, with a label in every corpus language
        data = yaml.safe_load(path.read_text("utf-8"))
        path.write_text(yaml.safe_dump(_without_languages(data, dropped), allow_unicode=True, sort_keys=False), "utf-8")


def _copy_tree(source: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


def generate(root: Path, statements: int, languages: list[str], seed: int = 0) -> None:
    """Write a synthetic project into ``root`` (its docs/ is replaced)."""
    languages = check_languages(list(languages))
    if statements < 1:
        raise ValueError("the corpus needs at least one statement")
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(site_config((REPO / "mkdocs.yml").read_text("utf-8"), languages), "utf-8")
    _copy_tree(REPO / "overrides", root / "overrides")
    _copy_tree(REPO / "translations", root / "translations")
    topic_ids, topics_text = _topics(languages)
    (root / "translations" / "topics.yml").write_text(topics_text, "utf-8")
    _trim_label_files(root / "translations", languages)
    if (root / "docs").exists():
        shutil.rmtree(root / "docs")
    default = languages[0]
    vocabularies = {lang: Vocabulary(lang, seed) for lang in languages}
    plans = [make_plan(i, seed, topic_ids, vocabularies[default]) for i in range(statements)]
    for lang in languages:
        (root / "docs" / lang / catalog.STATEMENTS).mkdir(parents=True)
    for plan in plans:
        # "See also" links point to the previous statement, with its title in each language.
        previous = plans[plan.index - 1] if plan.index else None
        path = f"docs/{default}/{catalog.STATEMENTS}/{plan.slug}.md"
        links = ({str(previous.index): (previous.slug, title(previous, default, seed, vocabularies[default]))}
                 if previous else {})
        text = original_text(plan, default, seed, vocabularies[default], links)
        (root / path).write_text(text, "utf-8")
        current = revision_of(text, path, default, plan.slug)
        for lang in languages[1:]:
            words = vocabularies[lang]
            links = {str(previous.index): (previous.slug, title(previous, lang, seed, words))} if previous else {}
            target = root / "docs" / lang / catalog.STATEMENTS / f"{plan.slug}.md"
            target.write_text(translation_text(plan, lang, seed, words, links, current), "utf-8")


PLAIN_CONFIG = """\
# Plain Material + i18n, the baseline: Material's search plugin, navigation
# listing every page (no nav key), no hooks, no citation extension.
site_name: Statements Archive (plain)
site_url: https://archive.example.org/
docs_dir: docs
theme:
  name: material
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: false
      languages:
{languages}
markdown_extensions:
  - footnotes
  - attr_list
  - tables
  - toc:
      permalink: true
"""


def write_plain_config(root: Path, languages: list[str]) -> Path:
    """mkdocs.plain.yml next to the project's mkdocs.yml, for the baseline build."""
    path = Path(root) / "mkdocs.plain.yml"
    path.write_text(PLAIN_CONFIG.format(languages="\n".join(_languages_yaml(languages, " " * 8))), "utf-8")
    return path


def append_to_one_statement(root: Path, languages: list[str], sentence: str) -> tuple[str, float]:
    """Add ``sentence`` as a paragraph at the end of the first original (the default
    language's, served at the site root): its page's URL path, and when it was saved."""
    path = sorted((Path(root) / "docs" / languages[0] / catalog.STATEMENTS).glob("*.md"))[0]
    text = path.read_text("utf-8")
    path.write_text(text + f"\n{sentence}\n", "utf-8")
    return f"{catalog.STATEMENTS}/{path.stem}/", time.monotonic()


def edit_one_statement(root: Path, languages: list[str]) -> Path:
    """Change one word of the first original, as an editor would; returns its path."""
    path = sorted((Path(root) / "docs" / languages[0] / catalog.STATEMENTS).glob("*.md"))[0]
    text = path.read_text("utf-8")
    head, fence, rest = text.partition("\n---\n")
    path.write_text(head + fence + rest.replace(" ", " edited ", 1), "utf-8")
    return path
