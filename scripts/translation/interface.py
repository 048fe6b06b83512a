"""Interface strings: gettext catalogs in translations/, read with Babel.

The build reads the `.po` catalogs directly (so a stale `.mo` can never be
shipped); `archive i18n compile` still writes `.mo` files for other tools.
"""
from __future__ import annotations

import gettext as _gettext
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "messages"


def po_path(translations_dir: Path, lang: str) -> Path:
    return translations_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=32)
def _load(po: Path, mtime: float) -> _gettext.NullTranslations:
    import io

    with po.open("rb") as handle:
        catalog = read_po(handle, locale=po.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def translations(translations_dir: Path, lang: str) -> _gettext.NullTranslations:
    """The language's catalog; the source language (English) needs none."""
    po = po_path(translations_dir, lang)
    if not po.is_file():
        return _gettext.NullTranslations()
    return _load(po, po.stat().st_mtime)
