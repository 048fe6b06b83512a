"""Whole pages reused across builds: a page whose every input is unchanged is written as it was.

The MkDocs hook overrides/hooks/page_cache.py asks for a page's stored HTML
before its template runs. The key covers every input of the page:

- the site (`site_digest`): mkdocs.yml, every file of the theme's custom folder
  (templates, partials, hooks, styles), the label files of translations/ and the
  language's own interface catalog,
  the archive's own code, the versions of the libraries that render, the
  settings the engine reports for the language being built, and the ARCHIVE_*
  variables that change pages;
- the language build: its navigation as built (titles and URLs, in order);
- the page: its place, the key of its rendered Markdown (statements_archive.build.render_cache,
  which covers the file list when the page links), its front-matter and its alternates;
- the content it shows (`ContentDigests`): a statement's pages (each version, its
  side-by-side page) show every file of its work, and the commits that touched
  them (the side-by-side page of an outdated translation shows what changed
  since, from git history), and nothing of other works
  (statements_archive.site.pages, social, quoting and citation_formats read the
  statement's own work only); listings and written pages show every statement
  file and the list of the site's files.

An edit to one statement thus templates that work's pages and the listings
again (its translations' status changed), and reuses the rest. Adding or
removing a file changes the file list, which every page with a link was
rendered against (statements_archive.build.render_cache), so those render again.
`tests/test_page_cache.py` builds after each kind of edit and compares the
site with a cold build byte for byte. Only pages the output gate passed are
stored, so a reused page is one the gate passed with the same policy.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from statements_archive.build import cache as build_cache

FORMAT = "1"  # bump when what is stored changes shape
LIBRARIES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "Markdown", "pymdown-extensions", "Jinja2",
             "Babel", "citeproc-py", "selectolax", "PyYAML", "anyascii", "weasyprint")
# ARCHIVE_* variables that change no page: where the cache is, phase timing, the languages of a part
# (a part's pages are the whole build's, byte for byte: tests/test_bench.py).
NEUTRAL = frozenset({"ARCHIVE_CACHE", "ARCHIVE_PHASES", "ARCHIVE_BUILD_LANGUAGES"})

key = build_cache.key


def canonical(value: Any) -> str:
    """JSON text of ``value`` that differs whenever the value does (dates, mixed keys included)
    and is the same in every process (a function is named, not placed in memory)."""
    return json.dumps(_plain(value), ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return [[_plain(k), _plain(v)] for k, v in sorted(value.items(), key=lambda item: repr(item[0]))]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}"
    return repr(value)  # dates and other values; an object shown by address only ever misses


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tree(folder: Path, pattern: str = "*") -> list[str]:
    """Each file under ``folder`` (or the file itself): its path there and its content's hash, in a stable order."""
    if folder.is_file():
        return [_sha(folder.read_bytes())]
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return [f"{p.relative_to(folder).as_posix()}\t{_sha(p.read_bytes())}" for p in files]


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """The archive's own code as this process runs it (modules are not reloaded while it runs)."""
    return key(*_tree(Path(__file__).resolve().parents[1], "*.py"))


@functools.lru_cache(maxsize=1)
def versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return key(*found)


def environment() -> str:
    """The ARCHIVE_* variables (and SOURCE_DATE_EPOCH) that may change what a page says."""
    names = sorted(n for n in os.environ if (n.startswith("ARCHIVE_") and n not in NEUTRAL) or n == "SOURCE_DATE_EPOCH")
    return key(*(f"{n}={os.environ[n]}" for n in names))


def site_digest(config_file: Path, folders: Iterable[Path], settings: dict[str, Any]) -> str:
    """Everything a page of one language build depends on besides its own content and the navigation:
    ``folders`` are the theme's custom folder and the label and catalog files the language uses."""
    root = Path(config_file).parent
    parts = [FORMAT, code_digest(), versions(), environment(), _sha(Path(config_file).read_bytes()),
             canonical(settings)]
    for folder in folders:  # named from the project, which may move (a CI checkout, a copy)
        parts += [Path(os.path.relpath(folder, root)).as_posix(), *_tree(Path(folder))]
    return key(*parts)


