"""Template data for quoting and reviewing: the Cite block, the side-by-side link, review credits.

One entry point per kind of page, so the MkDocs adapter adds one line for each.
"""
from __future__ import annotations

from typing import Callable

from markupsafe import Markup

from statements_archive.content.catalog import Catalog
from statements_archive.content.model import Statement
from statements_archive.site import citation_formats, side_by_side
from statements_archive.translation import review


def statement_extras(catalog: Catalog, statement: Statement) -> dict:
    """``archive.quoting`` on a statement page."""
    translation = statement.translation
    cite = citation_formats.context(citation_formats.for_statement(catalog, statement))
    # Root-relative, for the templates' `url` filter (with or without directory URLs).
    folder = f"{catalog.config.language(statement.lang).prefix}statements/{statement.slug}/"
    cite["files"] = {kind: folder + name for kind, name in cite["files"].items()}
    return {
        "cite": cite,
        # Filled in by permalinks.js with the paragraph the address points to.
        "paragraph_slot": Markup('<span data-archive-paragraph-number></span>'),
        "compare_url": side_by_side.url(catalog, statement.lang, statement.slug) if translation else "",
        # Credited while their review holds: an edit since then is not what they read.
        "reviewers": list(translation.reviewers) if translation and review.is_reviewed(statement) else [],
    }


class CompareRenders:
    """The Markdown renderings side-by-side pages need, each made once per build.

    A statement page hands over its own rendering (:meth:`keep`, from the page's
    content event, which MkDocs runs for every page before any template), so a
    translation is not rendered twice; an original is rendered once for all its
    translations in this process, and kept by revision."""

    def __init__(self):
        self.pages: dict[tuple[str, str], str] = {}
        self.originals: dict[str, tuple[str, str]] = {}

    def keep(self, statement: Statement, html: str) -> None:
        if statement.is_translation:
            self.pages[(statement.lang, statement.slug)] = html

    def forget(self, lang: str, slug: str) -> None:
        """A side-by-side page reused whole: let its translation's rendering go."""
        self.pages.pop((lang, slug), None)

    def original(self, statement: Statement, render: Callable[[], Callable[[str], str]]) -> str:
        kept = self.originals.get(statement.path)
        if kept is None or kept[0] != statement.revision:
            kept = (statement.revision, side_by_side.checked_render(statement, render()))
            self.originals[statement.path] = kept
        return kept[1]

    def translation(self, statement: Statement, render: Callable[[], Callable[[str], str]]) -> str:
        html = self.pages.pop((statement.lang, statement.slug), None)  # let it go once used
        return html if html is not None else side_by_side.checked_render(statement, render())


def compare_page(catalog: Catalog, lang: str, slug: str, renders: CompareRenders,
                 render: Callable[[], Callable[[str], str]], gettext: Callable[[str], str]) -> dict:
    """``archive.compare`` on the side-by-side page of the ``lang`` translation of ``slug``.

    ``render()`` gives a Markdown renderer with the site's extensions, made only when needed."""
    translation = catalog.get(lang, slug)
    original = catalog.works[slug].original
    return side_by_side.context(catalog, translation, renders.original(original, render),
                                renders.translation(translation, render), gettext)
