"""A Pagefind bundle as files: merging languages' bundles, and reproducible output.

Pagefind's binary files are gzip of a signature and CBOR, named by the first
hex digits of the CBOR's SHA-1: filter/<lang>_<7>.pf_filter and
pagefind.<lang>_<10>.pf_meta (whose name pagefind-entry.json gives).
Pagefind 1.5 writes filter values, each language's filter list and the
language list in hash-map order, which changes from run to run;
:func:`sort_bundle` rewrites them sorted, so one site always gives the same
bundle (and readers see filter values in order).

:func:`compress_bundle` makes each file's gzip again with libdeflate, whose
near-optimal parsing takes 4-6 % off what Pagefind writes: bytes a reader
downloads for every first search (WebAssembly, index chunks, results).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import deflate

ENTRY = "pagefind-entry.json"


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


# libdeflate's first near-optimal level: 12 takes 0.4 % more off at twice the time.
LEVEL = 10
COMPRESSED = (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta", ".pagefind")


def compress_bundle(bundle: Path) -> None:
    """Every compressed file of ``bundle`` written again from the same bytes, where that is smaller."""
    files = sorted(path for path in bundle.rglob("*") if path.suffix in COMPRESSED and path.is_file())
    # libdeflate and file I/O let go of the interpreter lock: files are compressed side by side.
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        list(pool.map(_compress_file, files))


def _compress_file(path: Path) -> None:
    packed = path.read_bytes()
    smaller = _gzip(gzip.decompress(packed))
    if len(smaller) < len(packed):
        path.write_bytes(smaller)


def _gzip(data: bytes) -> bytes:
    """gzip with no name and no time in its header, so that the same bytes give the same file."""
    return deflate.gzip_compress(data, LEVEL)


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
    (folder / pattern.format(digest)).write_bytes(_gzip(SIGNATURE + body))
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
