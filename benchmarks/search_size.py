"""What a reader downloads for a first search, Pagefind next to Material's search.

For a generated corpus of N statements in L languages (benchmarks.corpus),
this builds the site twice:

* as the project builds it: Pagefind, one index per language (statements_archive.site.search);
* with the same content and Material's `search` plugin enabled, to weigh the
  single search_index.json that plugin writes.

It then serves the Pagefind site the way a static host does (gzip for text
files; Pagefind's index files are compressed already), opens a page of one
language in a fresh headless Chromium (Playwright, Debian's /usr/bin/chromium),
opens search with the keyboard, types a query key by key, waits for the
results, and adds up every byte the server sent from the moment search opened.

    .venv/bin/python benchmarks/search_size.py --statements 1000 --languages en,fr,es,de,ar,he --lang en,fr,ar

Prints a small table; exit status 1 when a first query (the language's most
common word included) exceeds --budget-kb. --compare SITE measures the same
queries on another build of the corpus (an earlier commit's) side by side.
"""
from __future__ import annotations

import argparse
import gzip
import http.server
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from statements_archive.site import search  # noqa: E402
from statements_archive.cli.common import comma_list  # noqa: E402
from benchmarks import corpus  # noqa: E402
from benchmarks.browser import ARGS, CHROMIUM, COMPRESSIBLE, GZIP_LEVEL  # noqa: E402

SUBPATH = "archive"
KEY_DELAY_MS = 120  # a quick typist: faster than the UI's 300 ms pause before it searches


# --- building -----------------------------------------------------------------------

def mkdocs(project: Path, site: Path) -> float:
    """Build with `mkdocs build --strict`; seconds taken."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    exe = Path(sys.executable).with_name("mkdocs")
    started = time.perf_counter()
    result = subprocess.run([str(exe), "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                            cwd=project, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"build of {project} failed:\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - started


def with_material_search(project: Path, target: Path) -> Path:
    """A copy of the project whose mkdocs.yml also enables Material's search plugin."""
    shutil.copytree(project, target, ignore=shutil.ignore_patterns("site"))
    config = target / "mkdocs.yml"
    text, count = re.subn(r"^plugins:\n", "plugins:\n  - search\n", config.read_text("utf-8"), count=1, flags=re.M)
    if not count:
        sys.exit(f"{config} has no top-level plugins list to add Material's search to")
    config.write_text(text, "utf-8")
    return target


# --- serving and measuring ----------------------------------------------------------

@dataclass
class Sent:
    path: str
    raw: int  # file size
    body: int  # bytes on the wire (after gzip where the host would compress)


class StaticHost(http.server.ThreadingHTTPServer):
    """Serves `site` under /archive/, gzipping text like a static host, and logs bytes sent."""

    def __init__(self, site: Path):
        self.site = site
        self.sent: list[Sent] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/{SUBPATH}/"


class Handler(http.server.BaseHTTPRequestHandler):
    server: StaticHost

    def log_message(self, *args):
        pass

    def _file(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        prefix = f"/{SUBPATH}/"
        if not path.startswith(prefix):
            return None
        target = (self.server.site / path[len(prefix):]).resolve()
        if target.is_dir():
            target = target / "index.html"
        if self.server.site.resolve() not in target.parents or not target.is_file():
            return None
        return target

    def do_GET(self):
        target = self._file()
        if target is None:
            self.send_error(404)
            return
        data = raw = target.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream")
        if target.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(raw, GZIP_LEVEL)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)
        with self.server.lock:
            self.server.sent.append(Sent(urlsplit(self.path).path, len(raw), len(data)))


@dataclass
class Visit:
    label: str
    query: str
    page: list[Sent]  # the page, before search is opened
    search: list[Sent]  # every request once the reader opened search
    results: int

    @property
    def total(self) -> int:
        return sum(sent.body for sent in self.search)


