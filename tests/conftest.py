"""Shared fixtures: the real repository built into temporary folders, and
copies of the project where tests can add or break content."""
from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PROJECT_PARTS = ("mkdocs.yml", "babel.cfg", "docs", "overrides", "translations")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run(args: list[str], cwd: Path, check: bool = True, **env: str) -> subprocess.CompletedProcess:
    """Run a command of the project's environment (archive, mkdocs) as a subprocess,
    with ``env`` added to its environment."""
    exe = str(BIN / args[0]) if (BIN / args[0]).exists() else args[0]
    result = subprocess.run([exe, *args[1:]], cwd=cwd, capture_output=True, text=True, env={**ENV, **env},
                            timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def build(project: Path, site: Path, check: bool = True) -> subprocess.CompletedProcess:
    return run(["mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)], project, check)


def copy_project(target: Path, with_statements: bool = True) -> Path:
    """A copy of the project (content, config, templates) to modify in a test."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, target / part)
    if not with_statements:
        for folder in (target / "docs").glob("*/statements"):
            shutil.rmtree(folder)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's own content, built with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("site")
    build(REPO, site)
    return site


@pytest.fixture(scope="session")
def readers_site(tmp_path_factory) -> Path:
    """The readers' fixture project (tests/readers_fixture.py) built once per session,
    shared by the feed, sitemap and sharing-metadata tests."""
    from readers_fixture import fixture_project

    project = fixture_project(tmp_path_factory.mktemp("readers-project"))
    site = tmp_path_factory.mktemp("readers-site")
    build(project, site)
    return site


CHROMIUM = Path("/usr/bin/chromium")
# Debian's chromium, headless as root, with nothing reaching for the network by itself.
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (Playwright drives Debian's build). Not per session:
    Playwright's sync API keeps an event loop running, which asyncio code in other
    modules' tests (the link checker) must not find."""
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright (Python) is not installed")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def static_host(folder: Path):
    """``folder`` served by http.server, as a plain static host does; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


STATEMENT = """---
title: A test statement
date: 2024-10-28
topics: [gaza]
summary: One paragraph of summary.
language: en
sources:
  - id: src-a
    title: Report A
    publisher: Publisher A
    url: https://example.org/a
---

First paragraph cites [@src-a].

## A heading

Second paragraph.
"""
