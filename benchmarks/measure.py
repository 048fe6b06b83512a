"""Time a command and the memory of its whole process tree.

`archive build` runs several `mkdocs build` processes at once, so the peak of
one process (ru_maxrss) understates what the machine needs: the tree's
resident memory is summed by polling /proc, and its peak is reported with
the CPU time of every process (from wait4, which counts reaped descendants).
"""
from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

POLL_S = 0.05
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Result:
    label: str
    code: int
    seconds: float  # wall clock
    cpu_seconds: float  # user + system of the whole tree
    peak_mb: float  # highest sum of resident memory over the tree, polled (at least ru_maxrss)
    pages: int = 0
    output_mb: float = 0.0
    phases: dict = field(default_factory=dict)  # seconds per build phase (statements_archive.build.phases)


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(child) for child in handle.read().split())
    except OSError:
        pass
    return found


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants now."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss_bytes(current)
        stack.extend(_children(current))
    return total


def run(label: str, command: list[str], cwd: Path, env: dict[str, str], log_path: Path) -> Result:
    """Run ``command`` to the end, polling its tree's memory; never raises on failure."""
    start = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        peak = 0
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss(process.pid))
            time.sleep(POLL_S)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    seconds = time.monotonic() - start
    largest = usage.ru_maxrss * 1024 / 2**20  # kilobytes on Linux
    return Result(label, process.returncode, seconds, usage.ru_utime + usage.ru_stime, max(peak / 2**20, largest))


def site_size(site: Path) -> tuple[int, float]:
    """(HTML pages, megabytes) of a built site."""
    pages, size = 0, 0
    for folder, _, files in os.walk(site):
        for name in files:
            size += os.path.getsize(os.path.join(folder, name))
            pages += name.endswith(".html")
    return pages, size / 2**20

