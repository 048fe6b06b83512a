"""Where the build keeps what it can reuse between runs.

One folder (``.archive-cache/`` next to mkdocs.yml) holds a subfolder per kind
of entry: ``render`` (rendered Markdown), ``checks`` (content check results),
``jinja`` (compiled templates), ``search`` (each language's search bundle). Every entry is keyed by a hash of everything
it depends on, so a stale entry is never used, only left unread.
ARCHIVE_CACHE=off switches all of them off; ARCHIVE_CACHE=DIR moves the folder.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import threading
import zlib
from pathlib import Path
from typing import Any

from statements_archive.build import phases
from statements_archive.once import warn_once

FOLDER = ".archive-cache"
VARIABLE = "ARCHIVE_CACHE"  # a folder, or "off"
_counter = itertools.count()


def folder(root: Path, kind: str) -> Path | None:
    """The folder for one kind of entry of the project at ``root``, created; None when
    switched off, or when it cannot be created (said once: the build goes on without it)."""
    setting = os.environ.get(VARIABLE, "").strip()
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    base = Path(setting) if setting else Path(root) / FOLDER
    try:
        (base / kind).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        warn_once(f"cache:{base}", f"build cache not written in {base} ({exc}); the next build does this work again")
        return None
    return base / kind


def key(*parts: str | bytes) -> str:
    """SHA-256 of the parts (text, or bytes as they are), each length-prefixed so ("ab", "c")
    and ("a", "bc") differ."""
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class Store:
    """JSON entries under their key, zlib'd, written atomically: parallel builds share a folder.

    A cache that cannot be read or written only costs speed, never the build."""

    SUFFIX = ".json.z"
    LEVEL = 1  # zlib level; 0 stores entries as they are

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.hits = self.misses = 0
        self._folders: set[Path] = set()  # subfolders known to exist

    def _path(self, entry_key: str) -> Path:
        return self.folder / entry_key[:2] / f"{entry_key}{self.SUFFIX}"

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return json.loads(data)

    def get(self, entry_key: str) -> Any:
        with phases.current.timing("cache"):
            return self._get(entry_key)

    def _get(self, entry_key: str) -> Any:
        path = self._path(entry_key)
        try:
            data = path.read_bytes()
            value = self.decode(zlib.decompress(data) if self.LEVEL else data)
        except (OSError, ValueError, zlib.error):  # UnicodeDecodeError is a ValueError
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, entry_key: str, value: Any) -> None:
        with phases.current.timing("cache"):
            self._put(entry_key, value)

    def _put(self, entry_key: str, value: Any) -> None:
        path = self._path(entry_key)
        # A name no other writer uses (process, thread, count), opened exclusively: as safe as
        # mkstemp for parallel builds sharing the folder, without its random names (a third of a put).
        temporary = path.with_name(f".tmp-{os.getpid()}-{threading.get_ident()}-{next(_counter)}")
        try:
            if path.parent not in self._folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(path.parent)
            data = zlib.compress(self.encode(value), self.LEVEL) if self.LEVEL else self.encode(value)
            with open(temporary, "xb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            warn_once(f"cache:{self.folder.parent}", f"build cache not written in {self.folder} ({exc}); "
                                                     "the next build does this work again")

