"""What a reader downloads for a first search, Pagefind next to Material's search.

For a generated corpus of N statements in L languages (scripts.bench.corpus),
this builds the site twice:

* as the project builds it: Pagefind, one index per language (scripts.search);
* with the same content and Material's `search` plugin enabled, to weigh the
  single search_index.json that plugin writes.

It then serves the Pagefind site the way a static host does (gzip for text
files; Pagefind's index files are compressed already), opens a page of one
language in a fresh headless Chromium (Playwright, Debian's /usr/bin/chromium),
opens search with the keyboard, types a query key by key, waits for the
results, and adds up every byte the server sent from the moment search opened.

    .venv/bin/python benchmarks/search_size.py --statements 1000 --languages en,fr,es,de,ar,he --lang fr

Prints a small table; exit status 1 when the first query exceeds --budget-kb.
"""
from __future__ import annotations

import argparse
import functools
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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import search  # noqa: E402
from scripts.bench import corpus  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SUBPATH = "archive"
# Text a static host compresses on the fly (nginx `gzip on`, GitHub Pages, Netlify...).
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt")
GZIP_LEVEL = 6
KEY_DELAY_MS = 120  # a quick typist; Pagefind preloads index chunks at each key


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


def first_query(site: Path, lang_prefix: str, query: str) -> tuple[list[Sent], list[Sent], int]:
    """(bytes sent for the page, bytes sent once search opened, result count) in a fresh browser."""
    from playwright.sync_api import sync_playwright

    host = StaticHost(site)
    threading.Thread(target=host.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.goto(host.base + lang_prefix, wait_until="networkidle")
            opened = len(host.sent)
            page.keyboard.press("/")
            page.wait_for_selector(".pagefind-ui__search-input", timeout=60_000)
            page.keyboard.type(query, delay=KEY_DELAY_MS)
            page.wait_for_selector(".pagefind-ui__result-link, .pagefind-ui__message", timeout=60_000)
            page.wait_for_function("!document.querySelector('.pagefind-ui__loading')", timeout=60_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            results = page.locator(".pagefind-ui__result").count()
            browser.close()
        with host.lock:
            return host.sent[:opened], host.sent[opened:], results
    finally:
        host.shutdown()
        host.server_close()


# --- reporting ----------------------------------------------------------------------

CATEGORIES = [
    ("Pagefind UI (js, css)", r"/pagefind/pagefind-ui\."),
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


def sizes(paths: list[Path]) -> tuple[int, int]:
    raw = sum(p.stat().st_size for p in paths)
    packed = sum(len(gzip.compress(p.read_bytes(), GZIP_LEVEL)) for p in paths)
    return raw, packed


def bundle_bytes(site: Path, lang: str) -> int:
    """Pagefind files of one language (index, fragments, filters, meta, wasm)."""
    bundle = site / search.BUNDLE
    files = [p for p in bundle.rglob("*") if p.is_file() and (p.name.startswith(f"{lang}_")
                                                                or p.name.startswith(f"pagefind.{lang}_")
                                                                or p.name == f"wasm.{lang}.pagefind")]
    return sum(p.stat().st_size for p in files)


def default_query(lang: str, seed: int) -> str:
    """Two common words of the corpus language (ranks 10 and 60 of its made-up vocabulary)."""
    words = corpus.Vocabulary(lang, seed).words
    return f"{words[10]} {words[60]}"


def report(args, timings: dict, page: list[Sent], opened: list[Sent], results: int, site: Path,
           material: Path | None, query: str) -> int:
    total = sum(s.body for s in opened)
    print(f"\nCorpus: {args.statements} statements x {len(args.languages)} languages "
          f"({', '.join(args.languages)}), seed {args.seed}")
    print(f"Query typed on /{args.lang}/ pages: {query!r} -> {results} results shown")
    for name, seconds in timings.items():
        print(f"  {name:<44}{seconds:>10.1f} s")
    print("\nFirst query, every request after opening search (gzip where a host compresses):")
    print(f"  {'what':<28}{'requests':>9}{'on the wire':>14}{'uncompressed':>14}")
    for name in [c for c, _ in CATEGORIES] + ["other"]:
        rows = [s for s in opened if category(s.path) == name]
        if rows:
            print(f"  {name:<28}{len(rows):>9}{kb(sum(s.body for s in rows)):>14}{kb(sum(s.raw for s in rows)):>14}")
    print(f"  {'TOTAL':<28}{len(opened):>9}{kb(total):>14}{kb(sum(s.raw for s in opened)):>14}")
    foreign = [s.path for s in opened if re.search(r"/(index|fragment|filter)/", s.path)
               and not s.path.rsplit("/", 1)[-1].startswith(f"{args.lang}_")]
    print(f"  index files of other languages fetched: {len(foreign)}")
    ours = [s for s in page if "/assets/archive/search." in s.path]
    print(f"\nOn every page (search never opened): search.js + search.css = {kb(sum(s.body for s in ours))} "
          f"on the wire; nothing from pagefind/: {not any('/pagefind/' in s.path for s in page)}")
    print("\nIndex on disk:")
    print(f"  Pagefind bundle, {args.lang} only{'':<22}{kb(bundle_bytes(site, args.lang)):>14}")
    all_files = [p for p in (site / search.BUNDLE).rglob("*") if p.is_file()]
    print(f"  Pagefind bundle, all languages + UI{'':<12}{kb(sum(p.stat().st_size for p in all_files)):>14}")
    if material is not None:
        indexes = sorted(material.rglob("search_index.json"))
        for path in indexes:
            raw, packed = sizes([path])
            print(f"  Material {str(path.relative_to(material)):<38}{kb(raw):>14} (gzip {kb(packed)})")
        if not indexes:
            print("  Material search_index.json: none written")
    verdict = "within" if total <= args.budget_kb * 1000 else "OVER"
    print(f"\nFirst query: {kb(total)} on the wire, {verdict} the {args.budget_kb} kB budget.")
    return 0 if verdict == "within" else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--languages", default="en,fr,es,de,ar,he",
                        type=lambda text: [code.strip() for code in text.split(",") if code.strip()])
    parser.add_argument("--lang", default="fr", help="language of the page the reader searches from")
    parser.add_argument("--query", help="what the reader types (default: two common words of the corpus)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget-kb", type=int, default=300)
    parser.add_argument("--no-material", action="store_true", help="skip the build with Material's search plugin")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: measure the sites already built there instead of building again")
    args = parser.parse_args(argv)
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep FOLDER")
    if args.lang not in args.languages:
        parser.error(f"--lang {args.lang} is not among --languages {','.join(args.languages)}")
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
        search.index(site)
        timings["Pagefind indexing alone (re-run)"] = time.perf_counter() - started
        if args.no_material:
            material = None
        elif not (args.reuse and material.is_dir()):
            shutil.rmtree(work / "project-material", ignore_errors=True)
            timings["build with Material's search plugin"] = mkdocs(
                with_material_search(project, work / "project-material"), material)
        prefix = "" if args.lang == args.languages[0] else f"{args.lang}/"
        query = args.query or default_query(args.lang, args.seed)
        page, opened, results = first_query(site, prefix, query)
        return report(args, timings, page, opened, results, site, material, query)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
