"""A whole folder at once: every file imported or refused, each with its reason.

Files are taken in name order, subfolders included; hidden files and Word's
``~$`` lock files are not documents. A slug taken by an earlier file of the
same run is refused like any other taken slug: nothing is ever overwritten.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from statements_archive.checks.report import Problem, errors
from statements_archive.importing import documents, statement
from statements_archive.importing.statement import Options, Plan, Site


@dataclass
class Outcome:
    source: str
    plan: Plan | None
    written: bool
    problems: list = field(default_factory=list)


def files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not any(part.startswith((".", "~$")) for part in p.relative_to(folder).parts))


def import_folder(folder: Path, options: Options, site: Site, display: Callable[[Path], str],
                  dry_run: bool = False, headings="auto", report: Callable[[Outcome], None] = lambda o: None,
                  jobs: int = 1) -> list[Outcome]:
    """Import every file of ``folder``; ``report`` is told of each outcome as it happens.

    ``jobs`` documents are read at once (pandoc runs as a process of its own, most of the
    time per file); planning and writing stay in name order, so which of two files with
    the same title is refused does not depend on timing."""
    outcomes = []
    paths = files(folder)
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        outlines = pool.map(lambda p: documents.read(p, display(p), headings, options.title), paths)
        for path, outline in zip(paths, outlines):
            outcome = _import_one(outline, options, site, dry_run)
            report(outcome)
            outcomes.append(outcome)
    return outcomes


def _import_one(outline, options: Options, site: Site, dry_run: bool) -> Outcome:
    plan, text = statement.prepare_outline(outline, options, site)
    outcome = Outcome(outline.source, plan, False, errors(plan.problems))
    if outcome.problems or dry_run:
        return outcome
    try:
        statement.write(plan, text)
        outcome.written = True
    except FileExistsError:
        outcome.problems.append(Problem(outcome.source, 0, "slug", f"{plan.shown_target} already exists"))
    except OSError as exc:
        outcome.problems.append(Problem(outcome.source, 0, "file", f"cannot write {plan.shown_target}: {exc.strerror}"))
    return outcome


def summary(outcomes: list[Outcome], dry_run: bool = False) -> str:
    refused = sum(bool(o.problems) for o in outcomes)
    done = len(outcomes) - refused
    verb = "would be imported" if dry_run else "imported"
    return f"{len(outcomes)} file(s): {done} {verb}, {refused} refused"
