"""The site's Content-Security-Policy, in one place.

Every page carries it in a ``<meta http-equiv>`` (works on any static host,
including one that sets no headers), and :func:`write_headers` writes a
``_headers`` file at the site root for hosts that read one (Netlify,
Cloudflare Pages), which can also carry what a ``<meta>`` cannot
(``frame-ancestors``, ``X-Content-Type-Options``).

Scripts: the site's own code lives in files (``script-src 'self'``). The few
inline scripts Material's templates emit are allowed by hash, and the hashes
come from Material's template *text* (scripts without any Jinja in them), never
from a built page: hashing what a page holds would allowlist whatever a
contributor managed to plant in it. An inline script in ``overrides/`` gets no
hash: move it into ``overrides/assets/archive/`` instead.

Styles: ``'self'`` only, no ``'unsafe-inline'``. Material and Pagefind set
styles through the DOM (``element.style``), which a policy does not restrict,
and neither writes ``style`` attributes or ``<style>`` into the markup (checked
in Chromium by tests/test_csp_browser.py), so inline CSS, which a contributor
could use to overlay or hide text, is refused by the browser too.

Another build (an offline copy opened from ``file://``) adapts the policy
with :func:`directives` and :func:`serialize`.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
from functools import lru_cache
from pathlib import Path

HEADERS_FILE = "_headers"
# Material's templates that hold inline scripts.
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_JINJA = re.compile(r"\{[{%#]")


def material_templates() -> Path | None:
    """Material's template folder, found without importing MkDocs."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "templates"
    return folder if folder.is_dir() else None


def script_hash(text: str) -> str:
    """A CSP source expression for an inline script (the text between its tags)."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@lru_cache(maxsize=4)
def inline_script_hashes(templates: Path | None = None) -> tuple[str, ...]:
    """Hashes of the static inline scripts in Material's templates (sorted, so pages are reproducible).

    Scripts that contain Jinja differ from page to page and get no hash; the
    archive overrides the one it needs (partials/javascripts/base.html)."""
    folder = templates or material_templates()
    if folder is None:
        return ()
    found = set()
    for path in sorted(folder.rglob("*.html")):
        for match in _SCRIPT.finditer(path.read_text("utf-8")):
            if not _JINJA.search(match.group(1)):
                found.add(script_hash(match.group(1)))
    return tuple(sorted(found))


def directives(hashes: tuple[str, ...] | None = None) -> dict[str, list[str]]:
    """The policy as directive -> sources, for callers that need to adapt it."""
    hashes = inline_script_hashes() if hashes is None else hashes
    return {
        "default-src": ["'self'"],
        # 'wasm-unsafe-eval': Pagefind's search runs as WebAssembly.
        "script-src": ["'self'", "'wasm-unsafe-eval'", *hashes],
        "style-src": ["'self'"],
        # data: for the icons Material's CSS embeds (images cannot run script).
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Pagefind starts its worker from a blob: URL.
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "manifest-src": ["'self'"],
    }


def serialize(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in policy.items())


def meta_policy(hashes: tuple[str, ...] | None = None) -> str:
    """The policy for ``<meta http-equiv="Content-Security-Policy">`` (no header-only directives)."""
    return serialize(directives(hashes))


def header_policy(hashes: tuple[str, ...] | None = None) -> str:
    """The policy as an HTTP header: the meta policy plus what only a header can set."""
    return serialize({**directives(hashes), "frame-ancestors": ["'none'"]})


REFERRER = "no-referrer"


def headers_text(hashes: tuple[str, ...] | None = None) -> str:
    """A ``_headers`` file (Netlify / Cloudflare Pages syntax) for every path."""
    return "\n".join([
        "/*",
        f"  Content-Security-Policy: {header_policy(hashes)}",
        f"  Referrer-Policy: {REFERRER}",
        "  X-Content-Type-Options: nosniff",
        "  Cross-Origin-Opener-Policy: same-origin",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "",
    ])


def write_headers(site_dir: Path, catalog=None) -> None:
    """Whole-site step (statements_archive.site.postbuild): the ``_headers`` file."""
    (Path(site_dir) / HEADERS_FILE).write_text(headers_text(), encoding="utf-8")
