"""Full-text search: a Pagefind index of the built site, one per language.

Pagefind splits the index by each page's ``<html lang>``, so a reader on a
French page only downloads and searches the French index. Only statement
pages are indexed: they mark the statement with ``data-pagefind-body`` and the
glob below keeps archive listings (home, years, topics) out even when a site
has no statement yet (Pagefind would otherwise index every page).

Pagefind 1.5 writes filter values, each language's filter list and the
language list in hash-map order, which changes from run to run; `index`
rewrites them sorted, so one site always gives the same bundle (and readers
see filter values in order).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import click

from .catalog import STATEMENTS, Catalog

BUNDLE = "pagefind"
# Statement pages only, in every language folder, with or without directory URLs.
GLOB = f"**/{STATEMENTS}/**/*.html"
# Bibliographic apparatus is not the statement's text: the sources list, the
# citation marks in the text and the heading permalinks stay out of the index.
EXCLUDE = ".sources, sup.citation, .headerlink"
TIMEOUT_S = 600


class SearchIndexError(click.ClickException):
    """Pagefind could not index the site; the message says why.

    A ClickException, so `mkdocs build` and `archive build` (both click
    programs) print the message and exit 1 instead of showing a traceback.
    """


def command(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE,
            "--glob", GLOB, "--exclude-selectors", EXCLUDE, "--silent"]


def index(site_dir: Path, catalog: Catalog | None = None) -> None:
    """Write ``<site_dir>/pagefind/``; raise SearchIndexError when Pagefind fails."""
    site_dir = Path(site_dir)
    if not any(site_dir.glob(GLOB)):
        return  # an archive without statements: nothing to search (Pagefind refuses empty sites)
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)  # no stale chunks from an earlier run
    try:
        result = subprocess.run(command(site_dir), capture_output=True, text=True, timeout=TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"search index: could not run Pagefind: {exc}") from exc
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        detail = "\n".join(dict.fromkeys(line for line in lines if line.strip())) or f"exit status {result.returncode}"
        raise SearchIndexError(f"search index: Pagefind failed on {site_dir}:\n{detail}")
    entry = site_dir / BUNDLE / "pagefind-entry.json"
    if not entry.is_file():
        raise SearchIndexError(f"search index: Pagefind wrote no {entry}")
    try:
        sort_bundle(site_dir / BUNDLE)
    except (ValueError, KeyError, IndexError, TypeError, OSError) as exc:
        raise SearchIndexError(f"search index: unexpected Pagefind output in {entry.parent}: {exc}") from exc


def languages(site_dir: Path) -> dict[str, int]:
    """Pages indexed per language, from the bundle's entry file."""
    entry = json.loads((Path(site_dir) / BUNDLE / "pagefind-entry.json").read_text("utf-8"))
    return {lang: data.get("page_count", 0) for lang, data in entry.get("languages", {}).items()}


# --- a reproducible bundle -----------------------------------------------------------
# Pagefind's binary files are gzip of a signature and CBOR, named by the first
# hex digits of the CBOR's SHA-1: filter/<lang>_<7>.pf_filter and
# pagefind.<lang>_<10>.pf_meta (whose name pagefind-entry.json gives).

SIGNATURE = b"pagefind_dcd"
FILTER_DIGITS, META_DIGITS = 7, 10
META_FILTERS = 3  # the meta index is [version, pages, index chunks, filters, sorts, meta fields]


def sort_bundle(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
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
