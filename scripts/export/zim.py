"""`archive export zim`: the site as a Kiwix ZIM file with libzim's full-text index.

Kiwix reads ZIM files offline on phones and desktops, with search built in; it is
how Wikipedia travels where it is blocked. Entries are the offline copy's files at
their paths (``statements/x/index.html``), so the copy's relative links are entry
links; the main entry is the first language's home page.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import sys
from pathlib import Path
from typing import Callable

from libzim.writer import Creator, Hint, Item, StringProvider

from statements_archive.config import SiteConfig
from statements_archive.export import sitecopy

# ISO 639-1 (the site's codes) to ISO 639-3 (the ZIM Language metadata).
ISO_639_3 = {
    "am": "amh", "ar": "ara", "bg": "bul", "bn": "ben", "ca": "cat", "cs": "ces", "da": "dan", "de": "deu",
    "el": "ell", "en": "eng", "es": "spa", "et": "est", "eu": "eus", "fa": "fas", "fi": "fin", "fr": "fra",
    "ga": "gle", "gl": "glg", "he": "heb", "hi": "hin", "hr": "hrv", "hu": "hun", "hy": "hye", "id": "ind",
    "it": "ita", "ja": "jpn", "ka": "kat", "kk": "kaz", "ko": "kor", "ku": "kur", "lt": "lit", "lv": "lav",
    "ms": "msa", "nl": "nld", "no": "nor", "pl": "pol", "ps": "pus", "pt": "por", "ro": "ron", "ru": "rus",
    "sk": "slk", "sl": "slv", "so": "som", "sq": "sqi", "sr": "srp", "sv": "swe", "sw": "swa", "ta": "tam",
    "th": "tha", "ti": "tir", "tr": "tur", "uk": "ukr", "ur": "urd", "uz": "uzb", "vi": "vie", "zh": "zho",
}
TITLE_MAX, DESCRIPTION_MAX = 30, 80  # openZIM metadata conventions


class ZimError(Exception):
    """The ZIM cannot be written as asked (unknown language code, output exists)."""


class _Entry(Item):
    def __init__(self, entry: sitecopy.Entry):
        super().__init__()
        self.entry = entry

    def get_path(self) -> str:
        return self.entry.path

    def get_title(self) -> str:
        return self.entry.title

    def get_mimetype(self) -> str:
        return self.entry.mimetype

    def get_contentprovider(self):
        return StringProvider(self.entry.data)

    def get_hints(self) -> dict:
        compress = not self.entry.mimetype.startswith(("image/png", "image/jpeg", "image/gif", "image/webp"))
        return {Hint.FRONT_ARTICLE: self.entry.article, Hint.COMPRESS: compress}


def iso_639_3(codes: list[str]) -> str:
    unknown = [c for c in codes if c.split("_")[0].split("-")[0].lower() not in ISO_639_3]
    if unknown:
        raise ZimError(f"no ISO 639-3 code known for {', '.join(unknown)}; add it to ISO_639_3 in "
                       "scripts/export/zim.py (Kiwix needs three-letter codes)")
    return ",".join(ISO_639_3[c.split("_")[0].split("-")[0].lower()] for c in codes)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def name(config: SiteConfig, languages: list[str]) -> str:
    """Kiwix's identifier of the book, stable across versions: `<site>_<lang|mul>_all`."""
    site = re.sub(r"[^a-z0-9]+", "-", config.site_name.lower()).strip("-") or "archive"
    return f"{site}_{languages[0] if len(languages) == 1 else 'mul'}_all"


def zim_date() -> str:
    """The day the file is made (SOURCE_DATE_EPOCH, when set, for reproducible files)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return when.date().isoformat()


def illustration(site: Path) -> bytes:
    """The 48x48 PNG Kiwix shows in its library: the site's favicon, scaled; a plain
    mark drawn with Pillow when the site has none."""
    from PIL import Image, ImageDraw

    favicon = site / "assets" / "images" / "favicon.png"
    try:
        image = Image.open(favicon).convert("RGBA").resize((48, 48), Image.LANCZOS)
    except OSError:
        image = Image.new("RGBA", (48, 48), (63, 81, 181, 255))
        draw = ImageDraw.Draw(image)
        draw.rectangle((12, 10, 36, 38), fill=(255, 255, 255, 255))
        for y in (16, 22, 28):
            draw.line((16, y, 32, y), fill=(63, 81, 181, 255), width=2)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def metadata(config: SiteConfig, languages: list[str]) -> dict[str, str]:
    description = config.site_description or config.site_name
    data = {
        "Title": _short(config.site_name, TITLE_MAX),
        "Description": _short(description, DESCRIPTION_MAX),
        "Language": iso_639_3(languages),
        "Creator": config.site_name,
        "Publisher": config.site_name,
        "Date": zim_date(),
        "Name": name(config, languages),
        "Source": config.site_url,
        "Tags": "_category:other;_pictures:no;_videos:no;_details:yes;_ftindex:yes",
        "Flavour": "all" if set(languages) == set(config.codes) else "_".join(languages),
    }
    if len(" ".join(description.split())) > DESCRIPTION_MAX:
        data["LongDescription"] = _short(description, 4000)
    return data


@contextlib.contextmanager
def _quiet_stdout():
    """libzim reports its finishing steps on the process's stdout (C++, past Python's
    sys.stdout); they go to stderr, so stdout stays for the command's own output."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        os.dup2(2, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def export(config: SiteConfig, site: Path, output: Path, languages: list[str] | None = None,
           force: bool = False, say: Callable[[str], None] = lambda _: None) -> dict:
    """Write the ZIM; returns figures (entries, articles, bytes)."""
    languages = [c for c in config.codes if c in set(languages)] if languages else list(config.codes)
    if output.exists() and not force:
        raise ZimError(f"{output}: already exists; choose another path, or pass --force to replace it")
    sitecopy.check_site(site)
    main = config.language(languages[0]).prefix + "index.html"
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(output.name + ".part")
    if temporary.exists():
        temporary.unlink()
    entries = articles = 0
    with _quiet_stdout(), Creator(str(temporary)).config_indexing(True, "mul").config_verbose(False) as creator:
        creator.set_mainpath(main)
        for key, value in metadata(config, languages).items():
            creator.add_metadata(key, value)
        creator.add_illustration(48, illustration(site))
        for entry in sitecopy.pages(config, site, sitecopy.ZIM, languages):
            creator.add_item(_Entry(entry))
            entries += 1
            articles += entry.article
    temporary.replace(output)
    say(f"wrote {output}: {entries} entries, {articles} pages, {output.stat().st_size:,} bytes")
    return {"entries": entries, "articles": articles, "bytes": output.stat().st_size}
