"""Interface strings as text: gettext that escapes for HTML.

MkDocs' Jinja environment does not autoescape, and Material's templates rely
on that, so autoescape stays off. Instead the gettext callables installed in
the templates escape the translated string and every value put into it, and
return :class:`markupsafe.Markup`, so a catalog string can never add markup
to a page, and ``| e`` on the result does not escape twice.

Jinja's new-style gettext calls ``rv % variables`` on the result; on a
``Markup`` string that escapes each variable too.
"""
from __future__ import annotations

from typing import Callable

from markupsafe import Markup, escape


def gettext(translations) -> Callable[[str], Markup]:
    def _(message: str) -> Markup:
        return Markup(escape(translations.gettext(message)))
    return _


def ngettext(translations) -> Callable[[str, str, int], Markup]:
    def _(singular: str, plural: str, n: int) -> Markup:
        return Markup(escape(translations.ngettext(singular, plural, n)))
    return _


def install(env, translations) -> None:
    """Install escaping gettext/ngettext in a Jinja environment (with the i18n extension)."""
    env.install_gettext_callables(gettext(translations), ngettext(translations), newstyle=True)


def escaped(gettext_: Callable[[str], str]) -> Callable[[str], str]:
    """A plain gettext whose result is safe to format into HTML (text and attributes)."""
    return lambda message: str(escape(gettext_(message)))
