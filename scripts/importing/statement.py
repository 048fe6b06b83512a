"""From an outline to a statement file: front-matter, slug, target, and the checks before writing.

Facts come from the document's own metadata where it states them (date,
authors, topics), else from the options; an unknown date is never guessed.
The written text goes through the same checks as a hand-written statement
(the content model and the raw-HTML/URL safety scan) and nothing is written
when they find an error. A file is only ever created, never replaced.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from statements_archive.checks import safety
from statements_archive.checks.report import ERROR, Problem
from statements_archive.config import SiteConfig
from statements_archive.content import authors as authors_mod
from statements_archive.content import frontmatter, model, topics
from statements_archive.content.catalog import display_path
from statements_archive.importing import documents, metadata, slugs
from statements_archive.importing.outline import Outline
from statements_archive.markdown import citations

SUMMARY_PLACEHOLDER = "TODO: write a one-paragraph summary before publishing."


@dataclass
class Options:
    date: str | None = None
    after: str | None = None
    before: str | None = None
    date_note: str | None = None
    topics: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    summary: str | None = None
    lang: str | None = None
    slug: str | None = None
    title: str | None = None


@dataclass
class Site:
    """What every import of a run checks against, loaded once."""

    config: SiteConfig
    taxonomy: topics.Taxonomy
    registry: authors_mod.Registry

    @classmethod
    def load(cls, config: SiteConfig) -> "Site":
        return cls(config, topics.load(config.root / "translations" / "topics.yml", config.codes),
                   authors_mod.load(config.root / "translations" / "authors.yml", config.codes))

    def topic_for(self, keyword: str) -> str | None:
        """A keyword as a topic id: the id itself or a label in any language."""
        wanted = keyword.strip().casefold()
        for topic, labels in self.taxonomy.labels.items():
            if wanted == topic.casefold() or wanted in (label.casefold() for label in labels.values()):
                return topic
        return None

    def author_for(self, name: str) -> str | None:
        """A name from a document's metadata as an author id, when authors.yml knows it."""
        wanted = name.strip().casefold()
        for author in self.registry.authors.values():
            if wanted == author.id or wanted in (n.casefold() for n in author.names.values()):
                return author.id
        return None


@dataclass
class Plan:
    outline: Outline
    lang: str
    slug: str
    target: Path | None
    shown_target: str
    meta: dict
    origin: dict[str, str]  # field -> where its value came from
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _problem(plan_source: str, field_name: str, message: str) -> Problem:
    return Problem(plan_source, 0, field_name, message)


def _language(outline: Outline, options: Options, site: Site, out: Plan) -> str:
    config = site.config
    if options.lang:
        out.origin["language"] = "--lang"
        return options.lang
    found = outline.meta.language
    if found and found in config.codes:
        out.origin["language"] = "document metadata"
        return found
    if found:
        out.problems.append(_problem(outline.source, "language", (
            f"the document says it is written in {found!r}, which this site does not publish "
            f"({', '.join(config.codes)}); pass --lang, or add the language to mkdocs.yml")))
    out.origin["language"] = "default language (no --lang, none in the document)"
    return config.default_language.code


def _date(outline: Outline, options: Options, out: Plan):
    stated = outline.meta.date
    if isinstance(stated, dict):  # a Markdown file already in the archive's format
        out.origin["date"] = "the file's front-matter"
        return stated
    found = metadata.day(stated)
    if stated and not found:
        out.notices.append(f"the document's date {stated!r} is not written YYYY-MM-DD; not used")
    option = options.date or ({k: v for k, v in (("after", options.after), ("before", options.before),
                                                 ("note", options.date_note)) if v} or None)
    if found:
        out.origin["date"] = "document metadata"
        if option and option != found:
            out.notices.append(f"the document's metadata dates it {found}; the date option was not used")
        return found
    if option:
        out.origin["date"] = "--date" if options.date else "--after/--date-note"
        return option
    out.problems.append(_problem(outline.source, "date", (
        "the document states no publication date; pass --date YYYY-MM-DD, or --after DAY --date-note TEXT "
        "when the day is not known (a file's save time is never used)")))
    return None


def _ids(values, lookup) -> tuple[list[str], list[str]]:
    """The ids ``lookup`` finds for the document's ``values`` (each once, in order), and the values it does not know."""
    found, unknown = [], []
    for value in values:
        ident = lookup(value)
        if ident is None:
            unknown.append(value)
        elif ident not in found:
            found.append(ident)
    return found, unknown


def _topics(outline: Outline, options: Options, site: Site, out: Plan) -> list[str]:
    found, unknown = _ids(outline.meta.keywords, site.topic_for)
    if unknown:
        out.notices.append(f"keywords that are no topic id or label: {', '.join(unknown)} (not used)")
    if found:
        out.origin["topics"] = "document keywords"
        return found
    if options.topics:
        out.origin["topics"] = "--topics"
        return options.topics
    out.problems.append(_problem(outline.source, "topics", (
        f"no topics: the document's keywords name none; pass --topics with ids from translations/topics.yml "
        f"({', '.join(site.taxonomy.ids)})")))
    return []


