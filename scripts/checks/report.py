"""Problems found by checks, and how they are printed.

Every check returns a list of :class:`Problem`; the command line prints them
all at once in one of three formats and picks the exit code.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"

# Exit codes shared by every `archive check ...` command.
EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

FORMATS = ("text", "json", "github")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        level = "" if self.severity == ERROR else f"{self.severity}: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {level}{field}{self.message}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def _github_escape(text: str) -> str:
    # Workflow commands treat %, CR and LF specially.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_problems(problems: list[Problem], fmt: str = "text") -> str:
    problems = sorted(problems)
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)
    if fmt == "github":
        lines = []
        for p in problems:
            props = f"file={p.path}" + (f",line={p.line}" if p.line else "")
            title = f",title={_github_escape(p.field)}" if p.field else ""
            lines.append(f"::{p.severity} {props}{title}::{_github_escape(p.message)}")
        return "\n".join(lines)
    lines = [str(p) for p in problems]
    n_err, n_warn = len(errors(problems)), len(problems) - len(errors(problems))
    lines.append(f"{n_err} error(s), {n_warn} warning(s)")
    return "\n".join(lines)


def exit_code(problems: Iterable[Problem]) -> int:
    return EXIT_PROBLEMS if errors(problems) else EXIT_OK
