"""The build cache only ever costs speed: a cache that cannot be written never
fails the build, and says once what it cost."""
from __future__ import annotations

from conftest import build, copy_project, run


def test_an_unwritable_cache_is_said_once_and_the_build_is_the_same(tmp_path):
    project = copy_project(tmp_path / "project")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    site = tmp_path / "site"
    result = run(["mkdocs", "build", "--strict", "-d", str(site)], project, ARCHIVE_CACHE=str(blocker))
    assert result.stderr.count("build cache not written") == 1, result.stderr
    reference = tmp_path / "reference"
    build(project, reference)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == \
        sorted(p.relative_to(reference).as_posix() for p in reference.rglob("*"))