def _authors(outline: Outline, options: Options, site: Site, out: Plan) -> list[str]:
    found, unknown = _ids(outline.meta.authors, site.author_for)
    if unknown:
        # A document's "creator" is often whoever typed the file: only a listed issuer is recorded.
        out.notices.append(f"the document names author(s) {', '.join(unknown)}, not in translations/authors.yml "
                           "(not recorded; add them there and to `authors:` if they issued the statement)")
    if found:
        out.origin["authors"] = "document metadata"
        return found
    if options.authors:
        out.origin["authors"] = "--authors"
    return list(options.authors)


def _slug(outline: Outline, options: Options, site: Site, out: Plan) -> str:
    slug = options.slug or slugs.slugify(outline.title)
    if options.slug and not slugs.VALID.match(options.slug):
        out.problems.append(_problem(outline.source, "slug", (
            f"--slug {options.slug!r}: use lowercase ASCII letters, digits and hyphens, e.g. un-declaration-1948")))
        return ""
    if not slug:
        out.problems.append(_problem(outline.source, "slug", (
            f"the title {outline.title!r} has no letters to make a file name from; pass --slug NAME")))
        return ""
    taken = slugs.holder(site.config.docs_dir, slug)
    if taken is not None:
        shown = display_path(site.config, taken)
        out.problems.append(_problem(outline.source, "slug", (
            f"{shown} already exists: the slug {slug!r} is taken (a file name is shared by a statement's "
            f"language versions); pass --slug {slugs.free_variant(site.config.docs_dir, slug)} or another name")))
    return slug


def plan(outline: Outline, options: Options, site: Site) -> Plan:
    """Everything about the file to write, and every reason not to write it."""
    out = Plan(outline, "", "", None, "", {}, {}, list(outline.problems), list(outline.notices))
    if not outline.title:
        return out
    out.lang = _language(outline, options, site, out)
    date = _date(outline, options, out)
    chosen_topics = _topics(outline, options, site, out)
    chosen_authors = _authors(outline, options, site, out)
    summary = options.summary or outline.meta.summary
    out.origin["summary"] = "--summary" if options.summary else ("document metadata" if summary else "placeholder")
    out.meta = {"title": outline.title, "date": date, "topics": chosen_topics}
    if chosen_authors:
        out.meta["authors"] = chosen_authors
    out.meta["summary"] = " ".join((summary or SUMMARY_PLACEHOLDER).split())
    out.meta["language"] = out.lang
    if outline.meta.sources:
        out.meta["sources"] = outline.meta.sources
    out.slug = _slug(outline, options, site, out)
    if out.slug:
        out.target = site.config.docs_dir / out.lang / "statements" / f"{out.slug}.md"
        out.shown_target = f"docs/{out.lang}/statements/{out.slug}.md"
    return out


def render(plan: Plan) -> str:
    front = yaml.safe_dump(plan.meta, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n\n{plan.outline.body()}"


def check(plan: Plan, text: str, site: Site) -> list[Problem]:
    """The written file through the checks every statement passes, reported at the source."""
    doc = frontmatter.parse(text, plan.shown_target)
    _, found = model.from_document(doc, plan.lang, plan.slug, site.config.codes,
                                   lambda t: t in site.taxonomy.labels, site.registry.get)
    found += safety.check_markdown(doc.body, plan.shown_target, doc.body_line)
    lines = text.split("\n")
    out = []
    already = {p.field for p in plan.problems}  # e.g. no date: said once, in the import's own words
    for problem in found:
        if problem.field.split(".")[0] in already:
            continue
        if problem.severity != ERROR:
            plan.notices.append(f"{problem.field}: {problem.message}")
            continue
        written = lines[problem.line - 1] if 0 < problem.line <= len(lines) else ""
        source_line = documents.locate(plan.outline, written) if problem.field in ("html", "link") else 0
        where = (f" (it would be line {problem.line} of {plan.shown_target}: {written.strip()[:80]!r})"
                 if written.strip() else "")
        out.append(Problem(plan.outline.source, source_line, problem.field, problem.message + where))
    cited = citations.cited_ids(doc.body)
    known = {s.get("id") for s in plan.meta.get("sources", []) if isinstance(s, dict)}
    for source_id in dict.fromkeys(i for i in cited if i not in known):
        out.append(Problem(plan.outline.source, 0, "citation", (
            f"cites [@{source_id}] but lists no source with that id; add it to the file's `sources:`")))
    return out


def prepare(path: Path, display: str, options: Options, site: Site, headings="auto") -> tuple[Plan, str]:
    """Read, plan and check one file: the plan (with its problems) and the text to write."""
    return prepare_outline(documents.read(path, display, headings, options.title), options, site)


def prepare_outline(outline: Outline, options: Options, site: Site) -> tuple[Plan, str]:
    result = plan(outline, options, site)
    if result.target is None:
        return result, ""
    text = render(result)
    result.problems += check(result, text, site)
    return result, text


def write(plan: Plan, text: str) -> None:
    """Create the file; FileExistsError if it appeared meanwhile (never replaced)."""
    plan.target.parent.mkdir(parents=True, exist_ok=True)
    with plan.target.open("x", encoding="utf-8") as out:
        out.write(text)
