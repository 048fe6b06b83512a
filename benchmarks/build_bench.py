"""The build benchmark behind `archive bench`: our build against plain Material + i18n, at N and 2N statements.

For each size a synthetic corpus is generated (benchmarks.corpus) and built,
each build in its own subprocess, into its own folder:

- plain: Material + mkdocs-static-i18n + Material search, navigation listing every page;
- ours, 1 process: `mkdocs build` with the project's configuration (cold build cache);
- ours, parallel: `archive build --jobs J` (cold build cache);
- ours, warm: `mkdocs build` and `archive build --jobs J` again after editing
  one statement, each with the build cache its cold run left.

The table gives wall time, CPU time, peak memory of the process tree, pages and
output size, each build against the plain one, and how time grows from N to 2N.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from statements_archive.build import parts as build_parts
from statements_archive.build import phases

from benchmarks import corpus, measure

PLAIN, SEQUENTIAL, PARALLEL = "plain Material + i18n", "ours: mkdocs build", "ours: archive build -j{jobs}"
WARM_SEQUENTIAL, WARM = "ours: mkdocs build, 1 statement edited", "ours: archive build -j{jobs}, 1 statement edited"


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ARCHIVE_CACHE": str(cache)}


def _mkdocs(config: str, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)]


def _archive_build(jobs: int, site: Path) -> list[str]:
    return [sys.executable, "-c", "from statements_archive.cli import main; main()", "build", "--jobs", str(jobs), "-d", str(site)]


def _measure(label: str, command: list[str], root: Path, env: dict, site: Path) -> measure.Result:
    print(f"  {label} ...", file=sys.stderr, flush=True)
    log = root / f"{site.name}.log"
    phase_file = root / f"{site.name}.phases.jsonl"
    phase_file.unlink(missing_ok=True)
    result = measure.run(label, command, root, {**env, phases.VARIABLE: str(phase_file)}, log)
    result.phases = phases.read(phase_file) if phase_file.is_file() else {}
    if result.code == 0:
        result.pages, result.output_mb = measure.site_size(site)
    else:
        print(f"  {label} failed (exit {result.code}):\n{build_parts.log_tail(log)}", file=sys.stderr, flush=True)
    return result


def bench_size(root: Path, statements: int, languages: list[str], jobs: int, seed: int) -> list[measure.Result]:
    print(f"{statements} statements x {len(languages)} languages: generating {root}", file=sys.stderr, flush=True)
    corpus.generate(root, statements, languages, seed)
    corpus.write_plain_config(root, languages)
    sequential_cache, parallel_cache = root / ".bench-cache-sequential", root / ".bench-cache-parallel"
    for cache in (sequential_cache, parallel_cache):
        shutil.rmtree(cache, ignore_errors=True)
    results = [
        _measure(PLAIN, _mkdocs("mkdocs.plain.yml", root / "site-plain"), root, _env(sequential_cache), root / "site-plain"),
        _measure(SEQUENTIAL, _mkdocs("mkdocs.yml", root / "site-ours"), root, _env(sequential_cache), root / "site-ours"),
        _measure(PARALLEL.format(jobs=jobs), _archive_build(jobs, root / "site-parallel"), root, _env(parallel_cache),
                 root / "site-parallel"),
    ]
    corpus.edit_one_statement(root, languages)
    results += [
        _measure(WARM_SEQUENTIAL, _mkdocs("mkdocs.yml", root / "site-warm-sequential"), root, _env(sequential_cache),
                 root / "site-warm-sequential"),
        _measure(WARM.format(jobs=jobs), _archive_build(jobs, root / "site-warm"), root, _env(parallel_cache),
                 root / "site-warm"),
    ]
    return results


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in enumerate(zip(cells, widths)))


def phase_table(sizes: dict[int, list[measure.Result]]) -> str:
    """Seconds per phase of our builds (each process's own; `write` excludes the gate)."""
    names = ["checks", "markdown", "templates", "gate", "write", "cache", "whole-site", "children"]
    header = ["build", "statements", "cpu s", *names, "other", "pages reused"]
    rows = []
    for statements, results in sizes.items():
        for r in results:
            if not r.phases:
                continue
            seconds = dict(r.phases)
            named = sum(seconds.get(n, 0.0) for n in names if n != "children")
            rows.append([r.label, str(statements), f"{seconds.get('cpu', 0.0):.1f}",
                         *(f"{seconds.get(n, 0.0):.1f}" for n in names),
                         f"{max(0.0, seconds.get('cpu', 0.0) - named):.1f}",
                         f"{seconds.get('pages reused', 0):.0f}/"
                         f"{seconds.get('pages reused', 0) + seconds.get('pages templated', 0):.0f}"])
    if not rows:
        return ""
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    lines = ["CPU seconds per phase (each build process's building thread, added over processes; cpu s: the "
             "processes' own CPU; children: CPU of Pagefind and git; other: cpu s minus the named phases)",
             _row(header, widths), _row(["-" * w for w in widths], widths)]
    return "\n".join(lines + [_row(row, widths) for row in rows])


def table(sizes: dict[int, list[measure.Result]]) -> str:
    """One line per build and size, then the growth of wall time from N to 2N."""
    header = ["build", "statements", "pages", "wall s", "vs plain", "cpu s", "peak MB", "vs plain", "out MB"]
    rows = []
    for statements, results in sizes.items():
        plain = results[0]
        for r in results:
            failed = r.code != 0
            rows.append([r.label, str(statements), str(r.pages), "failed" if failed else f"{r.seconds:.1f}",
                         "" if failed or plain.code else f"{r.seconds / plain.seconds:.2f}x",
                         f"{r.cpu_seconds:.1f}", f"{r.peak_mb:.0f}",
                         "" if failed or plain.code else f"{r.peak_mb / plain.peak_mb:.2f}x", f"{r.output_mb:.1f}"])
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    lines = [_row(header, widths), _row(["-" * w for w in widths], widths)]
    lines += [_row(row, widths) for row in rows]
    counts = list(sizes)
    if len(counts) == 2:
        small, large = sizes[counts[0]], sizes[counts[1]]
        lines.append("")
        lines.append(f"wall time {counts[1]}/{counts[0]} statements (2.0 would be linear):")
        for a, b in zip(small, large):
            growth = f"{b.seconds / a.seconds:.2f}" if a.code == 0 and b.code == 0 else "n/a"
            lines.append(f"  {a.label.ljust(widths[0])}  {growth}")
    return "\n".join(lines)




def run(statements: int, codes: list[str], jobs: int, seed: int, work: Path) -> dict[int, list[measure.Result]]:
    """Both sizes, N and 2N, each in its own folder under ``work``."""
    return {n: bench_size(work / f"corpus-{n}", n, codes, jobs, seed) for n in (statements, 2 * statements)}
