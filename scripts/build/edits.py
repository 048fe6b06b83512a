"""What changed in a project since its last build, and whether it is statements only.

`mkdocs serve` rebuilds the whole site after every save: at 1,000 works in six
languages that is a minute or more before the edited page shows. When every
file changed since the last build is an existing statement, those statements'
pages can be shown first and the rest of the site can follow
(overrides/hooks/preview.py). Any other change (settings, labels, templates,
a file added or removed) needs the whole build first, as before.

Modification time and size tell a change, as the archive's content reload does
(statements_archive.config): a save always changes one, and reading every file
of a large archive after each save would cost more than the preview saves.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from statements_archive.config import SiteConfig
from statements_archive.content import catalog as catalog_mod

Snapshot = dict[str, tuple[int, int]]  # path -> (modification time in ns, size)


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Every file under ``paths`` (files or folders) with its modification time and size."""
    found: Snapshot = {}
    for top in paths:
        if top.is_dir():
            _walk(str(top), found)
        elif top.is_file():
            stat = top.stat()
            found[str(top)] = (stat.st_mtime_ns, stat.st_size)
    return found


def _walk(folder: str, found: Snapshot) -> None:
    # os.scandir, not Path.rglob: its entries carry the stat, which halves the cost at 6,000 files.
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # removed meanwhile: the next snapshot misses it too
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=True):
                _walk(entry.path, found)
            elif entry.is_file(follow_symlinks=True):
                stat = entry.stat()
                found[entry.path] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue


def changed(before: Snapshot, after: Snapshot) -> list[Path]:
    """Files added, removed or changed between two snapshots."""
    return [Path(p) for p in sorted(before.keys() | after.keys()) if before.get(p) != after.get(p)]


def statements_only(config: SiteConfig, before: Snapshot, after: Snapshot) -> list[tuple[str, str]]:
    """(language, slug) of each changed file, when every changed file is a statement
    that was there before and still is; [] when anything else changed (or nothing)."""
    found = []
    for path in changed(before, after):
        where = catalog_mod.locate(config, path)
        if where is None or str(path) not in before or str(path) not in after:
            return []
        found.append(where)
    return found
