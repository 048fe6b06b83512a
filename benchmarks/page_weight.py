"""What a reader's browser downloads to open a statement page, and how fast it paints.

Builds the site (or takes a built one with --site), serves it the way a static host
does (gzip for text, on 127.0.0.1), opens the page in a fresh headless Chromium
(Playwright, Debian's /usr/bin/chromium) and lists every request it makes until the
page has loaded and gone quiet: bytes on disk and on the wire (gzip), per request.
With Lighthouse installed (`mkdir -p /tmp/lh && cd /tmp/lh && npm i -E lighthouse@12.2.3`;
--lighthouse PATH points at its binary), it also runs Lighthouse's mobile preset
(simulated slow 4G, 4x CPU slowdown) on the same page and prints its four category
scores, first contentful paint and largest contentful paint.

    .venv/bin/python benchmarks/page_weight.py                      # seed page, en and ar
    .venv/bin/python benchmarks/page_weight.py --site site --lang en,ar,he --runs 3

Exit status 1 when a page exceeds --budget-kb on the wire or requests a third-party host.
"""
from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.browser import ARGS, CHROMIUM, COMPRESSIBLE, GZIP_LEVEL  # noqa: E402

SEED = "statements/stop-the-genocide-in-gaza/"
LIGHTHOUSE = Path("/tmp/lh/node_modules/.bin/lighthouse")


@dataclass
class Request:
    url: str
    raw: int = 0   # bytes of the file
    wire: int = 0  # bytes sent (gzip where a host compresses)


@dataclass
class Load:
    url: str
    requests: list[Request] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)

    @property
    def wire(self) -> int:
        return sum(r.wire for r in self.requests)

    @property
    def raw(self) -> int:
        return sum(r.raw for r in self.requests)


