"""A JSON file remembering external check results, so re-runs skip fresh URLs.

Good results (ok, redirected) stay fresh longer than failures: a failure is
often transient, and re-checking it soon is what lets it clear.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

VERSION = 1
DAY = 86400.0
DEFAULT_TTL_DAYS = 7.0
DEFAULT_FAILURE_TTL_DAYS = 1.0
GOOD = ("ok", "redirected")


class LinkCache:
    def __init__(self, path: Path | None, ttl: float = DEFAULT_TTL_DAYS * DAY,
                 failure_ttl: float = DEFAULT_FAILURE_TTL_DAYS * DAY, clock=time.time):
        self.path = path
        self.ttl, self.failure_ttl = ttl, failure_ttl
        self.clock = clock
        self.entries: dict[str, dict] = {}
        if path is not None:
            self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            print(f"warning: ignoring unreadable link cache {self.path}: {exc}", file=sys.stderr)
            return
        if isinstance(data, dict) and data.get("version") == VERSION and isinstance(data.get("urls"), dict):
            self.entries = {u: e for u, e in data["urls"].items() if isinstance(e, dict)}

    def _fresh(self, entry: dict) -> bool:
        ttl = self.ttl if entry.get("status") in GOOD else self.failure_ttl
        checked = entry.get("checked_at")
        return isinstance(checked, (int, float)) and self.clock() - checked < ttl

    def get(self, url: str) -> dict | None:
        """The stored result for ``url`` if it is still fresh."""
        entry = self.entries.get(url)
        return entry if entry is not None and self._fresh(entry) else None

    def put(self, url: str, result: dict) -> None:
        self.entries[url] = {**result, "checked_at": self.clock()}

    def save(self) -> None:
        """Write fresh entries atomically (a killed run never leaves half a file)."""
        if self.path is None:
            return
        keep = {u: e for u, e in sorted(self.entries.items()) if self._fresh(e)}
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".links-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"version": VERSION, "urls": keep}, out, ensure_ascii=False, indent=1)
            os.replace(tmp, self.path)
        except OSError as exc:
            print(f"warning: cannot write link cache {self.path}: {exc}", file=sys.stderr)
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
