"""`mkdocs serve` run as a child process, for the serve benchmark and tests.

Its output is read on a thread into a queue, so waiting for a line has a real
deadline even when MkDocs goes quiet.
"""
from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BUILT = r"Documentation built in ([\d.]+) seconds"
SERVING = r"Serving on "
RELOADED = r"Reloading browsers"  # logged once a rebuild is complete (mkdocs.livereload)


class ServeError(Exception):
    """MkDocs stopped, or no matching line came in time; the message ends with its output."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    def __init__(self, project: Path, *args: str, port: int | None = None, **env: str):
        self.port = port or free_port()
        # (With --no-livereload MkDocs 1.6 watches no file at all.)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", *args], cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", **env}, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.log: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)  # the process ended

    def wait_for(self, pattern: str, timeout: float = 120) -> re.Match:
        """The next line of output that matches ``pattern``."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise ServeError(f"no line matching {pattern!r} within {timeout:.0f} s:\n" + self.tail()) from None
            if line is None:
                raise ServeError("mkdocs serve stopped:\n" + self.tail())
            self.log.append(line)
            found = re.search(pattern, line)
            if found:
                return found

    def built(self, timeout: float = 120) -> float:
        """Seconds MkDocs reports for the next complete build."""
        return float(self.wait_for(BUILT, timeout).group(1))

    def ready(self, timeout: float = 120) -> float:
        """Seconds of the first build, once MkDocs serves and watches the files."""
        first = self.built(timeout)
        self.wait_for(SERVING, timeout)  # files are watched from here on
        return first

    def get(self, path: str, timeout: float = 10) -> bytes | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=timeout) as response:
                return response.read()
        except OSError:
            return None

    def shows(self, path: str, text: str, timeout: float = 120) -> float:
        """The monotonic time at which the page at ``path`` first holds ``text``.

        MkDocs holds a request while it rebuilds, so a request answers as soon as
        the page can be served; the poll never waits longer than that."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page = self.get(path, timeout=timeout)
            if page is not None and text.encode("utf-8") in page:
                return time.monotonic()
            time.sleep(0.02)
        raise ServeError(f"{path} never showed {text!r} within {timeout:.0f} s:\n" + self.tail())

    def tail(self, lines: int = 40) -> str:
        return "".join(self.log[-lines:])

    def stop(self) -> None:
        """Stop MkDocs as a maintainer does, with Ctrl-C, so that it shuts down as it would then."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise ServeError("mkdocs serve did not stop within 30 s of Ctrl-C:\n" + self.tail()) from None
