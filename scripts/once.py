"""Saying once what a tolerated failure cost.

A cache that cannot be written, a renderer that fails on a second opinion or a
git history that cannot be read must never fail a build, but must not pass in
silence either: each is logged once per process (a `mkdocs serve` session
rebuilds many times), with what was lost.
"""
from __future__ import annotations

import logging

log = logging.getLogger("statements_archive")
_said: set[str] = set()


def warn_once(topic: str, message: str) -> None:
    if topic not in _said:
        _said.add(topic)
        log.warning(message)
