"""What the browser benchmarks share: Debian's chromium as the tests start it,
and what a static host compresses on the fly (nginx `gzip on`, GitHub Pages, Netlify...)."""
from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt")
GZIP_LEVEL = 6
