"""Full-text search: a Pagefind index of the built site, one per language.

Pagefind splits the index by each page's ``<html lang>``, so a reader on a
French page only downloads and searches the French index. Only statement
pages are indexed: they mark the statement with ``data-pagefind-body`` and the
glob below keeps archive listings (home, years, topics) out even when a site
has no statement yet (Pagefind would otherwise index every page).

Each language is indexed by its own Pagefind run, as soon as the build has
written it (:class:`Indexer`, from the MkDocs adapter), into a staging
folder; :func:`assemble` merges the bundles once every language is there. So
indexing overlaps the build, runs inside each part of a parallel build, and
holds one language in memory at a time.

Each language's bundle is rewritten in a reproducible order before it is
kept (statements_archive.site.search_bundle), so one site always gives the same bundle.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib
from importlib.metadata import version
from pathlib import Path


from statements_archive.build import cache as build_cache
from statements_archive.once import warn_once
from statements_archive.build import check_cache
from statements_archive.content.catalog import STATEMENTS, Catalog
from statements_archive.site.search_bundle import ENTRY, compress_bundle, merge_bundles, sort_bundle

log = logging.getLogger(__name__)


BUNDLE = "pagefind"
# Each language's bundle waits here until every language is indexed and they are
# merged into BUNDLE. Not a dotfile: it travels inside a CI part's artifact.
STAGING = "archive-search"
# Bibliographic apparatus is not the statement's text: the sources list, the
# citation marks in the text and the heading permalinks stay out of the index.
EXCLUDE = ".sources, sup.citation, .headerlink"
TIMEOUT_S = 600


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why (the MkDocs
    hooks and `archive build` show it as their error, never as a traceback)."""


def glob(prefix: str) -> str:
    """One language's statement pages (``prefix`` '' or 'fr/'), with or without directory URLs."""
    return f"{prefix}{STATEMENTS}/**/*.html"


def command(site_dir: Path, prefix: str, output: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(output),
            "--glob", glob(prefix), "--exclude-selectors", EXCLUDE, "--silent"]