# What to wait for in the search interface a site ships: the archive's own (search-ui.js) or,
# in a site built before it, Pagefind's UI. (field, done): done is true once the results
# the reader sees are shown; the archive's fragments load as results scroll into view,
# so the network going quiet after that is what they cost.
INTERFACES = {
    "archive": (".archive-search__input",
                "() => { const s = document.querySelector('.archive-search__status');"
                " return s && s.textContent && s.textContent !== document.querySelector("
                "'[data-archive-search]').dataset.labelLoading; }",
                ".archive-search__result"),
    "pagefind-ui": (".pagefind-ui__search-input",
                    "() => document.querySelector('ol.pagefind-ui__results')"
                    " && !document.querySelector('.pagefind-ui__loading')",
                    ".pagefind-ui__result"),
}


def interface(site: Path) -> str:
    return "archive" if (site / "assets" / "archive" / "search-ui.js").is_file() else "pagefind-ui"


def first_queries(site: Path, lang_prefix: str, queries: list[tuple[str, str]],
                  viewport: tuple[int, int] = (1280, 900)) -> list[Visit]:
    """One fresh browser context (empty cache) per query: open a page, search, wait for the results."""
    from playwright.sync_api import sync_playwright

    field, done, result = INTERFACES[interface(site)]
    host = StaticHost(site)
    threading.Thread(target=host.serve_forever, daemon=True).start()
    visits = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for label, query in queries:
                context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
                page = context.new_page()
                with host.lock:
                    host.sent.clear()
                page.goto(host.base + lang_prefix, wait_until="networkidle")
                opened = len(host.sent)
                page.keyboard.press("/")
                page.wait_for_selector(field, timeout=60_000)
                page.keyboard.type(query, delay=KEY_DELAY_MS)
                page.wait_for_function(done, timeout=120_000)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(500)
                results = page.locator(result).count()
                context.close()
                with host.lock:
                    visits.append(Visit(label, query, host.sent[:opened], host.sent[opened:], results))
            browser.close()
    finally:
        host.shutdown()
        host.server_close()
    return visits


# --- reporting ----------------------------------------------------------------------

CATEGORIES = [
    ("search interface (js, css)", r"/pagefind/pagefind-ui\.|/assets/archive/search-ui\.js$"),
    ("Pagefind API + worker", r"/pagefind/pagefind(-worker)?\.js$"),
    ("WebAssembly", r"\.pagefind$"),
    ("entry + language meta", r"(pagefind-entry\.json|\.pf_meta)$"),
    ("filters", r"\.pf_filter$"),
    ("index chunks", r"\.pf_index$"),
    ("fragments (results)", r"\.pf_fragment$"),
]


def category(path: str) -> str:
    return next((name for name, pattern in CATEGORIES if re.search(pattern, path)), "other")


def kb(n: float) -> str:
    return f"{n / 1000:,.1f} kB"


