"""Where a build's time goes, phase by phase, for `archive bench`.

Each build process adds up the CPU seconds its building thread spends in each
phase (thread time: figures that stay true on a busy machine) and, when
ARCHIVE_PHASES names a file, appends one JSON line with them at exit (a
parallel build's parts each append their own). Phases:

- ``checks``: loading and checking the content (front-matter, safety, citations);
- ``markdown``: Python-Markdown and the citation rendering, page by page;
- ``templates``: Jinja, from a page's context to its HTML;
- ``gate``: the output gate over each written page;
- ``write``: MkDocs writing pages and copying files, between pages;
- ``cache``: reading and writing the build cache;
- ``whole-site``: the steps after the last language (search merge, feeds, sitemap);
- ``children``: CPU time of child processes (Pagefind, git), from the system's accounting.
"""
from __future__ import annotations

import atexit
import json
import os
import resource
import time
from contextlib import contextmanager
from pathlib import Path

VARIABLE = "ARCHIVE_PHASES"
PHASES = ("checks", "markdown", "templates", "gate", "write", "cache", "whole-site", "children")


class Phases:
    def __init__(self):
        self.seconds = dict.fromkeys(PHASES, 0.0)
        self.counts: dict[str, int] = {}  # e.g. pages the page cache reused, or templated
        self._started: dict[str, float] = {}

    def count(self, name: str, number: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + number

    def start(self, phase: str) -> None:
        self._started[phase] = time.thread_time()

    def stop(self, phase: str) -> None:
        started = self._started.pop(phase, None)
        if started is not None:
            self.seconds[phase] += time.thread_time() - started

    def add(self, phase: str, seconds: float) -> None:
        self.seconds[phase] += seconds

    @contextmanager
    def timing(self, phase: str):
        """Count the time inside to ``phase`` alone: a phase running around it (the cache read
        while a page is templated) resumes after, so no second is counted twice."""
        started = time.thread_time()
        try:
            yield
        finally:
            elapsed = time.thread_time() - started
            self.seconds[phase] += elapsed
            for name in self._started:
                self._started[name] += elapsed

    def record(self, count_children: bool) -> dict:
        usage, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        seconds = {**self.seconds, "children": children.ru_utime + children.ru_stime if count_children else 0.0}
        return {"pid": os.getpid(), "cpu": round(usage.ru_utime + usage.ru_stime, 3),
                "seconds": {name: round(value, 3) for name, value in seconds.items()}, "counts": self.counts}


current = Phases()  # this process's figures


def _append_record(count_children: bool) -> None:
    path = os.environ.get(VARIABLE)
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps(current.record(count_children)) + "\n")


_enabled: list[bool] = []


def enable_report(count_children: bool = True) -> None:
    """Append this process's figures to $ARCHIVE_PHASES at exit (once per process).

    ``count_children``: False in `archive build`'s own process, whose children are
    the part builds that report for themselves."""
    if os.environ.get(VARIABLE) and not _enabled:
        _enabled.append(count_children)
        atexit.register(_append_record, count_children)


def read(path: Path) -> dict[str, float]:
    """The phases of every process that wrote to ``path``, added up; 'cpu' is their own CPU time.
    Counts (pages reused...) are added up under their own names."""
    total = dict.fromkeys(("cpu",) + PHASES, 0.0)
    if not Path(path).is_file():
        return total
    for line in Path(path).read_text("utf-8").splitlines():
        record = json.loads(line)
        total["cpu"] += record["cpu"]
        for name, value in [*record["seconds"].items(), *record.get("counts", {}).items()]:
            total[name] = total.get(name, 0.0) + value
    return total
