"""`mkdocs serve` as a maintainer uses it: rebuilds after an edit, the search index
catching up after each rebuild, and dirty previews."""
from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from scripts.bench import corpus

pytestmark = pytest.mark.slow
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    def __init__(self, project: Path, *args: str, **env: str):
        self.port = free_port()
        self.process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", *args],
                                        cwd=project, env={**ENV, **env}, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.log: list[str] = []

    def wait_for(self, pattern: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        for line in self.process.stdout:
            self.log.append(line)
            if re.search(pattern, line):
                return line
            assert time.monotonic() < deadline, "".join(self.log)
        raise AssertionError("mkdocs serve stopped:\n" + "".join(self.log))

    def get(self, path: str) -> bytes | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=10) as response:
                return response.read()
        except OSError:
            return None

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def entry(server: Serve, timeout: float = 60, not_equal: dict | None = None) -> dict:
    """The search bundle's entry once it is there (and differs from ``not_equal``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = server.get("pagefind/pagefind-entry.json")
        if data and json.loads(data) != not_equal:
            return json.loads(data)
        time.sleep(0.3)
    raise AssertionError("no search index served:\n" + "".join(server.log))


@pytest.fixture
def project(tmp_path) -> Path:
    corpus.generate(tmp_path, 3, ["en", "fr"], seed=2)
    return tmp_path


def test_rebuild_after_an_edit_and_the_search_index_catches_up(project):
    server = Serve(project)
    try:
        server.wait_for(BUILT.pattern)
        server.wait_for("Serving on")
        first = entry(server)
        assert set(first["languages"]) == {"en", "fr"}
        corpus.edit_one_statement(project, ["en", "fr"])
        server.wait_for("Detected file changes")
        server.wait_for(BUILT.pattern)
        # The edited English statement is indexed again after the rebuild; French is unchanged.
        second = entry(server, not_equal=first)
        assert second["languages"]["en"]["hash"] != first["languages"]["en"]["hash"]
        assert second["languages"]["fr"] == first["languages"]["fr"]
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_dirty_preview_of_one_language(project):
    server = Serve(project, "--dirty", ARCHIVE_STRICT="false", ARCHIVE_BUILD_LANGUAGES="en")
    try:
        server.wait_for(BUILT.pattern)
        server.wait_for("Serving on")
        path = corpus.edit_one_statement(project, ["en", "fr"])
        server.wait_for(BUILT.pattern)
        page = server.get(f"statements/{path.stem}/")
        assert page and b" edited " in page
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_warnings_fail_the_build_unless_previewing(project):
    path = sorted((project / "docs" / "fr" / "statements").glob("*.md"))[0]
    path.write_text(path.read_text("utf-8") + "\nSee [gone](missing.md).\n", "utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "-d", str(project / "site")]
    strict = subprocess.run(command, cwd=project, capture_output=True, text=True, env=ENV)
    assert strict.returncode == 1 and "missing.md" in strict.stderr  # strict: true in mkdocs.yml, no flag needed
    lenient = subprocess.run(command, cwd=project, capture_output=True, text=True, env={**ENV, "ARCHIVE_STRICT": "false"})
    assert lenient.returncode == 0, lenient.stderr
