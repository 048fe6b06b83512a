"""The layout stays as docs-dev/architecture.md describes it."""
from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from conftest import REPO

PACKAGE = "statements_archive"
SOURCE = REPO / "scripts"


def package_folders() -> list[Path]:
    return sorted(p.parent for p in SOURCE.rglob("__init__.py") if "__pycache__" not in p.parts)


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_every_package_folder_is_on_the_map():
    text = (REPO / "docs-dev" / "architecture.md").read_text("utf-8")
    missing = [folder for folder in package_folders()
               if folder != SOURCE and f"`{folder.relative_to(REPO).as_posix()}/`" not in text]
    assert missing == [], "name these folders in docs-dev/architecture.md"


def test_every_package_folder_is_installed():
    packages = set(tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    expected = {".".join([PACKAGE, *folder.relative_to(SOURCE).parts]) for folder in package_folders()}
    assert expected - packages == set(), "add them to [tool.setuptools] packages in pyproject.toml"
    assert packages - expected == set(), "pyproject.toml lists packages that have no folder"


def test_only_the_command_line_imports_click_and_nothing_imports_mkdocs():
    offenders = []
    for path in sorted(SOURCE.rglob("*.py")):
        modules = imported_modules(path)
        in_cli = path.relative_to(SOURCE).parts[0] == "cli"
        if "mkdocs" in modules or ("click" in modules and not in_cli):
            offenders.append(path.relative_to(REPO).as_posix())
    assert offenders == []


def test_the_adapters_import_no_command_line_module():
    offenders = []
    for path in sorted((REPO / "overrides" / "hooks").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(f"{PACKAGE}.cli"):
                offenders.append(f"{path.name}: {node.module}")
    assert offenders == []


def test_no_flat_module_pairs_of_logic_and_command():
    """Commands live in cli/, logic beside its capability: no x.py beside x_cli.py."""
    assert sorted(p.name for p in SOURCE.rglob("*_cli.py")) == []


def test_no_source_file_is_ignored_by_git():
    """A rule such as `site/` once hid scripts/site/ from commits: the clean clone lacked it."""
    import shutil
    import subprocess

    import pytest

    if not shutil.which("git") or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    files = [p.relative_to(REPO).as_posix() for folder in ("scripts", "overrides", "tests", "benchmarks", "docs")
             for p in (REPO / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    ignored = subprocess.run(["git", "check-ignore", "--stdin"], cwd=REPO, input="\n".join(files),
                             capture_output=True, text=True).stdout.split()
    assert ignored == []
