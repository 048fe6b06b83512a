"""Two builds of the same content write byte-identical sites.

The two builds differ in everything that must not matter: the folder they
build from and into, the files' modification times, the clock
(SOURCE_DATE_EPOCH), the time zone, and Python's hash seed (set and dict
ordering of str keys).
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, copy_project

pytestmark = pytest.mark.slow

SEARCH_BUNDLE = "pagefind"
ENVIRONMENTS = [
    {"SOURCE_DATE_EPOCH": "1000000000", "PYTHONHASHSEED": "1", "TZ": "UTC"},
    {"SOURCE_DATE_EPOCH": "1900000000", "PYTHONHASHSEED": "2", "TZ": "Asia/Tokyo"},
]


def build(project: Path, site: Path, env: dict) -> None:
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env})
    assert result.returncode == 0, result.stdout + result.stderr


def touch_all(folder: Path, when: int) -> None:
    for path in (folder, *folder.rglob("*")):
        os.utime(path, (when, when))


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    out = []
    for i, env in enumerate(ENVIRONMENTS):
        project = copy_project(tmp_path_factory.mktemp(f"repro-project-{i}"))
        touch_all(project, int(env["SOURCE_DATE_EPOCH"]))
        site = tmp_path_factory.mktemp(f"repro-site-{i}")
        build(project, site, env)
        out.append(site)
    return out[0], out[1]


def files(site: Path, search: bool) -> dict[str, Path]:
    found = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    return {name: p for name, p in found.items() if (name.split("/")[0] == SEARCH_BUNDLE) == search}


def differences(a: Path, b: Path, search: bool) -> list[str]:
    left, right = files(a, search), files(b, search)
    problems = [f"only in the first build: {n}" for n in sorted(left.keys() - right.keys())]
    problems += [f"only in the second build: {n}" for n in sorted(right.keys() - left.keys())]
    problems += [f"differs: {n}" for n in sorted(left.keys() & right.keys())
                 if left[n].read_bytes() != right[n].read_bytes()]
    return problems


def test_two_builds_write_the_same_bytes(sites):
    a, b = sites
    assert files(a, search=False), "the build wrote nothing"
    assert differences(a, b, search=False) == []


def test_two_builds_write_the_same_search_index(sites):
    a, b = sites
    assert differences(a, b, search=True) == []
