"""Point a broken link of the built site back at the Markdown line it came from.

With ``use_directory_urls`` and mkdocs-static-i18n's folder layout,
``site/[<lang>/]<path>/index.html`` is built from ``docs/<lang>/<path>.md``
(or ``<path>/index.md``), or from the default language's file when the
translation is missing. Links the theme adds (navigation, footer) are not in
any Markdown file: they are reported on the HTML page, once per distinct
problem, since the same template fault repeats on every page.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

from statements_archive.checks.report import Problem
from statements_archive.checks.links.internal import SCHEME, Finding, normalize, page_url
from statements_archive.config import SiteConfig

MIN_SCORE = 2
_INLINE_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REFERENCE_TARGET = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")
SHOWN_OTHER_PAGES = 3


class SourceMap:
    def __init__(self, docs: Path | None, config: SiteConfig):
        self.docs = docs if docs is not None and docs.is_dir() else None
        self.default = config.default_language.code
        languages = set(config.codes)
        if self.docs is not None and len(languages) <= 1:
            # No i18n block in mkdocs.yml: the folders of docs/ are the languages.
            languages |= {p.name for p in self.docs.iterdir() if p.is_dir()}
        self.others = languages - {self.default}
        self._sources: dict[str, Path | None] = {}
        self._lines: dict[Path, list[str]] = {}

    def source(self, page: str) -> Path | None:
        """The Markdown file ``page`` (site-relative) was built from, if any."""
        if self.docs is None or not page.endswith(".html"):
            return None
        if page not in self._sources:
            self._sources[page] = self._find_source(page)
        return self._sources[page]

    def _find_source(self, page: str) -> Path | None:
        parts = page.split("/")
        lang = parts.pop(0) if len(parts) > 1 and parts[0] in self.others else self.default
        name = parts.pop()
        stem = "/".join(parts)
        if name != "index.html":  # 404.html and other non-directory pages
            candidates = [f"{stem}/{name[:-5]}.md" if stem else f"{name[:-5]}.md"]
        elif stem:
            candidates = [f"{stem}.md", f"{stem}/index.md", f"{stem}/README.md"]
        else:
            candidates = ["index.md", "README.md"]
        for language in dict.fromkeys((lang, self.default)):
            for candidate in candidates:
                path = self.docs / language / candidate
                if path.is_file():
                    return path
        return None

    def page_language(self, page: str) -> str:
        first = page.partition("/")[0]
        return first if "/" in page and first in self.others else self.default

    def link_to_site(self, source: Path, page: str, target: str) -> tuple[str, str] | None:
        """Where a relative Markdown link of ``source`` lands when built as ``page``."""
        if SCHEME.match(target) or target.startswith("/"):
            return None
        path, _, fragment = target.partition("#")
        path = unquote(path.partition("?")[0])
        here = source.relative_to(self.docs).as_posix()  # "en/statements/alpha.md"
        docs_path = normalize(here.rpartition("/")[0] + "/" + path) if path else here
        if not docs_path or "/" not in docs_path:
            return None
        lang, _, rest = docs_path.partition("/")
        if lang == here.partition("/")[0]:
            lang = self.page_language(page)  # a fallback page links within its own language
        prefix = "" if lang == self.default else lang + "/"
        if rest.endswith(".md"):
            stem, _, name = rest[:-3].rpartition("/")
            stem = stem + "/" if stem else ""
            rest = stem if name in ("index", "README") else f"{stem}{name}/"
        return canonical(prefix + rest), fragment

    def lines(self, path: Path) -> list[str]:
        if path not in self._lines:
            try:
                self._lines[path] = path.read_text(encoding="utf-8", errors="replace").split("\n")
            except OSError:
                self._lines[path] = []
        return self._lines[path]


def canonical(path: str) -> str:
    """One spelling per page: ``a/b/index.html``, ``a/b`` and ``a/b/`` are all ``a/b/``."""
    if path.endswith("index.html"):
        path = path[: -len("index.html")]
    last = path.rpartition("/")[2]
    return path + "/" if last and "." not in last else path


def _markdown_targets(line: str) -> list[str]:
    return _INLINE_TARGET.findall(line) + _REFERENCE_TARGET.findall(line)


def find_line(lines: list[str], finding: Finding, link_to_site) -> int | None:
    """1-based line of the Markdown that most likely holds the link.

    The best evidence is a Markdown link on the line that MkDocs turns into
    the same page and anchor (``beta.md#x`` -> ``statements/beta/#x``); then
    the link's literal URL; then its text (``[text]`` or alt text).
    """
    wanted = None
    if finding.target or finding.path is not None:
        wanted = (canonical(finding.target or finding.path), finding.fragment if finding.target else None)
    text = finding.text.strip()
    needles = [(finding.url, 4)]
    if len(text) >= 2:
        needles += [(f"[{text}]", 2), (text, 2 if len(text) >= 8 else 1)]
    best, best_score = None, MIN_SCORE - 1
    for number, line in enumerate(lines, 1):
        score = sum(weight for needle, weight in needles if needle in line)
        if wanted is not None and ("](" in line or "]:" in line):
            for target in _markdown_targets(line):
                site = link_to_site(target)
                if site is not None and site[0] == wanted[0] and wanted[1] in (None, site[1]):
                    score += 5
                    break
        if score > best_score:
            best, best_score = number, score
    return best


def _line_in_file(path: Path, url: str, cache: dict[Path, str]) -> int:
    """Line of ``url`` in a built HTML/XML file (0 if it cannot be found)."""
    if path not in cache:
        try:
            cache[path] = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            cache[path] = ""
    text = cache[path]
    for needle in (f'"{url}"', f"'{url}'", f'"{html.escape(url)}"', f">{html.escape(url, quote=False)}<", url):
        at = text.find(needle)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return 0


def _also_on(group: list[Finding], prefix: str) -> str:
    others = list(dict.fromkeys(f.page for f in group if f.page != group[0].page))
    if not others:
        return ""
    shown = ", ".join(page_url(p, prefix) for p in others[:SHOWN_OTHER_PAGES])
    more = ", ..." if len(others) > SHOWN_OTHER_PAGES else ""
    return f"; also on {len(others)} other page(s): {shown}{more}"


def to_problems(broken: list[Finding], site: Path, docs: Path | None, config: SiteConfig,
                prefix: str = "/") -> list[Problem]:
    """Problems for the broken links, on the Markdown line where it can be found.

    One Markdown line can break several pages (a translation falling back to
    the default language's file): that is one problem, naming every page.
    """
    sources = SourceMap(docs, config)
    placed: dict[tuple[str, int, str, str], list[Finding]] = defaultdict(list)
    unplaced: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    # Default-language pages first: they name the page a reader most likely knows.
    for finding in sorted(broken, key=lambda f: (sources.page_language(f.page) != sources.default, f.page)):
        source = sources.source(finding.page) if finding.in_content else None
        line = None
        if source is not None:
            line = find_line(sources.lines(source), finding,
                             lambda target: sources.link_to_site(source, finding.page, target))
        if source and line:
            placed[(str(source), line, finding.kind, finding.url)].append(finding)
        else:
            unplaced[(finding.kind, finding.reason)].append(finding)
    problems = set()
    for (source, line, kind, _), group in placed.items():
        first = group[0]
        message = f"{first.message} (on page {page_url(first.page, prefix)}{_also_on(group, prefix)})"
        problems.add(Problem(source, line, kind, message))
    html_text: dict[Path, str] = {}
    for group in unplaced.values():
        first = group[0]
        message = first.message
        source = sources.source(first.page)
        if source is not None and first.in_content:
            message += f" (not found in {source})"
        path = site / first.page
        problems.add(Problem(str(path), _line_in_file(path, first.url, html_text), first.kind,
                             message + _also_on(group, prefix)))
    return sorted(problems)