class Indexer:
    """Pagefind on one language at a time, in the background while the next language builds.

    Indexing a language apart from the others costs the same in all and keeps
    Pagefind's memory to one language's; started as soon as a language is
    written, it runs on another core than the build."""

    def __init__(self, site_dir: Path, parallel: int = 1, cache: Path | None = None, later: bool = False):
        self.site_dir, self.parallel, self.cache = Path(site_dir), parallel, cache
        self.running: list[tuple[str, subprocess.Popen, Path, object, str | None, Path]] = []
        self.failures: list[str] = []
        self.cancelled = False
        self.later: list[tuple[str, str]] | None = [] if later else None  # languages left for after the build
        self.background = later  # the index follows a `mkdocs serve` build: it yields the processor to the next
        # Under `mkdocs serve` a thread finishes the index while the next rebuild
        # may stop it: `running` and `cancelled` change only under this lock, and
        # every process started is reaped (waited for, its output file closed) once.
        self.lock = threading.Lock()

    def start(self, lang: str, prefix: str) -> None:
        if self.cancelled:
            return
        if self.later is not None:
            self.later.append((lang, prefix))
            return
        pages = sorted(self.site_dir.glob(glob(prefix)))
        if not pages:
            return  # no statement in this language: nothing to search (Pagefind refuses empty sites)
        output = self.site_dir / STAGING / lang
        shutil.rmtree(output, ignore_errors=True)  # no stale chunks from an earlier run
        texts = _indexed_pages(self.site_dir, pages)
        entry_key = self._key(prefix, texts) if self.cache else None
        if entry_key and self._restore(entry_key, output):
            return
        while len(self.running) >= self.parallel and not self.cancelled:
            self._finish_oldest()
        with self.lock:
            if self.cancelled:  # stopped while waiting for a slot
                return
            errors = tempfile.TemporaryFile()
            try:
                pages_dir = _write_pages(texts)
                process = subprocess.Popen(command(pages_dir, prefix, output), stdout=errors, stderr=errors)
            except OSError as exc:
                errors.close()
                self.failures.append(f"{lang}: could not run Pagefind: {exc}")
                return
            if self.background:
                _yield_processor(process.pid)
            self.running.append((lang, process, output, errors, entry_key, pages_dir))

    def _restore(self, entry_key: str, output: Path) -> bool:
        """Copy the bundle made before from the same pages, if there is one."""
        if not (self.cache / entry_key / ENTRY).is_file():
            return False
        try:
            shutil.copytree(self.cache / entry_key, output)
            return True
        except OSError:  # unreadable: index again
            shutil.rmtree(output, ignore_errors=True)
            return False

    def _key(self, prefix: str, texts: list[tuple[str, bytes]]) -> str:
        """What Pagefind reads: the pages as :func:`_indexed_pages` gives them, and how it is run."""
        # The arguments, not the interpreter's path: `archive` and `mkdocs` may start from
        # different names of the same venv's Python.
        parts = [version("pagefind"), check_cache.code_version(), *command(Path(), prefix, Path())[1:]]
        for name, text in texts:
            parts += [name, text]
        return build_cache.key(*parts)

    def _finish(self, item, code: int) -> None:
        lang, process, output, errors, entry_key, pages_dir = item
        shutil.rmtree(pages_dir, ignore_errors=True)
        errors.seek(0)
        lines = errors.read().decode("utf-8", "replace").strip().splitlines()
        errors.close()
        if code != 0:
            detail = "\n".join(dict.fromkeys(line for line in lines if line.strip())) or f"exit status {code}"
            self.failures.append(f"{lang}: Pagefind failed on {self.site_dir}:\n{detail}")
        elif not (output / ENTRY).is_file():
            self.failures.append(f"{lang}: Pagefind wrote no {output / ENTRY}")
        else:
            try:
                compress_bundle(output)  # first: sorting writes its files compressed already
                sort_bundle(output)
            except (ValueError, KeyError, IndexError, TypeError, OSError, zlib.error) as exc:
                self.failures.append(f"{lang}: unexpected Pagefind output in {output}: {exc}")
            else:
                self._store(output, entry_key)

    def _store(self, output: Path, entry_key: str | None) -> None:
        """Keep a copy of the bundle; written aside and renamed, as parallel builds share the cache."""
        if not entry_key or (self.cache / entry_key).exists():
            return
        temporary = None
        try:
            self.cache.mkdir(parents=True, exist_ok=True)
            temporary = Path(tempfile.mkdtemp(dir=self.cache, prefix=".tmp-"))
            shutil.copytree(output, temporary, dirs_exist_ok=True)
            os.replace(temporary, self.cache / entry_key)
        except OSError as exc:  # a cache that cannot be written only costs speed
            if temporary is not None:
                shutil.rmtree(temporary, ignore_errors=True)
            warn_once("search-cache", f"search index not cached in {self.cache} ({exc}); the next build indexes again")

    def _finish_oldest(self) -> None:
        with self.lock:
            if not self.running:
                return
            item = self.running[0]  # listed until finished, so that `stop` (another thread) can end it
        process = item[1]
        try:
            code = process.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
        with self.lock:
            if not any(other is item for other in self.running):
                return  # stopped meanwhile: `stop` reaped it
            self.running.remove(item)
        self._finish(item, code)

    def wait(self) -> None:
        """Wait for every language started; SearchIndexError names each that failed."""
        while self.running and not self.cancelled:
            self._finish_oldest()
        failures, self.failures = self.failures, []
        if failures and not self.cancelled:
            raise SearchIndexError("search index: " + "\n".join(failures))

    def stop(self) -> None:
        """The build failed or was superseded: end the runs still going."""
        with self.lock:
            self.cancelled = True
            running, self.running = self.running, []
        for _, process, _, errors, _, pages_dir in running:
            process.kill()
            process.wait()  # no zombie left behind
            errors.close()
            shutil.rmtree(pages_dir, ignore_errors=True)


BODY_MARK = b"data-pagefind-body"
# Pagefind keeps, in every result's fragment, the text of each element that has an id,
# for links to a part of the page. Every block of a statement has one (`p-N`, for the
# language switch at the same paragraph), so a fragment held the statement's text twice:
# 25 kB compressed instead of 12 for the seed, five of them for a first query. Pagefind
# links results to headings only, so it is given the pages without other elements' ids.
# A literal start: found at memchr speed (the written pages put a space before each attribute).
ID = re.compile(rb' id="[^"]*"')
HEADING = re.compile(rb"<[hH][1-6][\s/>]")


def _indexed_pages(site_dir: Path, pages: list[Path]) -> list[tuple[str, bytes]]:
    """What Pagefind is given of one language's pages: (path in the site, page) for each page
    it would index, as :func:`_indexed` gives it."""
    # Bytes, not text: decoding every written page cost more than hashing it.
    texts = [(page.relative_to(site_dir).as_posix(), page.read_bytes()) for page in pages]
    # Once any page marks its body, Pagefind leaves out the pages that do not (side-by-side views).
    marked = any(BODY_MARK in text for _, text in texts)
    return [(name, _indexed(text)) for name, text in texts if not marked or BODY_MARK in text]


