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

Pagefind 1.5 writes filter values, each language's filter list and the
language list in hash-map order, which changes from run to run; the bundles
are rewritten sorted, so one site always gives the same bundle (and readers
see filter values in order).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from importlib.metadata import version
from pathlib import Path

import click

from . import build_cache, check_cache
from .catalog import STATEMENTS, Catalog

BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
# Each language's bundle waits here until every language is indexed and they are
# merged into BUNDLE. Not a dotfile: it travels inside a CI part's artifact.
STAGING = "archive-search"
# Bibliographic apparatus is not the statement's text: the sources list, the
# citation marks in the text and the heading permalinks stay out of the index.
EXCLUDE = ".sources, sup.citation, .headerlink"
TIMEOUT_S = 600


class SearchIndexError(click.ClickException):
    """Pagefind could not index the site; the message says why.

    A ClickException, so `mkdocs build` and `archive build` (both click
    programs) print the message and exit 1 instead of showing a traceback.
    """


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
        self.running: list[tuple[str, subprocess.Popen, Path, object, str | None]] = []
        self.failures: list[str] = []
        self.cancelled = False
        self.later: list[tuple[str, str]] | None = [] if later else None  # languages left for after the build

    def start(self, lang: str, prefix: str) -> None:
        if self.later is not None:
            self.later.append((lang, prefix))
            return
        pages = sorted(self.site_dir.glob(glob(prefix)))
        if not pages:
            return  # no statement in this language: nothing to search (Pagefind refuses empty sites)
        output = self.site_dir / STAGING / lang
        shutil.rmtree(output, ignore_errors=True)  # no stale chunks from an earlier run
        entry_key = self._key(prefix, pages) if self.cache else None
        if entry_key and self._restore(entry_key, output):
            return
        while len(self.running) >= self.parallel:
            self._finish_oldest()
        if self.cancelled:
            return
        errors = tempfile.TemporaryFile()
        try:
            process = subprocess.Popen(command(self.site_dir, prefix, output), stdout=errors, stderr=errors)
        except OSError as exc:
            errors.close()
            self.failures.append(f"{lang}: could not run Pagefind: {exc}")
            return
        self.running.append((lang, process, output, errors, entry_key))

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

    def _key(self, prefix: str, pages: list[Path]) -> str:
        """What Pagefind reads of the pages: each page but the part before its indexed
        body (header, translation notice), which changes more often than the text."""
        parts = [version("pagefind"), check_cache.code_version(), *command(Path(), prefix, Path())]
        for page in pages:
            parts += [page.relative_to(self.site_dir).as_posix(), _indexed(page.read_text("utf-8", "replace"))]
        return build_cache.key(*parts)

    def _finish(self, item) -> None:
        lang, process, output, errors, entry_key = item
        try:
            code = process.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
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
                sort_bundle(output)
            except (ValueError, KeyError, IndexError, TypeError, OSError) as exc:
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
        except OSError:  # a cache that cannot be written only costs speed
            if temporary is not None:
                shutil.rmtree(temporary, ignore_errors=True)

    def _finish_oldest(self) -> None:
        item = self.running[0]  # listed until finished, so that `stop` (another thread) can end it
        self._finish(item)
        if self.running and self.running[0] is item:
            self.running.pop(0)

    def wait(self) -> None:
        """Wait for every language started; SearchIndexError names each that failed."""
        while self.running:
            self._finish_oldest()
        failures, self.failures = self.failures, []
        if failures and not self.cancelled:
            raise SearchIndexError("search index: " + "\n".join(failures))

    def stop(self) -> None:
        """The build failed or was superseded: end the runs still going."""
        self.cancelled = True
        running, self.running = self.running, []
        for _, process, *_ in running:
            process.kill()


def _indexed(html: str) -> str:
    """The page without what lies between <body> and its data-pagefind-body element, unless
    that holds Pagefind attributes other than ignore."""
    body, start = html.find("<body"), html.find("data-pagefind-body")
    if body < 0 or start < body or re.search(r"data-pagefind-(?!ignore)", html[body:start]):
        return html
    return html[:body] + html[start:]


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
    started = _background.pop(site_dir.resolve(), None) or Indexer(site_dir, parallel=os.cpu_count() or 1)
    if not _deferred["on"]:
        _assemble(site_dir, languages, started)
        return
    thread = threading.Thread(target=_assemble_later, args=(site_dir, languages, started), daemon=True)
    _deferred.update(thread=thread, indexer=started)
    thread.start()


def _assemble_later(site_dir: Path, languages: list[tuple[str, str]], started: Indexer) -> None:
    try:
        _assemble(site_dir, languages, started)
    except (SearchIndexError, OSError) as exc:
        if not started.cancelled:
            print(f"search index not written: {exc}", file=sys.stderr)


