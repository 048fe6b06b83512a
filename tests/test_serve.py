"""`mkdocs serve` as a maintainer uses it: an edited statement shown before the whole
rebuild (overrides/hooks/preview.py), open pages reloading by themselves under the
site's Content-Security-Policy, the search index catching up after each rebuild,
and dirty previews."""
from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
import yaml
from conftest import run

from benchmarks import corpus
from benchmarks.serve import RELOADED, Serve

pytestmark = pytest.mark.slow


def entry(server: Serve, timeout: float = 60, not_equal: dict | None = None) -> dict:
    """The search bundle's entry once it is there (and differs from ``not_equal``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = server.get("pagefind/pagefind-entry.json")
        if data and json.loads(data) != not_equal:
            return json.loads(data)
        time.sleep(0.3)
    raise AssertionError("no search index served:\n" + server.tail())


@pytest.fixture
def corpus_project(tmp_path) -> Path:
    corpus.generate(tmp_path, 3, ["en", "fr"], seed=2)
    return tmp_path


def test_rebuild_after_an_edit_and_the_search_index_catches_up(corpus_project):
    server = Serve(corpus_project)
    try:
        server.ready()
        first = entry(server)
        assert set(first["languages"]) == {"en", "fr"}
        corpus.edit_one_statement(corpus_project, ["en", "fr"])
        server.wait_for("Detected file changes")
        server.wait_for(RELOADED)  # the rebuild is complete (mkdocs-static-i18n may drop the "built" line)
        # The edited English statement is indexed again after the rebuild; French is unchanged.
        second = entry(server, not_equal=first)
        assert second["languages"]["en"]["hash"] != first["languages"]["en"]["hash"]
        assert second["languages"]["fr"] == first["languages"]["fr"]
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def served(server: Serve, path: str, text: str, timeout: float = 90) -> None:
    """Wait until the page at ``path`` holds ``text``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = server.get(path)
        if page and text in page.decode("utf-8"):
            return
        time.sleep(0.2)
    raise AssertionError(f"{path} never showed {text!r}:\n" + server.tail())


def _children(pid: int) -> list[tuple[int, str]]:
    """(pid, state) of the processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append((int(stat.parent.name), fields[0]))
    return found


def _deleted_files_open(pid: int) -> list[str]:
    """Files ``pid`` holds open that are already deleted: Pagefind's output captures."""
    targets = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            targets.append(os.readlink(fd))
        except OSError:
            continue
    return [t for t in targets if t.endswith("(deleted)")]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts processes through Linux /proc")
