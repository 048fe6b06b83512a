"""Site settings the archive needs, read from mkdocs.yml without MkDocs.

The language list lives once, in the i18n plugin's configuration; this module
reads it with a YAML loader that resolves ``!ENV`` as MkDocs does and ignores
the ``!!python`` tags.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale
from yaml_env_tag import construct_env_tag


class TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV` as MkDocs does, other tags (`!!python/name:`...) as None."""


TolerantLoader.add_constructor("!ENV", construct_env_tag)  # as MkDocs reads it
TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # endonym, as shown in the language switcher
    default: bool

    @property
    def rtl(self) -> bool:
        return Locale.parse(self.code).character_order == "right-to-left"

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def prefix(self) -> str:
        """URL path prefix of this language's pages ('' for the default)."""
        return "" if self.default else f"{self.code}/"


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    docs_dir: Path
    site_dir: Path
    site_url: str
    languages: tuple[Language, ...]
    site_name: str
    site_description: str
    copyright: str

    @property
    def default_language(self) -> Language:
        return next(lang for lang in self.languages if lang.default)

    @property
    def codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)


def find_root(start: Path | None = None) -> Path:
    """The nearest folder holding mkdocs.yml, from ``start`` upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise FileNotFoundError(f"no mkdocs.yml in {here} or any parent folder")


@lru_cache(maxsize=8)
def load(root: Path | None = None) -> SiteConfig:
    root = find_root(root)
    data = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=TolerantLoader) or {}
    i18n = next(p["i18n"] for p in data.get("plugins", []) if isinstance(p, dict) and "i18n" in p)
    languages = tuple(
        Language(entry["locale"], entry.get("name", entry["locale"]), bool(entry.get("default")))
        for entry in i18n["languages"]
    )
    return SiteConfig(
        root=root,
        docs_dir=root / data.get("docs_dir", "docs"),
        site_dir=root / data.get("site_dir", "site"),
        site_url=(data.get("site_url") or "").rstrip("/") + "/",
        languages=languages,
        site_name=str(data.get("site_name") or ""),
        site_description=str(data.get("site_description") or ""),
        copyright=str(data.get("copyright") or ""),
    )
