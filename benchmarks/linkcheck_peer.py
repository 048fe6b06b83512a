"""Time `archive check links --offline` against LinkChecker on the same built site.

    .venv/bin/python benchmarks/linkcheck_peer.py SITE_DIR [--generate N] [--site-url URL]

With --generate N, SITE_DIR is first filled with a synthetic Material-like
site of N pages over six languages (nav, table of contents, cross-language
links, srcset images, a feed and a sitemap, and a few planted broken links
and anchors), so the two tools can be compared at scale without a real build.

Fairness: both check internal links only, anchors included (LinkChecker's
AnchorCheck plugin), with no network beyond 127.0.0.1. LinkChecker needs HTTP
to resolve directory URLs to index.html, so the site is served by Python's
threading http.server; ours reads the files. Wall time includes start-up for
both.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
LANGS = ["", "fr/", "es/", "de/", "ar/", "he/"]
ICON = '<svg viewBox="0 0 24 24"><path d="M12 2 2 7l10 5 10-5-10-5Zm0 7.7L4.3 6 12 2.3 19.7 6 12 9.7Z"/></svg>'


def _page(lang: str, i: int, n_per_lang: int, broken: bool) -> str:
    up = "../../" + "../" * (lang != "")
    nav = "".join(
        f'<li class="md-nav__item"><a class="md-nav__link" href="{up}{lang}statements/s{j}/">'
        f'Statement {j}</a></li>'
        for j in range(max(0, i - 20), min(n_per_lang, i + 20)))
    toc = "".join(f'<li><a href="#section-{k}">Section {k}</a></li>' for k in range(8))
    body = "".join(
        f'<h2 id="section-{k}">Section {k}<a class="headerlink" href="#section-{k}">¶</a></h2>'
        f'<p>{"Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 6}</p>'
        for k in range(8))
    nxt, prev = (i + 1) % n_per_lang, (i - 1) % n_per_lang
    links = (
        f'<p><a href="../s{nxt}/#section-3">next</a> <a href="../s{prev}/">previous</a> '
        f'<a href="{up}{LANGS[(LANGS.index(lang) + 1) % len(LANGS)]}statements/s{i}/">next language</a> '
        f'<a href="https://elsewhere.example/{i}">external</a></p>'
        f'<p><img alt="Portrait {i}" src="{up}assets/img/p{i % 50}.png" '
        f'srcset="{up}assets/img/p{i % 50}.png 1x, {up}assets/img/p{(i + 1) % 50}.png 2x"></p>')
    if broken:
        links += (f'<p><a href="../s{i}-missing/">missing page</a> '
                  f'<a href="../s{nxt}/#no-such-section">missing anchor</a></p>')
    return f"""<!doctype html><html lang="{lang[:-1] or 'en'}"><head><meta charset="utf-8">
