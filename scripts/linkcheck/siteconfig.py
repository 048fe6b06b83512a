"""What the link checker needs from mkdocs.yml, read without importing MkDocs.

mkdocs.yml commonly holds ``!!python/name:`` tags (emoji, superfences) and
``!ENV``; a plain SafeLoader refuses those, so unknown tags load as ``None``
and ``!ENV`` is honoured because ``site_url`` is often set through it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_LANGUAGE = "en"


class _Loader(yaml.SafeLoader):
    pass


def _ignore(loader, suffix, node):
    return None


def _env(loader, node):
    # `!ENV NAME` or `!ENV [NAME, OTHER, default]`, as MkDocs (pyyaml_env_tag) reads it.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1] if len(items) > 1 else items, items[-1] if len(items) > 1 else None
    for name in names:
        if isinstance(name, str) and os.environ.get(name):
            return os.environ[name]
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)
_Loader.add_multi_constructor("!", _ignore)


@dataclass
class SiteConfig:
    site_url: str | None = None
    default_language: str = DEFAULT_LANGUAGE
    languages: list[str] = field(default_factory=list)  # every language, default first


def load(path: Path) -> SiteConfig:
    """Read ``path``; a missing or unreadable file gives an empty config."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
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