def _assemble(site_dir: Path, languages: list[tuple[str, str]], started: Indexer) -> None:
    left, started.later = started.later or [], None
    started.parallel = max(started.parallel, min(len(left), os.cpu_count() or 1))
    for code, prefix in left:
        started.start(code, prefix)
    started.wait()
    staging = site_dir / STAGING
    for code, prefix in languages:
        if not (staging / code / ENTRY).is_file():
            started.start(code, prefix)
    started.wait()
    if started.cancelled:
        return
    bundles = [staging / code for code, _ in languages if (staging / code / ENTRY).is_file()]
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    if bundles:
        merge_bundles(bundles, site_dir / BUNDLE)
    shutil.rmtree(staging, ignore_errors=True)


def merge_bundles(bundles: list[Path], target: Path) -> None:
    """One bundle of several single-language ones: their files side by side (each named by its
    language and content, the scripts identical) and one entry file listing every language."""
    entries = [json.loads((bundle / ENTRY).read_text("utf-8")) for bundle in bundles]
    for bundle in bundles:
        for path in sorted(bundle.rglob("*")):
            destination = target / path.relative_to(bundle)
            if path.is_file() and path.name != ENTRY and not destination.exists():
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.replace(path, destination)
    entry = {**entries[0], "languages": dict(sorted(
        (lang, info) for found in entries for lang, info in found["languages"].items()))}
    (target / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


def index(site_dir: Path, catalog: Catalog) -> None:
    """The whole-site step: every language's index in one bundle (scripts.postbuild)."""
    assemble(site_dir, [(language.code, language.prefix) for language in catalog.config.languages])


def languages(site_dir: Path) -> dict[str, int]:
    """Pages indexed per language, from the bundle's entry file."""
    entry = json.loads((Path(site_dir) / BUNDLE / ENTRY).read_text("utf-8"))
    return {lang: data.get("page_count", 0) for lang, data in entry.get("languages", {}).items()}


# --- a reproducible bundle -----------------------------------------------------------
# Pagefind's binary files are gzip of a signature and CBOR, named by the first
# hex digits of the CBOR's SHA-1: filter/<lang>_<7>.pf_filter and
# pagefind.<lang>_<10>.pf_meta (whose name pagefind-entry.json gives).

SIGNATURE = b"pagefind_dcd"
FILTER_DIGITS, META_DIGITS = 7, 10
META_FILTERS = 3  # the meta index is [version, pages, index chunks, filters, sorts, meta fields]


def sort_bundle(bundle: Path) -> None:
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text("utf-8"))
    if not str(entry.get("version", "")).startswith("1.5."):
        return  # another layout: leave Pagefind's output as it is
    for lang, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        meta[META_FILTERS] = [[name, _sort_filter(bundle / "filter", lang, digest)]
                              for name, digest in sorted(meta[META_FILTERS])]
        meta_path.unlink()
        info["hash"] = _write(meta, bundle, lang, META_DIGITS, "pagefind.{}.pf_meta")
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


def _sort_filter(folder: Path, lang: str, digest: str) -> str:
    """Rewrite one filter with its values in reading order; its new name."""
    path = folder / f"{digest}.pf_filter"
    name, values = _read(path)
    path.unlink()
    return _write([name, sorted(values, key=lambda value: _collation(value[0]))], folder, lang, FILTER_DIGITS,
                  "{}.pf_filter")


def _collation(text: str) -> tuple[str, str]:
    """Accents and case aside first ("Écologie" next to "Economie"), then exact."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return bare.casefold(), text


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} has no Pagefind signature")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path.name} has trailing bytes")
    return value


def _write(value, folder: Path, lang: str, digits: int, pattern: str) -> str:
    body = _encode(value)
    digest = f"{lang}_{hashlib.sha1(body).hexdigest()[:digits]}"
    (folder / pattern.format(digest)).write_bytes(gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0))
    return digest


# The CBOR subset Pagefind's meta and filter files use: integers, text, arrays.

def _decode(data: bytes, at: int):
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        argument, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise ValueError(f"unsupported CBOR item at byte {at - 1}")
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major == 3:
        return data[at:at + argument].decode("utf-8"), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unsupported CBOR type {major} at byte {at - 1}")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if argument < 1 << (8 * size):
            return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
    raise ValueError(f"integer too large for CBOR: {argument}")


def _encode(value) -> bytes:
    if isinstance(value, bool):
        raise ValueError("unexpected boolean")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise ValueError(f"unexpected {type(value).__name__}")
