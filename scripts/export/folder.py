"""`archive export folder`: the site as a folder (or .zip) to read from ``file://``.

Readers pass archives around on USB sticks; a copy of ``site/`` opened from disk
lands on directory listings and a search that cannot run there. This copy's links
name their files (``.../index.html``), the language switcher points at files, and
search's place holds a note pointing to the ZIM file.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Callable

from statements_archive.config import SiteConfig
from statements_archive.export import sitecopy

# Fixed times and order: the same site gives the same .zip, byte for byte.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class TargetExists(Exception):
    """The output is there already and --force was not given."""


def check_target(output: Path, force: bool) -> None:
    if force or not output.exists():
        return
    if output.is_dir() and not any(output.iterdir()):
        return
    raise TargetExists(f"{output}: already exists; choose another path, or pass --force to replace it")


def export(config: SiteConfig, site: Path, output: Path, languages: list[str] | None = None,
           force: bool = False, say: Callable[[str], None] = lambda _: None) -> int:
    """Write the offline copy to ``output`` (a folder, or a .zip file); returns the number of files."""
    check_target(output, force)
    entries = sitecopy.pages(config, site, sitecopy.FOLDER, languages)
    count = 0
    if output.suffix.lower() == ".zip":
        output.parent.mkdir(parents=True, exist_ok=True)
        temporary = output.with_name(output.name + ".part")
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry in entries:
                info = zipfile.ZipInfo(entry.path, _ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, entry.data)
                count += 1
        temporary.replace(output)
    else:
        if output.exists() and force:
            _clear(output)
        for entry in entries:
            target = output / entry.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(entry.data)
            count += 1
    where = "index.html inside it, once unpacked" if output.suffix.lower() == ".zip" else output / "index.html"
    say(f"wrote {count} files to {output}; open {where} in a browser")
    return count


def _clear(folder: Path) -> None:
    """--force on a folder: its old files go, so no page of an earlier export lingers."""
    if folder.is_dir():
        shutil.rmtree(folder)
    else:
        folder.unlink()
