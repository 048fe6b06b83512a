"""Side by side: the original and one translation, aligned block by block.

One generated page per translation (`<lang>/statements/<slug>/compare/`), for
reviewers and readers checking a passage. Both texts are rendered with the
site's own Markdown (the renderer is passed in, so this module knows no
MkDocs) and cut into their numbered blocks (`data-block`, see
statements_archive.markdown.extension): block N of the original sits next to
block N of the translation, with their citations. For an outdated translation,
the original's blocks that changed since the revision the translation records
are marked, with a word diff against that revision (from git history).
"""
from __future__ import annotations

import difflib
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from selectolax.lexbor import LexborHTMLParser as HTMLParser

from statements_archive.checks import safety
from statements_archive.content import frontmatter, model
from statements_archive.content.catalog import Catalog
from statements_archive.content.model import Statement
from statements_archive.markdown import citations
from statements_archive.site import pages
from statements_archive.translation import status as translation_status

Gettext = Callable[[str], str]
Render = Callable[[str], str]  # Markdown -> HTML, with the site's extensions
PAGE = "compare"


def path(slug: str) -> str:
    """Path of the generated page under the language folder."""
    return f"statements/{slug}/{PAGE}.md"


def url(catalog: Catalog, lang: str, slug: str) -> str:
    return pages.statement_url(catalog.config, lang, slug) + f"{PAGE}/"


def generated(catalog: Catalog, lang: str, _: Gettext) -> list[tuple[str, dict]]:
    """(path, front-matter) of the side-by-side page of every translation into ``lang``."""
    out = []
    for work in catalog.works.values():
        translation = work.translations.get(lang)
        if translation is not None and work.original is not None:
            out.append((path(work.slug), {"title": _("Side by side: %(title)s") % {"title": translation.title},
                                          "archive_compare": work.slug}))
    return out


# --- cutting a rendered text into its blocks ------------------------------------------

def _blocks(page_html: str, keep_ids: bool) -> tuple[dict[int, str], str]:
    """Block number -> HTML of that block, and the Sources list (if any).

    Ids are removed (the page holds two texts; the row carries `p-N`), except the
    citation ids of the original, which the Sources list's back-links point to."""
    tree = HTMLParser(f"<body>{page_html}</body>")
    blocks, sources = {}, ""
    for node in tree.body.iter(include_text=False):
        if node.tag == "section" and "sources" in (node.attributes.get("class") or "").split():
            sources = node.html if keep_ids else ""
            continue
        number = node.attributes.get("data-block")
        if number is None:
            continue
        for link in node.css("a.headerlink, a.block-link, span.block-anchor"):
            link.decompose()
        for el in [node, *node.css("[id]")]:
            if el.attributes.get("id") and not (keep_ids and el.tag == "a" and el.attributes["id"].startswith("cite-")):
                del el.attrs["id"]
        del node.attrs["data-block"]
        blocks[int(number)] = node.html
    return blocks, sources


def checked_render(statement: Statement, render: Render) -> str:
    """The Markdown of ``statement`` rendered, after the content safety scan.

    A part build (one language) does not check the other languages' files: the
    original is checked here too, and markup its own page would refuse is never shown."""
    unsafe = [p for p in safety.check_markdown(statement.body, statement.path, statement.body_line, False)
              if p.severity == "error"]
    if unsafe:
        raise ValueError("\n".join(str(p) for p in unsafe))
    return render(statement.body)


# --- what changed in the original ----------------------------------------------------

def word_diff_html(old: str, new: str) -> str:
    """Words removed in <del>, added in <ins>, the text escaped (same words as `archive translations diff`)."""
    a, b = old.split(" "), new.split(" ")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append("<del>" + html.escape(" ".join(a[i1:i2])) + "</del>")
        if j2 > j1:
            out.append("<ins>" + html.escape(" ".join(b[j1:j2])) + "</ins>")
    return " ".join(x for x in out if x)


@dataclass
class Changes:
    found: bool  # the recorded revision was found in the history
    by_block: dict[int, dict]  # block number of the current original -> {"kind", "diff"}
    removed: list[str]  # text of blocks that are gone


def changes_since(root: Path, original: Statement, revision: str) -> Changes:
    old_text = translation_status.find_revision_text(root, original.path, revision)
    if old_text is None:
        return Changes(False, {}, [])
    old, _ = model.from_document(frontmatter.parse(old_text, original.path), "", "", [], lambda t: True)
    if old is None:
        return Changes(False, {}, [])
    lines = {line: n + 1 for n, (line, _text) in enumerate(citations.blocks(original.body, original.body_line))}
    by_block, removed = {}, []
    for change in translation_status.changes(old, original):
        number = lines.get(change.new_line) if change.new_line else None
        if change.kind == "removed":
            removed.append(change.old)
        elif number is not None:
            diff = word_diff_html(change.old, change.new) if change.kind == "changed" else html.escape(change.new)
            by_block[number] = {"kind": change.kind, "diff": diff}
    return Changes(True, by_block, removed)


# --- the page ----------------------------------------------------------------------------

def context(catalog: Catalog, translation: Statement, original_html: str, translation_html: str,
            gettext: Gettext) -> dict:
    """Template data of the side-by-side page of ``translation``, from the Markdown
    renderings of both texts (before citations are numbered)."""
    work = catalog.works[translation.slug]
    original = work.original
    config = catalog.config
    lang, text_lang = translation.lang, original.lang
    mine, sources = _blocks(citations.render(original_html, original.sources, gettext, lang, text_lang), keep_ids=True)
    theirs, _none = _blocks(citations.render(translation_html, original.sources, gettext, lang, text_lang),
                            keep_ids=False)
    outdated = translation.translation.revision != original.revision
    changes = changes_since(config.root, original, translation.translation.revision) if outdated else None
    rows = []
    for n in range(1, max([0, *mine, *theirs]) + 1):
        change = changes.by_block.get(n) if changes else None
        rows.append({"n": n, "original": mine.get(n, ""), "translation": theirs.get(n, ""),
                     "change": change})
    return {
        "slug": translation.slug,
        "title": translation.title,
        "original": {"lang": original.lang, "dir": config.language(original.lang).dir, "title": original.title,
                     "name": config.language(original.lang).name,
                     "url": pages.statement_url(config, original.lang, original.slug)},
        "translation": {"lang": translation.lang, "dir": config.language(translation.lang).dir,
                        "title": translation.title, "name": config.language(translation.lang).name,
                        "url": pages.statement_url(config, translation.lang, translation.slug),
                        "status": translation_status.status_of(work, translation.lang)},
        "rows": rows,
        "sources": sources,
        "outdated": outdated,
        "history_found": changes.found if changes else True,
        "removed": [html.escape(t) for t in changes.removed] if changes else [],
        "recorded_revision": translation.translation.revision,
        "current_revision": original.revision,
    }