<title>Statement {i}</title>
<link rel="stylesheet" href="{up}assets/stylesheets/main.css">
<link rel="alternate" type="application/atom+xml" href="{up}feeds/en.xml">
<script src="{up}assets/javascripts/bundle.js"></script></head>
<body><header class="md-header"><a href="{up}{lang}" class="md-logo">{ICON}</a>
<a href="{up}search/">{ICON}</a></header>
<nav class="md-nav md-nav--primary"><ul>{nav}</ul></nav>
<nav class="md-nav md-nav--secondary"><ul>{toc}</ul></nav>
<div class="md-content"><article class="md-content__inner md-typeset">
<h1 id="statement-{i}">Statement {i}</h1>{body}{links}</article></div>
<footer><a href="{up}{lang}about/">About</a>{ICON * 4}</footer></body></html>
"""


def generate(site: Path, pages: int, site_url: str) -> None:
    if site.exists():
        shutil.rmtree(site)
    per_lang = max(1, pages // len(LANGS))
    for name in ("assets/stylesheets/main.css", "assets/javascripts/bundle.js", "search/index.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("/* */")
    (site / "assets/img").mkdir(parents=True, exist_ok=True)
    for k in range(50):
        (site / f"assets/img/p{k}.png").write_bytes(b"png")
    locs = []
    for lang in LANGS:
        for name in ("index.html", "about/index.html"):
            path = site / lang / name
            path.parent.mkdir(parents=True, exist_ok=True)
            up = "" if name == "index.html" else "../"
            others = "".join(f'<a href="{up}{"../" if lang else ""}{other}">{other}</a>' for other in LANGS)
            path.write_text(f'<html><body><a href="{up}statements/s0/">first</a>{others}'
                            f'<a href="#x" id="x">x</a></body></html>')
        for i in range(per_lang):
            path = site / f"{lang}statements/s{i}/index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_page(lang, i, per_lang, broken=i % 100 == 7), encoding="utf-8")
            locs.append(f"<url><loc>{site_url}{lang}statements/s{i}/</loc></url>")
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(locs) + "</urlset>")
    (site / "feeds").mkdir(exist_ok=True)
    (site / "feeds/en.xml").write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        + "".join(f'<entry><link href="{site_url}statements/s{i}/"/></entry>' for i in range(min(per_lang, 50)))
        + "</feed>")


# A threading static server that tells LinkChecker it may exceed 10 requests/s.
SERVER = '''
import functools, sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
class Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def end_headers(self):
        self.send_header("LinkChecker", "allowed")
        super().end_headers()
    def log_message(self, *args):
        pass
handler = functools.partial(Handler, directory=sys.argv[2])
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler).serve_forever()
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_ours(site: Path, site_url: str) -> dict:
    start = time.perf_counter()
    proc = subprocess.run(
        [PYTHON, "-c", "from statements_archive.cli import main; main()", "check", "links", "--offline",
         "--site", str(site), "--docs", str(site / "no-docs"), "--site-url", site_url, "--format", "json"],
        cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"archive check links failed:\n{proc.stderr}")
    match = re.search(r"(\d+) pages, (\d+) links", proc.stderr)
    problems = json.loads(proc.stdout)
    return {"wall": wall, "pages": int(match[1]), "links": int(match[2]),
            "broken links": sum(p["field"] == "link" for p in problems),
            "broken anchors": sum(p["field"] == "anchor" for p in problems)}


def run_linkchecker(site: Path, threads: int) -> dict:
    port = _free_port()
    server = subprocess.Popen([PYTHON, "-c", SERVER, str(port), str(site)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):  # wait for the server to listen
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "linkcheckerrc"
            # LinkChecker throttles to ~3 requests/s per host unless the server
            # answers with a "LinkChecker" header; ours does, so it may go flat out.
            config.write_text("[checking]\nmaxrequestspersecond=1000\n\n[AnchorCheck]\n")
            os.chmod(tmp, 0o755)  # LinkChecker drops root privileges to nobody
            start = time.perf_counter()
            proc = subprocess.run(
                [str(Path(PYTHON).parent / "linkchecker"), "-f", str(config), "--no-robots", "--no-status",
                 "-t", str(threads), "-o", "csv", "-v", f"http://127.0.0.1:{port}/",
                 f"http://127.0.0.1:{port}/sitemap.xml", f"http://127.0.0.1:{port}/feeds/en.xml"],
                capture_output=True, text=True)
            wall = time.perf_counter() - start
    finally:
        server.terminate()
        server.wait()
    # -v logs one CSV row per URL checked, valid or not.
    lines = [line for line in proc.stdout.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    fetched = {row["url"].partition("#")[0] for row in rows if row["valid"] == "True"}
    local = f"http://127.0.0.1:{port}/"
    pages = {url for url in fetched if url.startswith(local) and url.endswith(("/", ".html", ".xml"))}
    return {"wall": wall, "pages": len(pages), "urls": len(rows),
            "broken links": sum(row["valid"] == "False" for row in rows),
            "broken anchors": sum("Anchor" in (row["warningstring"] or "") for row in rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--generate", type=int, metavar="N", help="first write a synthetic site of N pages")
    parser.add_argument("--site-url", default="https://example.org/", help="site_url the generated links use")
    parser.add_argument("--threads", type=int, default=10, help="LinkChecker threads (its default is 10)")
    parser.add_argument("--skip-linkchecker", action="store_true")
    args = parser.parse_args()
    if args.generate:
        generate(args.site, args.generate, args.site_url)
    if not args.site.is_dir():
        sys.exit(f"{args.site} is not a directory (use --generate N to make one)")
    html_pages = sum(1 for _ in args.site.rglob("*.html"))
    print(f"site: {args.site} ({html_pages} HTML pages)")
    ours = run_ours(args.site, args.site_url)
    print(f"{'':16}{'archive check links':>22}{'linkchecker':>16}")
    theirs = {} if args.skip_linkchecker else run_linkchecker(args.site, args.threads)
    for key, label in (("wall", "wall time (s)"), ("pages", "pages parsed"), ("links", "links checked"),
                       ("urls", "unique URLs checked"), ("broken links", "broken links"),
                       ("broken anchors", "broken anchors")):
        a, b = ours.get(key, "-"), theirs.get(key, "-")
        fmt = (lambda v: f"{v:.2f}" if isinstance(v, float) else str(v))
        print(f"{label:16}{fmt(a):>22}{fmt(b):>16}")


if __name__ == "__main__":
    main()