def label_folders(translations_dir: Path, lang: str) -> list[Path]:
    """The labels (topics, authors, types: every language in each file, so any edit counts) and
    the language's own interface catalog: a page uses no other language's catalog."""
    return [translations_dir / lang] + sorted(p for p in translations_dir.iterdir() if p.is_file())


def histories(folder: Path) -> dict[str, str]:
    """Each file under ``folder`` that git history holds, by its path relative to ``folder``
    (POSIX): the commits that touched it, newest first (what
    statements_archive.translation.status.find_revision_text reads). One git call a language
    build; empty outside a repository, where no page shows history either."""
    try:
        # Paths as they are (core.quotePath off): a name with non-ASCII letters is not quoted.
        result = subprocess.run(["git", "-c", "core.quotePath=false", "log", "--format=%x00%H", "--name-only",
                                 "--relative", "--", "."], cwd=folder, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return {}
    found: dict[str, list[str]] = {}
    for record in result.stdout.decode("utf-8", "surrogateescape").split("\0")[1:]:
        commit, _, names = record.partition("\n")
        for name in names.split("\n"):
            if name.strip():
                found.setdefault(name, []).append(commit.strip())
    return {name: " ".join(commits) for name, commits in found.items()}


class ContentDigests:
    """Digests of the statement files, each file read again only when it changed.

    ``refresh`` takes the statement files (docs/<lang>/statements/<slug>.md);
    a work is every file of one slug."""

    def __init__(self):
        self._files: dict[Path, tuple[tuple[int, int, int], str]] = {}  # path -> (stat, hash)
        self.works: dict[str, str] = {}
        self.everything = ""

    def _read(self, path: Path) -> str:
        # Read again when size, time or inode differ: `mkdocs serve` keeps this across rebuilds.
        stat = path.stat()
        seen = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        known = self._files.get(path)
        if known is None or known[0] != seen:
            known = self._files[path] = (seen, _sha(path.read_bytes()))
        return known[1]

    def refresh(self, paths: Iterable[Path], docs_dir: Path) -> None:
        by_work: dict[str, list[str]] = {}
        files = []
        commits = histories(docs_dir)
        paths = sorted(paths)
        for path in paths:
            # Named from docs_dir, as git names them: no path resolved (a system call per part).
            name = path.relative_to(docs_dir).as_posix()
            entry = f"{name}\t{self._read(path)}"
            by_work.setdefault(path.stem, []).append(f"{entry}\t{commits.get(name, '')}")
            files.append(entry)
        self._files = {p: self._files[p] for p in paths}  # forget removed files
        self.works = {slug: key(*entries) for slug, entries in by_work.items()}
        self.everything = key(*files)

    def for_work(self, slug: str) -> str:
        """What a page of one statement shows: its work's files (which versions exist, and each one's text)."""
        return key("work", slug, self.works.get(slug, ""))

    def for_listing(self, site_files: str) -> str:
        """What a listing or a written page may show: every statement file, and which files the site has."""
        return key("all", self.everything, site_files)


def page_key(site: str, navigation: str, place: str, rendered: str, meta: dict, alternates: Any, shown: str) -> str:
    return key(site, navigation, place, rendered, canonical(meta), canonical(alternates), shown)


class PageCache(build_cache.Store):
    """A page's template output under its key, stored as its UTF-8 text: no JSON around 100 kB of
    HTML, and no compression (zlib would cost a millisecond a page, each way; the disk holds it)."""

    SUFFIX, LEVEL = ".html", 0

    def encode(self, value: str) -> bytes:
        return value.encode("utf-8", "surrogatepass")

    def decode(self, data: bytes) -> str:
        return data.decode("utf-8", "surrogatepass")
