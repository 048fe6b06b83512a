"""What the link checker needs from mkdocs.yml, read without importing MkDocs.

Unlike :mod:`statements_archive.config`, a missing or odd mkdocs.yml is not an error:
the checker also runs on sites built elsewhere. The YAML loader is shared.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from statements_archive.config import TolerantLoader

DEFAULT_LANGUAGE = "en"


@dataclass
class SiteConfig:
    site_url: str | None = None
    default_language: str = DEFAULT_LANGUAGE
    languages: list[str] = field(default_factory=list)  # every language, default first


def load(path: Path) -> SiteConfig:
    """Read ``path``; a missing or unreadable file gives an empty config."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=TolerantLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return SiteConfig()
    if not isinstance(data, dict):
        return SiteConfig()
    config = SiteConfig(site_url=data.get("site_url") or None)
    for lang in _i18n_languages(data.get("plugins")):
        code = lang.get("locale") if isinstance(lang, dict) else None
        if not isinstance(code, str):
            continue
        if lang.get("default"):
            config.default_language = code
        config.languages.append(code)
    if config.default_language in config.languages:
        config.languages.remove(config.default_language)
    config.languages.insert(0, config.default_language)
    return config


def _i18n_languages(plugins) -> list:
    # `plugins:` is a list of names or one-key mappings, or a mapping.
    if isinstance(plugins, dict):
        plugins = [{k: v} for k, v in plugins.items()]
    for entry in plugins or []:
        if isinstance(entry, dict) and isinstance(entry.get("i18n"), dict):
            return entry["i18n"].get("languages") or []
    return []