def sizes(path: Path) -> tuple[int, int]:
    """(bytes on disk, bytes gzipped as a host would send them)."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, GZIP_LEVEL))


def bundle_bytes(site: Path, lang: str) -> int:
    """Pagefind files of one language (index, fragments, filters, meta, wasm)."""
    bundle = site / search.BUNDLE
    files = [p for p in bundle.rglob("*") if p.is_file() and (p.name.startswith(f"{lang}_")
                                                                or p.name.startswith(f"pagefind.{lang}_")
                                                                or p.name == f"wasm.{lang}.pagefind")]
    return sum(p.stat().st_size for p in files)


# Queries by the rank of their words in the corpus' Zipf vocabulary (3,000 made-up
# words a language): rank 10 is as frequent as a function word ("the", "de"),
# ranks 300-1,500 are like the content words readers search for.
QUERIES = [
    ("rare word", (1500,)),
    ("content word", (300,)),
    ("two content words", (300, 1000)),
    ("very common word (worst case)", (10,)),
]
WORST_CASE = QUERIES[-1][0]


def default_queries(lang: str, seed: int) -> list[tuple[str, str]]:
    words = corpus.Vocabulary(lang, seed).words
    return [(label, " ".join(words[rank] for rank in ranks)) for label, ranks in QUERIES]


def breakdown(visit: Visit) -> None:
    print(f"\nFirst query {visit.query!r} ({visit.label}), every request after opening search:")
    print(f"  {'what':<28}{'requests':>9}{'on the wire':>14}{'uncompressed':>14}")
    for name in [c for c, _ in CATEGORIES] + ["other"]:
        rows = [s for s in visit.search if category(s.path) == name]
        if rows:
            print(f"  {name:<28}{len(rows):>9}{kb(sum(s.body for s in rows)):>14}{kb(sum(s.raw for s in rows)):>14}")
    print(f"  {'TOTAL':<28}{len(visit.search):>9}{kb(visit.total):>14}{kb(sum(s.raw for s in visit.search)):>14}")


def accented_share(project: Path, lang: str, sample: int = 20) -> float | None:
    """Share of the corpus' words in `lang` that carry a diacritic (é, ü, ñ...)."""
    files = sorted((project / "docs" / lang / "statements").glob("*.md"))[:sample]
    words = re.findall(r"\w+", " ".join(f.read_text("utf-8") for f in files))
    if not words:
        return None
    accented = [w for w in words if any(unicodedata.decomposition(c) for c in w if c.isalpha())]
    return len(accented) / len(words)


def report(args, timings: dict, visits: dict[str, list[Visit]], site: Path, material: Path | None,
           project: Path, before: dict[str, list[Visit]] | None = None) -> int:
    budget = args.budget_kb * 1000
    print(f"\nCorpus: {args.statements} statements x {len(args.languages)} languages "
          f"({', '.join(args.languages)}), seed {args.seed}")
    for name, seconds in timings.items():
        print(f"  {name:<44}{seconds:>10.1f} s")
    print(f"\nFirst query (fresh browser, {args.viewport[0]}x{args.viewport[1]} window, typed key by key, gzip where "
          f"a static host compresses), budget {args.budget_kb} kB:")
    print(f"  {'lang':<6}{'query':<32}{'typed':<24}{'results':>8}{'chunks':>8}{'index':>12}{'total':>12}  verdict")
    for lang, runs in visits.items():
        for visit in runs:
            chunks = [s for s in visit.search if s.path.endswith(".pf_index")]
            verdict = "ok" if visit.total <= budget else "OVER"
            print(f"  {lang:<6}{visit.label:<32}{visit.query:<24}{visit.results:>8}{len(chunks):>8}"
                  f"{kb(sum(s.body for s in chunks)):>12}{kb(visit.total):>12}  {verdict}")
    shares = {lang: accented_share(project, lang) for lang in visits}
    print("  words with a diacritic in the corpus (an accented form is its own index entry): "
          + ", ".join(f"{lang} {share:.0%}" for lang, share in shares.items() if share is not None))
    runs = next(iter(visits.values()))  # the first page language's
    breakdown(next((v for v in runs if v.label == "content word"), runs[0]))
    foreign = [s.path for lang, runs in visits.items() for v in runs for s in v.search
               if re.search(r"/(index|fragment|filter)/", s.path)
               and not s.path.rsplit("/", 1)[-1].startswith(f"{lang}_")]
    print(f"  index files of another language fetched (all queries): {len(foreign)}")
    page = runs[0].page
    ours = [s for s in page if "/assets/archive/search." in s.path]
    print(f"\nOn every page (search never opened): search.js + search.css = {kb(sum(s.body for s in ours))} "
          f"on the wire; requests to pagefind/: {sum('/pagefind/' in s.path for s in page)}")
    print("\nIndex on disk:")
    for lang in visits:
        print(f"  {'Pagefind bundle, ' + lang + ' only':<48}{kb(bundle_bytes(site, lang)):>14}")
    all_files = [p for p in (site / search.BUNDLE).rglob("*") if p.is_file()]
    print(f"  {'Pagefind bundle, all languages + UI':<48}{kb(sum(p.stat().st_size for p in all_files)):>14}")
    if material is not None:
        indexes = sorted(material.rglob("search_index.json"))
        for path in indexes:
            raw, packed = sizes(path)
            print(f"  {'Material ' + str(path.relative_to(material)):<48}{kb(raw):>14}  (gzip {kb(packed)}, "
                  "downloaded whole by every reader who searches)")
        if not indexes:
            print("  Material search_index.json: none written")
    if before:
        compare(args.compare, before, site, visits)
    # The budget holds for every query, the language's most common word included.
    return 0 if all(v.total <= budget for runs in visits.values() for v in runs) else 1