def test_twenty_rebuilds_leave_no_zombie_and_no_open_file(corpus_project):
    """Each edit lands while the previous build's index runs: the rebuild stops it."""
    server = Serve(corpus_project)
    try:
        server.ready()
        original = sorted((corpus_project / "docs" / "en" / "statements").glob("*.md"))[0]
        for number in range(20):
            # A new sentence each time, awaited on the served page: what a maintainer watches.
            # (Not MkDocs' "Documentation built" line: mkdocs-static-i18n's log filter drops it now and then.)
            original.write_text(original.read_text("utf-8") + f"\nEdit number {number}.\n", "utf-8")
            served(server, f"statements/{original.stem}/", f"Edit number {number}.")
        final = entry(server)  # the last index completes
        assert set(final["languages"]) == {"en", "fr"}
        deadline = time.monotonic() + 60
        while any(state != "Z" for _, state in _children(server.process.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)  # the last Pagefind runs finish
        assert [child for child in _children(server.process.pid) if child[1] == "Z"] == []
        assert _deleted_files_open(server.process.pid) == []
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_ctrl_c_while_the_index_follows_leaves_nothing_behind(tmp_path):
    """Stopped as the first build's index starts: Pagefind ends, and the pages it was given go."""
    project, temporary = tmp_path / "project", tmp_path / "tmp"
    corpus.generate(project, 30, ["en", "fr"], seed=2)  # enough pages that the index is still running
    temporary.mkdir()
    server = Serve(project, TMPDIR=str(temporary))
    try:
        server.ready()
        assert server.get("pagefind/pagefind-entry.json") is None, "the index was complete before the stop"
    finally:
        server.stop()
    assert sorted(p.name for p in temporary.iterdir()) == []
    assert _commands_naming(temporary) == []
    assert "Traceback" not in "".join(server.log)


def _commands_naming(folder: Path) -> list[str]:
    """Command lines of running processes that name ``folder`` (an orphaned Pagefind would)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if str(folder) in command and proc.name.isdigit():
            found.append(command)
    return found


def _with_label(data, lang: str, like: str):
    """Label data where every mapping with a ``like`` label also has one in ``lang``."""
    if isinstance(data, dict):
        data = {k: _with_label(v, lang, like) for k, v in data.items()}
        return {**data, lang: data[like]} if like in data and lang not in data else data
    if isinstance(data, list):
        return [_with_label(v, lang, like) for v in data]
    return data


def _without_livereload(page: bytes) -> bytes:
    """The page as written: the server adds the reload script's tag, with a new request id, to every response."""
    return re.sub(rb'<script src="/\.archive-livereload\.js"[^>]*></script>', b"", page)


@pytest.mark.browser
def test_an_open_page_reloads_itself_after_an_edit_under_the_policy(corpus_project, browser):
    """MkDocs' inline reload script is refused by the site's Content-Security-Policy; its replacement is not."""
    server = Serve(corpus_project)
    tab = browser.new_page()
    try:
        server.ready()
        refused = []
        tab.on("console", lambda message: refused.append(message.text)
               if "Content Security Policy" in message.text else None)
        path = sorted((corpus_project / "docs" / "en" / "statements").glob("*.md"))[0]
        tab.goto(f"http://127.0.0.1:{server.port}/statements/{path.stem}/")
        tab.wait_for_load_state("load")
        corpus.append_to_one_statement(corpus_project, ["en", "fr"], "Shown without pressing reload.")
        deadline = time.monotonic() + 60
        while "Shown without pressing reload." not in tab.locator("article").inner_text():
            assert time.monotonic() < deadline, "the open page never reloaded:\n" + server.tail()
            time.sleep(0.2)
        assert refused == []
    finally:
        tab.close()
        server.stop()


def test_an_edited_statement_is_shown_before_the_whole_site_and_is_that_page(corpus_project):
    server = Serve(corpus_project)
    try:
        server.ready()
        page, _saved = corpus.append_to_one_statement(corpus_project, ["en", "fr"], "A sentence just added.")
        server.wait_for(r"Preview of en/statements/\S+\.md shown in [\d.]+ s")
        previewed = server.get(page)  # served while the whole site builds beside it
        assert b"A sentence just added." in previewed
        server.wait_for(RELOADED)
        whole = server.get(page)  # from the whole build, now served
        assert _without_livereload(whole) == _without_livereload(previewed)
        # Its French side-by-side page shows the original: the whole build brought it up to date.
        french = server.get(f"fr/{page}compare/") or b""
        assert b"A sentence just added." in french, "no side-by-side page with the edit"
        # French is the language the last build ended with: its content is read again all the same.
        translation = (corpus_project / "docs" / "fr" / page.rstrip("/")).with_suffix(".md")
        translation.write_text(translation.read_text("utf-8") + "\nUne phrase ajoutée.\n", "utf-8")
        server.wait_for(r"Preview of fr/statements/\S+\.md shown in")
        assert "Une phrase ajoutée." in server.get(f"fr/{page}").decode("utf-8")
        server.wait_for(RELOADED)
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_what_the_gate_or_the_checks_refuse_is_never_previewed(corpus_project):
    server = Serve(corpus_project)
    try:
        server.ready()
        page, _saved = corpus.append_to_one_statement(corpus_project, ["en", "fr"],
                                                      '<img src="https://tracker.example/p.gif" alt="">')
        server.wait_for("The server will appear stuck")
        assert b"tracker.example" not in (server.get(page, timeout=5) or b"")
    finally:
        server.stop()
    log = "".join(server.log)
    assert "Preview of" not in log and "Traceback" not in log


def test_config_and_catalog_edits_are_picked_up_while_serving(corpus_project):
    """A language added to mkdocs.yml, and an interface string changed in a catalog,
    show at the next rebuild without restarting `mkdocs serve`."""
    server = Serve(corpus_project)
    try:
        server.ready()
        assert server.get("es/") is None
        config = corpus_project / "mkdocs.yml"
        text = config.read_text("utf-8")
        french = "        - locale: fr\n"
        assert french in text
        for labels in (corpus_project / "translations").glob("*.yml"):  # a label in the new language
            labels.write_text(yaml.safe_dump(_with_label(yaml.safe_load(labels.read_text("utf-8")), "es", "en"),
                                             allow_unicode=True), "utf-8")
        config.write_text(text.replace(french, "        - locale: es\n          name: Español\n          build: true\n"
                                              + french), "utf-8")
        server.wait_for(RELOADED)  # the rebuild is complete (the "built" line may be filtered out)
        page = server.get("es/")
        assert page is not None and b'lang="es"' in page
        catalog = corpus_project / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
        po = catalog.read_text("utf-8")
        assert 'msgstr "Sources"' in po
        catalog.write_text(po.replace('msgstr "Sources"', 'msgstr "Sources citées"', 1), "utf-8")
        server.wait_for("Detected file changes")
        server.wait_for(RELOADED)  # the rebuild is complete (the "built" line may be filtered out)
        statement = sorted((corpus_project / "docs" / "fr" / "statements").glob("*.md"))[0].stem
        assert "Sources citées" in server.get(f"fr/statements/{statement}/").decode("utf-8")
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)
    assert "Preview of" not in "".join(server.log)  # settings and catalogs: the whole site first


