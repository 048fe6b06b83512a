"""All statements of the archive, in every language, validated together.

A *work* is one statement and its translations: the files sharing the path
`statements/<slug>.md` under each language folder.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection

from statements_archive.content import frontmatter
from statements_archive.content import model
from statements_archive.checks import safety
from statements_archive.checks import catalogs as data_checks
from statements_archive.content import topics
from statements_archive.content import authors as authors_mod
from statements_archive.content import types as types_mod
from statements_archive.build.check_cache import NO_CACHE, CheckCache
from statements_archive.content.model import Statement
from statements_archive.checks.report import Problem
from statements_archive.config import SiteConfig

STATEMENTS = "statements"


@dataclass
class Work:
    slug: str
    original: Statement | None = None
    translations: dict[str, Statement] = field(default_factory=dict)

    def in_language(self, lang: str) -> Statement | None:
        if self.original and self.original.lang == lang:
            return self.original
        return self.translations.get(lang)

    @property
    def languages(self) -> list[str]:
        own = [self.original.lang] if self.original else []
        return own + sorted(self.translations)


@dataclass
class Catalog:
    config: SiteConfig
    taxonomy: topics.Taxonomy
    works: dict[str, Work]
    problems: list[Problem]
    authors: authors_mod.Registry = field(default_factory=lambda: authors_mod.Registry({}, []))
    types: topics.Taxonomy = field(default_factory=lambda: topics.Taxonomy({}, []))
    _loaded: "_Loaded | None" = field(default=None, repr=False, compare=False)  # for refresh()

    def statements(self, lang: str) -> list[Statement]:
        """Statements readable in ``lang``, newest first."""
        found = [w.in_language(lang) for w in self.works.values()]
        return sorted((s for s in found if s), key=sort_key)

    def originals(self) -> list[Statement]:
        return sorted((w.original for w in self.works.values() if w.original), key=sort_key)

    def get(self, lang: str, slug: str) -> Statement | None:
        work = self.works.get(slug)
        return work.in_language(lang) if work else None

    def by_author(self, author_id: str) -> list[Work]:
        """Works issued (or signed) by ``author_id``, newest first."""
        return [self.works[s.slug] for s in self.originals()
                if any(getattr(a, "id", None) == author_id for a in (*s.authors, *s.signatories))]


def sort_key(statement: Statement):
    """Newest first, then by slug so equal dates keep a stable order."""
    return (-statement.date.sort_key.toordinal() if statement.date else 0, statement.slug)


def statement_files(config: SiteConfig, paths: list[Path] | None = None) -> list[Path]:
    if paths:
        files: list[Path] = []
        for path in paths:
            files.extend(sorted(path.rglob("*.md")) if path.is_dir() else [path])
        return files
    return sorted(
        p for code in config.codes for p in (config.docs_dir / code / STATEMENTS).glob("*.md")
    )


def locate(config: SiteConfig, path: Path) -> tuple[str, str] | None:
    """(language, slug) of a statement file, or None when it is not one."""
    try:
        parts = path.resolve().relative_to(config.docs_dir.resolve()).parts
    except ValueError:
        return None
    if len(parts) == 3 and parts[0] in config.codes and parts[1] == STATEMENTS:
        return parts[0], Path(parts[2]).stem
    return None


def display_path(config: SiteConfig, path: Path) -> str:
    try:
        return str(path.resolve().relative_to(config.root))
    except ValueError:
        return str(path)


def load(config: SiteConfig, paths: list[Path] | None = None, render_check: bool = True,
         scope: Collection[str] | None = None, cache: CheckCache = NO_CACHE) -> Catalog:
    """Load and validate every statement (or only ``paths``, with their originals).

    ``render_check=False`` skips rendering bodies for the HTML safety check: the
    site build checks the HTML it renders anyway. ``scope`` limits checks and
    problems to the files of these languages (a build of some languages checks
    only those; an empty scope checks nothing); the rest is loaded all the same."""
    known, label_problems = _labels(config)
    wanted = statement_files(config, paths)
    # Resolved, so a relative PATH and the same file found as an original are one file, not two;
    # once each (resolving is a system call per folder of the path).
    resolved = {p: p.resolve() for p in wanted}
    # Translations are checked against their originals, so load those too.
    extra = {config.docs_dir / lang.code / STATEMENTS / p.name
             for p in wanted for lang in config.languages} - resolved.keys()
    reported = {resolved[p] for p in wanted if scope is None or _language(config, p) in scope}
    files = {path: _load_one(config, known, path, render_check if path in reported else None, cache)
             for path in sorted(set(resolved.values()) | {p.resolve() for p in extra if p.is_file()})}
    loaded = _Loaded(known, label_problems, files, {}, reported, render_check, scope, whole=not paths)
    return _assemble(config, loaded, set())


@dataclass
class _Loaded:
    """What a load read, kept so that refresh() reads again only what changed."""
    known: tuple  # the taxonomy, authors and types every statement is checked against
    label_problems: list[Problem]
    files: dict[Path, tuple[Statement | None, list[Problem]]]  # by resolved path, sorted
    links: dict[str, list[Problem]]  # each work's translation problems, found once when it was linked
    reported: set[Path]
    render_check: bool
    scope: Collection[str] | None
    whole: bool  # every statement file, not some paths


def refresh(previous: Catalog, changed: Collection[Path],
            cache: CheckCache = NO_CACHE) -> tuple[Catalog, set[str]]:
    """``previous`` with the works of the ``changed`` statement files read again, and those works' slugs.

    Equal to a new load() with the same options as long as nothing but these files
    changed (the labels and the configuration are the caller's to compare): the
    other works' statements and problems are the ones already loaded. A whole
    work is read again, because its translations take the original's date and
    sources when linked."""
    config, loaded = previous.config, previous._loaded
    if loaded is None or not loaded.whole:
        raise ValueError("refresh() needs a catalog loaded whole (load() without paths)")
    where = [locate(config, Path(p)) for p in changed]
    if None in where:
        raise ValueError(f"not statement files: {', '.join(str(p) for p, w in zip(changed, where) if w is None)}")
    slugs = {slug for _lang, slug in where}
    paths = {(config.docs_dir / lang / STATEMENTS / f"{slug}.md").resolve(): lang
             for slug in slugs for lang in config.codes}
    reported = {path for path in loaded.reported if path not in paths}
    read = {}
    for path, lang in paths.items():
        if path.is_file():
            if loaded.scope is None or lang in loaded.scope:
                reported.add(path)
            read[path] = _load_one(config, loaded.known, path, loaded.render_check if path in reported else None, cache)
    # In path order, as load() reads them; sorted again only when a file came or went.
    files = {path: read.get(path, found) for path, found in loaded.files.items() if path not in paths or path in read}
    if any(path not in loaded.files for path in read):
        files = dict(sorted({**files, **read}.items()))
    links = {slug: found for slug, found in loaded.links.items() if slug not in slugs}
    fresh = _Loaded(loaded.known, loaded.label_problems, files, links,
                    reported, loaded.render_check, loaded.scope, whole=True)
    return _assemble(config, fresh, slugs), slugs


def _labels(config: SiteConfig) -> tuple[tuple, list[Problem]]:
    taxonomy = topics.load(config.root / "translations" / "topics.yml", config.codes)
    registry = authors_mod.load(config.root / "translations" / "authors.yml", config.codes)
    kinds = types_mod.load(config.root / "translations", config.codes)
    return (taxonomy, registry, kinds), list(taxonomy.problems) + registry.problems + kinds.problems


def _assemble(config: SiteConfig, loaded: _Loaded, relink: set[str]) -> Catalog:
    """The catalog of the files ``loaded`` read: works in path order, each file's problems,
    then the works' and the identifiers'. Works linked before keep their problems
    (linking changes the translations, so it is done once per statement read),
    except those in ``relink``, whose files were read again."""
    problems, works = list(loaded.label_problems), {}
    for path, (statement, found) in loaded.files.items():
        if path in loaded.reported:
            problems.extend(found)
        if statement is None:
            continue
        work = works.setdefault(statement.slug, Work(statement.slug))
        if statement.is_translation:
            work.translations[statement.lang] = statement
        elif work.original is not None:
            problems.append(Problem(statement.path, 1, "language",
                                    f"{work.original.path} is already the original of '{statement.slug}'; "
                                    "a second file must be a translation (add a 'translation' block)"))
        else:
            work.original = statement
    for slug, work in works.items():
        if slug in relink or slug not in loaded.links:
            loaded.links[slug] = [p for p in _link_translations(work)
                                  if Path(config.root / p.path).resolve() in loaded.reported]
        problems.extend(loaded.links[slug])
    problems.extend(p for p in _unique_identifiers(works) if Path(config.root / p.path).resolve() in loaded.reported)
    taxonomy, registry, kinds = loaded.known
    return Catalog(config, taxonomy, works, problems, registry, kinds, _loaded=loaded)


def _unique_identifiers(works: dict[str, Work]) -> list[Problem]:
    """Two works must not share an archive identifier (explicit or derived)."""
    seen: dict[str, Statement] = {}
    problems = []
    for slug in sorted(works):
        original = works[slug].original
        if original is None:
            continue
        other = seen.setdefault(original.identifier, original)
        if other is not original:
            problems.append(Problem(original.path, original.doc.line_of("identifier") if original.doc else 1,
                                    "identifier", f"'{original.identifier}' is already the identifier of "
                                    f"{other.path}; choose another"))
    return problems


def _language(config: SiteConfig, path: Path) -> str | None:
    where = locate(config, path)
    return where[0] if where else None


def _load_one(config: SiteConfig, known: tuple, path: Path, render_check: bool | None,
              cache: CheckCache):
    """The statement in ``path`` and its problems; ``render_check=None`` skips the safety check."""
    name = display_path(config, path)
    where = locate(config, path)
    if where is None:
        return None, [Problem(name, 0, "file", f"statements live at docs/<language>/{STATEMENTS}/<slug>.md "
                                               f"with a language among {', '.join(config.codes)}")]
    lang, slug = where
    doc = frontmatter.read(path, name)
    taxonomy, registry, kinds = known
    statement, problems = model.from_document(doc, lang, slug, config.codes, lambda t: t in taxonomy.labels,
                                              author=registry.get, type_known=lambda t: t in kinds.labels)
    if statement is not None:  # front-matter is text: no markup, no javascript: URL
        problems.extend(data_checks.check_front_matter(doc))
    if statement is not None and render_check is not None:
        problems.extend(cache.problems(
            "markdown", (name, str(doc.body_line), str(render_check), doc.body),
            lambda: safety.check_markdown(doc.body, name, doc.body_line, second_opinion=render_check)))
    return statement, problems


def _link_translations(work: Work) -> list[Problem]:
    """Translations inherit the original's date, topics and sources; check they agree."""
    problems = []
    for statement in work.translations.values():
        doc = statement.doc
        if work.original is None:
            problems.append(Problem(statement.path, doc.line_of("translation"), "translation",
                                    f"no original statement '{work.slug}' found in any language folder"))
            continue
        original = work.original
        if "topics" in doc.meta and statement.topics and set(statement.topics) != set(original.topics):
            problems.append(Problem(statement.path, doc.line_of("topics"), "topics",
                                    f"must equal the original's topics ({', '.join(original.topics)}) or be left out"))
        if "date" in doc.meta and statement.date and statement.date != original.date:
            problems.append(Problem(statement.path, doc.line_of("date"), "date",
                                    "must equal the original's date or be left out"))
        statement.date = original.date
        statement.topics = original.topics
        statement.sources = original.sources
        statement.language = original.lang
        statement.updated = statement.updated or original.updated
        statement.authors = original.authors
        statement.signatories = original.signatories
        statement.type = original.type
        statement.first_published = original.first_published
        statement.explicit_identifier = original.explicit_identifier
        if not statement.place:  # a translator may translate the place; else the original's, marked
            statement.place, statement.place_lang = original.place, original.place_lang
    return problems