class _Host(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Path):
        self.site = site.resolve()
        self.sent: dict[str, tuple[int, int]] = {}
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Host
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _file(self) -> Path | None:
        target = (self.server.site / unquote(urlsplit(self.path).path).lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if target != self.server.site and self.server.site not in target.parents:
            return None
        return target if target.is_file() else None

    def do_GET(self):
        target = self._file()
        status = 200
        if target is None:
            target, status = self.server.site / "404.html", 404
        raw = data = target.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", (mimetypes.guess_type(target.name)[0] or "application/octet-stream")
                         + ("; charset=utf-8" if target.suffix in COMPRESSIBLE else ""))
        if target.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(raw, GZIP_LEVEL, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(data)
        with self.server.lock:
            self.server.sent[urlsplit(self.path).path] = (len(raw), len(data))


@contextlib.contextmanager
def gzip_host(site: Path):
    """``site`` served on 127.0.0.1 with gzip as a static host would; yields (base URL, host)."""
    host = _Host(site)
    threading.Thread(target=host.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{host.server_port}/", host
    finally:
        host.shutdown()
        host.server_close()


def first_load(browser, base: str, host: _Host, path: str, viewport=(390, 844)) -> Load:
    """Every request a fresh browser context makes for ``path``, until the network is idle."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    with host.lock:
        host.sent.clear()
    page.goto(base + path, wait_until="networkidle")
    page.wait_for_timeout(300)  # anything started by a late script
    context.close()
    load = Load(base + path)
    for url in seen:
        if not url.startswith(base):
            if not url.startswith(("data:", "blob:")):
                load.third_party.append(url)
            continue
        raw, wire = host.sent.get(urlsplit(url).path, (0, 0))
        load.requests.append(Request(url[len(base) - 1:], raw, wire))
    return load


def measure(site: Path, paths: list[str]) -> list[Load]:
    from playwright.sync_api import sync_playwright

    with gzip_host(site) as (base, host), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            return [first_load(browser, base, host, path) for path in paths]
        finally:
            browser.close()


def lighthouse(binary: Path, url: str, runs: int) -> dict:
    """Median of ``runs`` Lighthouse mobile runs (its default preset and throttling)."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            out = Path(tmp) / f"lh{i}.json"
            command = [str(binary), url, "--quiet", "--output=json", f"--output-path={out}",
                       "--only-categories=performance,accessibility,best-practices,seo",
                       "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
            done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                                  env={**os.environ, "CHROME_PATH": CHROMIUM})
            if done.returncode != 0 or not out.exists():
                raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
            report = json.loads(out.read_text("utf-8"))
            audits = report["audits"]
            results.append({
                **{c: report["categories"][c]["score"] for c in report["categories"]},
                "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
                "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
                "tbt": audits["total-blocking-time"]["numericValue"],
                "cls": audits["cumulative-layout-shift"]["numericValue"],
                "failed": sorted(a for a, v in audits.items() if v.get("score") is not None and v["score"] < 1
                                 and v.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")),
            })
    median = {key: statistics.median(r[key] for r in results) for key in results[0] if key != "failed"}
    median["failed"] = sorted({a for r in results for a in r["failed"]})
    median["runs"] = runs
    return median


def kb(n: float) -> str:
    return f"{n / 1000:.1f} kB"


def build(target: Path) -> Path:
    exe = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run([str(exe), "build", "--strict", "-q", "-d", str(target)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stdout}\n{done.stderr}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the repository into a temp folder)")
    parser.add_argument("--page", default=SEED, help=f"page path under each language (default {SEED})")
    parser.add_argument("--lang", default="en,ar", help="languages, comma-separated (en = the site root)")
    parser.add_argument("--budget-kb", type=float, default=70.0, help="first-load budget on the wire, kB")
    parser.add_argument("--lighthouse", type=Path, default=LIGHTHOUSE, help="Lighthouse binary (npm)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build(Path(tmp) / "site")
        langs = [code.strip() for code in args.lang.split(",") if code.strip()]
        paths = [("" if lang == "en" else lang + "/") + args.page for lang in langs]
        loads = measure(site, paths)
        failed = False
        for lang, load in zip(langs, loads):
            print(f"\n{lang}: /{load.url.split('/', 3)[-1]} (fresh browser, 390x844, gzip where a host compresses)")
            print(f"  {'request':<58}{'raw':>10}{'gzip':>10}")
            for r in load.requests:
                print(f"  {r.url[:58]:<58}{kb(r.raw):>10}{kb(r.wire):>10}")
            print(f"  {'total: ' + str(len(load.requests)) + ' requests':<58}{kb(load.raw):>10}{kb(load.wire):>10}")
            print(f"  third-party requests: {len(load.third_party)}" + "".join(f"\n    {u}" for u in load.third_party))
            failed |= load.wire > args.budget_kb * 1000 or bool(load.third_party)
        binary = shutil.which(str(args.lighthouse)) or (str(args.lighthouse) if args.lighthouse.exists() else None)
        if args.no_lighthouse:
            pass
        elif not binary:
            print(f"\nLighthouse not found at {args.lighthouse} (npm i -E lighthouse@12.2.3): scores skipped")
        else:
            print(f"\nLighthouse 12 mobile (simulated slow 4G, 4x CPU), median of {args.runs}:")
            print(f"  {'page':<6}{'perf':>6}{'a11y':>6}{'b.p.':>6}{'seo':>6}{'FCP':>8}{'LCP':>8}{'TBT':>8}{'CLS':>7}")
            with gzip_host(site) as (base, _):
                for lang, path in zip(langs, paths):
                    r = lighthouse(Path(binary), base + path, args.runs)
                    print(f"  {lang:<6}{r['performance']:>6.2f}{r['accessibility']:>6.2f}{r['best-practices']:>6.2f}"
                          f"{r['seo']:>6.2f}{r['fcp']:>7.2f}s{r['lcp']:>7.2f}s{r['tbt']:>6.0f}ms{r['cls']:>7.3f}")
                    if r["failed"]:
                        print(f"        audits below 1: {', '.join(r['failed'])}")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