def test_dirty_preview_of_one_language(corpus_project):
    server = Serve(corpus_project, "--dirty", ARCHIVE_STRICT="false", ARCHIVE_BUILD_LANGUAGES="en")
    try:
        server.ready()
        path = corpus.edit_one_statement(corpus_project, ["en", "fr"])
        server.wait_for(RELOADED)  # the rebuild is complete (the "built" line may be filtered out)
        page = server.get(f"statements/{path.stem}/")
        assert page and b" edited " in page
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_one_language_served_stays_that_language_after_rebuilds(corpus_project):
    """`ARCHIVE_BUILD_LANGUAGES=fr mkdocs serve`, as `archive translations` tells a translator:
    every rebuild builds French again, not the default language."""
    server = Serve(corpus_project, ARCHIVE_BUILD_LANGUAGES="fr")
    try:
        server.ready()
        translation = sorted((corpus_project / "docs" / "fr" / "statements").glob("*.md"))[0]
        for number in range(2):
            translation.write_text(translation.read_text("utf-8") + f"\nModification {number}.\n", "utf-8")
            server.wait_for(RELOADED)
            page = server.get(f"fr/statements/{translation.stem}/")
            assert page and f"Modification {number}.".encode() in page, server.tail()
            assert server.get("index.html", timeout=5) is None  # no English home page: only French is built
    finally:
        server.stop()
    assert "Traceback" not in "".join(server.log)


def test_warnings_fail_the_build_unless_previewing(corpus_project):
    path = sorted((corpus_project / "docs" / "fr" / "statements").glob("*.md"))[0]
    path.write_text(path.read_text("utf-8") + "\nSee [gone](missing.md).\n", "utf-8")
    command = ["mkdocs", "build", "-d", str(corpus_project / "site")]
    strict = run(command, corpus_project, check=False)
    assert strict.returncode == 1 and "missing.md" in strict.stderr  # strict: true in mkdocs.yml, no flag needed
    lenient = run(command, corpus_project, check=False, ARCHIVE_STRICT="false")
    assert lenient.returncode == 0, lenient.stderr
