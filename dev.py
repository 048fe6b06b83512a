#!/usr/bin/env python3
"""One command for each job on a fresh machine (needs only Python 3.11+ and pip).

    python3 dev.py serve      # set up .venv, build, serve on http://127.0.0.1:8000
    python3 dev.py build      # set up .venv, build the site into site/
    python3 dev.py test       # set up .venv (with test tools), run pytest

Setup installs the locked dependencies into .venv once, and again when a lock file changes.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def setup(lock: str) -> None:
    stamp = VENV / f".installed-{lock}"
    digest = hashlib.sha256((ROOT / lock).read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    if not (BIN / "python").exists():
        print(f"creating {VENV.name}/", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-r", str(ROOT / lock)], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
    stamp.write_text(digest)


def run(*args: str) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(list(args), cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or newer is needed")
    command, rest = (argv[0], argv[1:]) if argv else ("help", [])
    if command in ("build", "serve"):
        setup("requirements.lock")
        return run(str(BIN / "mkdocs"), command, *(["--strict"] if command == "build" else []), *rest)
    if command == "test":
        setup("requirements-dev.lock")
        if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
            print("note: Debian's chromium is not installed; browser tests will be skipped "
                  "(sudo apt-get install chromium, as .ci/run does)", flush=True)
        return run(str(BIN / "pytest"), *rest)
    print(__doc__)
    return 0 if command == "help" else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
