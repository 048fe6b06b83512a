"""The site's configuration, read from mkdocs.yml without MkDocs: one object
shared by the build hooks, the checks and the command line.

The language list lives once, in the i18n plugin's configuration; this module
reads it with a YAML loader that resolves ``!ENV`` as MkDocs does and ignores
the ``!!python`` tags. A loaded configuration is kept until mkdocs.yml changes
(its modification time and size), so `mkdocs serve` sees an edit, such as a
new language, at the next rebuild.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from yaml_env_tag import construct_env_tag

CONFIG_FILE = "mkdocs.yml"
DEFAULT_LANGUAGE = "en"  # a site without the i18n plugin (the link checker reads any site)


class TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV` as MkDocs does, other tags (`!!python/name:`...) as None."""


TolerantLoader.add_constructor("!ENV", construct_env_tag)  # as MkDocs reads it
TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


class ConfigError(Exception):
    """mkdocs.yml is missing or lacks what the archive needs; the message says what."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # endonym, as shown in the language switcher
    default: bool
    # Per-language overrides of site_name / site_description (mkdocs-static-i18n
    # reads the same keys on a language entry); None: the site-wide value.
    site_name: str | None = None
    site_description: str | None = None

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
    site_url: str  # always ends in "/"; "/" when mkdocs.yml gives none
    languages: tuple[Language, ...]
    site_name: str
    site_description: str
    copyright: str
    declared_site_url: str | None = None  # site_url as written, None when absent
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def translations_dir(self) -> Path:
        """Interface catalogs, topic, type and author labels."""
        return self.root / "translations"

    @property
    def default_language(self) -> Language:
        return next(lang for lang in self.languages if lang.default)

    @property
    def codes(self) -> list[str]:
        """Every language code, in the order of mkdocs.yml."""
        return [lang.code for lang in self.languages]

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    def site_name_in(self, code: str) -> str:
        return self.language(code).site_name or self.site_name

    def site_description_in(self, code: str) -> str:
        return self.language(code).site_description or self.site_description


def find_root(start: Path | None = None) -> Path:
    """The nearest folder holding mkdocs.yml, from ``start`` upwards."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ConfigError(f"no {CONFIG_FILE} in {here} or any parent folder")


def _i18n_languages(plugins) -> list:
    # `plugins:` is a list of names or one-key mappings, or a mapping.
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins or []:
        if isinstance(entry, dict) and isinstance(entry.get("i18n"), dict):
            return entry["i18n"].get("languages") or []
    return []


def _text(value) -> str | None:
    return str(value) if isinstance(value, (str, int, float)) and str(value).strip() else None


def _languages(data: dict) -> tuple[Language, ...]:
    entries = [e for e in _i18n_languages(data.get("plugins")) if isinstance(e, dict) and _text(e.get("locale"))]
    if not entries:
        return ()
    has_default = any(e.get("default") for e in entries)
    return tuple(Language(str(e["locale"]), str(e.get("name") or e["locale"]),
                          bool(e.get("default")) if has_default else number == 0,
                          _text(e.get("site_name")), _text(e.get("site_description")))
                 for number, e in enumerate(entries))


def parse(data: dict, root: Path) -> SiteConfig:
    """A SiteConfig from mkdocs.yml's data; a site without i18n has one language."""
    languages = _languages(data) or (Language(DEFAULT_LANGUAGE, DEFAULT_LANGUAGE, True),)
    declared = _text(data.get("site_url"))
    extra = data.get("extra")
    return SiteConfig(
        root=root,
        docs_dir=root / str(data.get("docs_dir") or "docs"),
        site_dir=root / str(data.get("site_dir") or "site"),
        site_url=(declared or "").rstrip("/") + "/",
        languages=languages,
        site_name=str(data.get("site_name") or ""),
        site_description=str(data.get("site_description") or ""),
        copyright=str(data.get("copyright") or ""),
        declared_site_url=declared,
        extra=extra if isinstance(extra, dict) else {},
    )


def _read(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=TolerantLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}")
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return data


_loaded: dict[Path, tuple[tuple[int, int], SiteConfig]] = {}


def load(root: Path | None = None) -> SiteConfig:
    """The archive's configuration from the mkdocs.yml at or above ``root``.

    Raises ConfigError when there is none or it has no i18n language list."""
    folder = find_root(root)
    path = folder / CONFIG_FILE
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _loaded.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    data = _read(path)
    if not _languages(data):
        raise ConfigError(f"{path}: plugins: the i18n plugin with its `languages` list is missing")
    config = parse(data, folder)
    _loaded[path] = (stamp, config)
    return config


def load_any(path: Path) -> SiteConfig:
    """Any site's mkdocs.yml, for checks that also run on sites built elsewhere:
    a missing or unreadable file gives the defaults (no site_url, one language)."""
    try:
        data = _read(path)
    except ConfigError:
        data = {}
    return parse(data, path.parent)