def compare(other: Path, before: dict[str, list[Visit]], site: Path, after: dict[str, list[Visit]]) -> None:
    print(f"\nSide by side, the same queries on {other} ({interface(other)} interface) and on {site} "
          f"({interface(site)} interface):")
    print(f"  {'lang':<6}{'query':<32}{'before':>12}{'now':>12}{'change':>10}")
    for lang, runs in after.items():
        for then, now in zip(before.get(lang, []), runs):
            print(f"  {lang:<6}{now.label:<32}{kb(then.total):>12}{kb(now.total):>12}"
                  f"{(now.total - then.total) / then.total:>+10.0%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--languages", default="en,fr,es,de,ar,he",
                        type=comma_list)
    parser.add_argument("--lang", default="en,fr,ar", type=comma_list,
                        help="languages of the pages the reader searches from (comma-separated)")
    parser.add_argument("--query", action="append",
                        help="what the reader types (repeatable; default: words of the corpus by frequency)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget-kb", type=int, default=300)
    parser.add_argument("--no-material", action="store_true", help="skip the build with Material's search plugin")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--viewport", default="1280x900", type=lambda text: tuple(int(n) for n in text.split("x")),
                        help="the reader's window, WIDTHxHEIGHT (a phone: 390x844); results load as they come into view")
    parser.add_argument("--compare", type=Path, metavar="SITE",
                        help="also measure the same queries on SITE, a site built from the same corpus "
                             "by another commit, and print both side by side")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: measure the sites already built there (Pagefind alone is re-run, to time it)")
    args = parser.parse_args(argv)
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep FOLDER")
    if not set(args.lang) <= set(args.languages):
        parser.error(f"--lang {','.join(args.lang)} is not among --languages {','.join(args.languages)}")
    if not Path(CHROMIUM).exists():
        parser.error(f"Debian's chromium is needed at {CHROMIUM}")

    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        timings = {}
        project, site, material = work / "project", work / "site", work / "site-material"
        if not (args.reuse and (site / search.BUNDLE).is_dir()):
            started = time.perf_counter()
            corpus.generate(project, args.statements, args.languages, args.seed)
            timings["generate corpus"] = time.perf_counter() - started
            timings["build (mkdocs --strict, with Pagefind)"] = mkdocs(project, site)
        started = time.perf_counter()
        search.assemble(site, [(code, "" if i == 0 else f"{code}/") for i, code in enumerate(args.languages)])
        timings["Pagefind indexing alone (re-run, all cores)"] = time.perf_counter() - started
        if args.no_material:
            material = None
        elif not (args.reuse and material.is_dir()):
            shutil.rmtree(work / "project-material", ignore_errors=True)
            timings["build with Material's search plugin"] = mkdocs(
                with_material_search(project, work / "project-material"), material)
        visits, before = {}, {}
        for lang in args.lang:
            prefix = "" if lang == args.languages[0] else f"{lang}/"
            queries = [("given", q) for q in args.query] if args.query else default_queries(lang, args.seed)
            visits[lang] = first_queries(site, prefix, queries, args.viewport)
            if args.compare:
                before[lang] = first_queries(args.compare, prefix, queries, args.viewport)
        return report(args, timings, visits, site, material, project, before)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