def _write_pages(texts: list[tuple[str, bytes]]) -> Path:
    """A folder holding the pages, at their paths in the site, for Pagefind to index."""
    folder = Path(tempfile.mkdtemp(prefix="archive-search-pages-"))
    try:
        for name, text in texts:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _indexed(html: bytes) -> bytes:
    """The page (as written, UTF-8) as Pagefind is given it: without what lies between <body>
    and its data-pagefind-body element (the header, the navigation and the translation notice,
    which change more often than the text and are not indexed) unless that holds Pagefind
    attributes other than ignore, and with ids on headings only from that element on."""
    body, mark = html.find(b"<body"), html.find(BODY_MARK)
    if not 0 <= body < mark:
        return _headings_only(html)
    opened = html.find(b">", body) + 1  # the <body> tag itself stays
    start = html.rfind(b"<", opened, mark)  # the marked element's tag
    if start < opened or re.search(rb"data-pagefind-(?!ignore)", html[opened:start]):
        return html[:opened] + _headings_only(html[opened:])
    return html[:opened] + _headings_only(html[start:])


def _headings_only(html: bytes) -> bytes:
    """``html`` without the id attributes of elements other than h1-h6."""
    def drop(match: re.Match) -> bytes:
        tag = html.rfind(b"<", 0, match.start())
        if tag < 0 or html.find(b">", tag, match.start()) >= 0:
            return match.group(0)  # in the text, not in a tag
        return match.group(0) if HEADING.match(html, tag) else b""
    return ID.sub(drop, html)


_background: dict[Path, Indexer] = {}
# Under `mkdocs serve` the languages are indexed after the build, in a thread, so
# that a rebuild never waits for Pagefind; the next rebuild cancels what is left.
_deferred: dict = {"on": False, "thread": None, "indexer": None}


def background(site_dir: Path, cache: Path | None = None) -> Indexer:
    """The indexer of the build writing ``site_dir`` in this process; ``cache``: where bundles
    are kept between builds, by what they were made from."""
    return _background.setdefault(Path(site_dir).resolve(), Indexer(site_dir, cache=cache, later=_deferred["on"]))


def defer(on: bool) -> None:
    _deferred["on"] = on


def deferred() -> bool:
    return _deferred["on"]


def stop_background() -> None:
    """End every run of this process (a build failed, or a new one starts)."""
    while _background:
        _background.popitem()[1].stop()
    if _deferred["indexer"] is not None:
        _deferred["indexer"].stop()
    if _deferred["thread"] is not None:
        _deferred["thread"].join()
    _deferred.update(thread=None, indexer=None)


def assemble(site_dir: Path, languages: list[tuple[str, str]]) -> None:
    """Write ``<site_dir>/pagefind/`` from the staged bundles of ``languages`` (code, URL prefix);
    languages not staged yet are indexed now, on every core."""
    site_dir = Path(site_dir)
    started = _background.pop(site_dir.resolve(), None) or Indexer(site_dir)
    if not _deferred["on"]:
        _assemble(site_dir, languages, started)
        return
    thread = threading.Thread(target=_assemble_later, args=(site_dir, languages, started), daemon=True)
    _deferred.update(thread=thread, indexer=started)
    thread.start()


def _yield_processor(pid: int) -> None:
    """Run Pagefind at a lower priority, so that an edit saved meanwhile is shown without
    waiting for the processor (overrides/hooks/preview.py). Where the system has no
    priorities, or refuses, it runs as it is."""
    try:
        os.setpriority(os.PRIO_PROCESS, pid, 10)
    except (AttributeError, OSError):
        pass


def _assemble_later(site_dir: Path, languages: list[tuple[str, str]], started: Indexer) -> None:
    try:
        _assemble(site_dir, languages, started)
    except (SearchIndexError, OSError) as exc:
        if not started.cancelled:
            log.warning(f"search index not written: {exc}")


def _assemble(site_dir: Path, languages: list[tuple[str, str]], started: Indexer) -> None:
    left, started.later = started.later or [], None
    started.wait()  # the runs the build started
    # Then, on every core, the languages left for now and those no run has staged
    # (a left language may hold a stale bundle of a cancelled run: indexed again).
    started.parallel = max(started.parallel, os.cpu_count() or 1)
    staging = site_dir / STAGING
    for code, prefix in languages:
        if (code, prefix) in left or not (staging / code / ENTRY).is_file():
            started.start(code, prefix)
    started.wait()
    if started.cancelled:
        return
    bundles = [staging / code for code, _ in languages if (staging / code / ENTRY).is_file()]
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    if bundles:
        merge_bundles(bundles, site_dir / BUNDLE)
    shutil.rmtree(staging, ignore_errors=True)


def index(site_dir: Path, catalog: Catalog) -> None:
    """The whole-site step: every language's index in one bundle (statements_archive.site.postbuild)."""
    assemble(site_dir, [(language.code, language.prefix) for language in catalog.config.languages])


def languages(site_dir: Path) -> dict[str, int]:
    """Pages indexed per language, from the bundle's entry file."""
    entry = json.loads((Path(site_dir) / BUNDLE / ENTRY).read_text("utf-8"))
    return {lang: data.get("page_count", 0) for lang, data in entry.get("languages", {}).items()}
