"""`archive build`: the site's languages built in parallel processes, then merged.

`mkdocs build` renders the languages one after another in one process. Here
each process builds a contiguous run of languages (overrides/hooks/
language_build.py, driven by ARCHIVE_BUILD_LANGUAGES) into its own folder; the
parts are merged in the order the sequential build writes them and the
whole-site steps (postbuild.finalize: search index, feeds, sitemap) run once.
The result is byte-identical to `mkdocs build`.

Beyond one machine: `archive build --language fr -d part-fr` builds one part,
`archive build --merge part-en part-fr ... -d site` merges parts and finalizes.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from statements_archive.content import catalog as catalog_mod
from statements_archive.build import phases
from statements_archive.site import postbuild, search
from statements_archive.checks import output_gate, report
from statements_archive.config import SiteConfig

VARIABLE = "ARCHIVE_BUILD_LANGUAGES"  # read by overrides/hooks/language_build.py
# Names a part's languages; never copied into the site. Not a dotfile: CI artifact uploads skip those.
PART_MARKER = "archive-part.json"
# Files at the site root that every language build writes; the sequential build
# keeps the default language's (the archive hook writes other 404s to <lang>/).
ROOT_OWNED = {"404.html", "sitemap.xml", "sitemap.xml.gz"}
LOG_TAIL = 40


class PartError(Exception):
    """A part could not be built or merged; the message says why."""


class PartRefused(PartError):
    """The request itself is wrong (unknown language, a folder that is not a part): a usage error."""


def part_languages() -> list[str] | None:
    """The languages this process builds as a part of `archive build`; None for a whole build."""
    return [code.strip() for code in os.environ.get(VARIABLE, "").split(",") if code.strip()] or None


def build_order(config: SiteConfig) -> list[str]:
    """Languages in the order mkdocs-static-i18n builds them: the default first."""
    default = config.default_language.code
    return [default] + [code for code in config.codes if code != default]


def language_weights(config: SiteConfig) -> dict[str, int]:
    """Work per language, roughly: its statement files plus its generated pages."""
    return {code: 20 + len(list((config.docs_dir / code / catalog_mod.STATEMENTS).glob("*.md")))
            for code in config.codes}


def split(order: list[str], weights: dict[str, int], groups: int) -> list[list[str]]:
    """Cut ``order`` into at most ``groups`` contiguous runs with the lightest heaviest run."""
    groups = max(1, min(groups, len(order)))
    n = len(order)
    prefix = [0]
    for code in order:
        prefix.append(prefix[-1] + weights.get(code, 1))
    # best[k][i]: lightest heaviest run when the first i languages form k runs.
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(groups + 1)]
    cut = [[0] * (n + 1) for _ in range(groups + 1)]
    best[0][0] = 0
    for k in range(1, groups + 1):
        for i in range(1, n + 1):
            for j in range(k - 1, i):
                cost = max(best[k - 1][j], prefix[i] - prefix[j])
                if cost < best[k][i]:
                    best[k][i], cut[k][i] = cost, j
    runs, i = [], n
    for k in range(groups, 0, -1):
        runs.append(order[cut[k][i]:i])
        i = cut[k][i]
    return [run for run in reversed(runs) if run]


# --- building parts -------------------------------------------------------------------

def _start(config: SiteConfig, languages: list[str], directory: Path, log) -> subprocess.Popen:
    env = {**os.environ, VARIABLE: ",".join(languages), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config.root / "mkdocs.yml"), "-d", str(directory)]
    return subprocess.Popen(command, cwd=config.root, env=env, stdout=log, stderr=subprocess.STDOUT)


def log_tail(path: Path) -> str:
    """The last lines of a build's log, to show why it failed."""
    lines = path.read_text("utf-8", errors="replace").splitlines()
    return "\n".join(lines[-LOG_TAIL:])


def write_marker(directory: Path, languages: list[str]) -> None:
    (directory / PART_MARKER).write_text(json.dumps({"languages": languages}) + "\n", "utf-8")


def build_parts(config: SiteConfig, runs: list[list[str]], workdir: Path, say) -> list[Path]:
    """One `mkdocs build` process per run of languages, all at once; their folders."""
    running = {}
    for number, run in enumerate(runs):
        directory, log_path = workdir / f"part-{number}", workdir / f"part-{number}.log"
        with log_path.open("wb") as log:  # the child keeps its own handle
            running[number] = (run, directory, log_path, _start(config, run, directory, log), time.monotonic())
    while running:
        for number, (run, directory, log_path, process, start) in list(running.items()):
            code = process.poll()
            if code is None:
                continue
            del running[number]
            if code != 0:  # the site cannot be complete: stop the others
                for *_, other, _ in running.values():
                    other.terminate()
                    other.wait()
                raise PartError(f"building {','.join(run)} failed (exit {code}):\n{log_tail(log_path)}")
            write_marker(directory, run)
            say(f"  built {','.join(run)} in {time.monotonic() - start:.1f} s")
        time.sleep(0.05)
    return [workdir / f"part-{number}" for number in range(len(runs))]


# --- merging parts --------------------------------------------------------------------

def read_marker(directory: Path) -> list[str]:
    try:
        data = json.loads((directory / PART_MARKER).read_text("utf-8"))
        return [str(code) for code in data["languages"]]
    except (OSError, ValueError, KeyError, TypeError):
        raise PartRefused(f"{directory} is not a part built by `archive build --language` "
                               f"(no readable {PART_MARKER})") from None


def order_parts(parts: list[Path], order: list[str]) -> list[tuple[Path, list[str]]]:
    """Parts sorted into build order; together they must hold every language once."""
    labelled = [(part, read_marker(part)) for part in parts]
    unknown = sorted({code for _, codes in labelled for code in codes} - set(order))
    if unknown:
        raise PartRefused(f"parts hold languages the site does not configure: {', '.join(unknown)}")
    labelled.sort(key=lambda item: order.index(item[1][0]))
    found = [code for _, codes in labelled for code in codes]
    if found != order:
        raise PartRefused(f"the parts hold {', '.join(found) or 'nothing'}; a site needs each of "
                               f"{', '.join(order)} exactly once, each part a run of that order")
    return labelled


def _place(source: Path, target: Path, move: bool) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if move:
        os.replace(source, target)
    else:
        shutil.copyfile(source, target)


def _merge_tree(source: Path, target: Path, skip: set[str], move: bool) -> None:
    """Put every file of ``source`` into ``target``, replacing what is there (as a later build does)."""
    for folder, dirs, files in os.walk(source):
        here = Path(folder)
        relative = here.relative_to(source)
        for name in list(dirs):
            if move and not (target / relative / name).exists():  # a whole language folder: one rename
                _place(here / name, target / relative / name, True)
                dirs.remove(name)
        for name in files:
            path = (relative / name).as_posix()
            if path not in skip:
                _place(here / name, target / relative / name, move)


def clean(output: Path, config: SiteConfig) -> None:
    if output.resolve() in (config.root.resolve(), config.docs_dir.resolve(), Path("/")):
        raise PartRefused(f"refusing to replace {output}: it is not a site folder")
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)


def merge(parts: list[tuple[Path, list[str]]], output: Path, move: bool = False) -> None:
    """Merge ordered parts into ``output`` (already empty), exactly as one build writes them."""
    for number, (part, _) in enumerate(parts):
        skip = {PART_MARKER} | (ROOT_OWNED if number else set())
        _merge_tree(part, output, skip, move)


def finalize(output: Path, config: SiteConfig, catalog: catalog_mod.Catalog | None = None) -> float:
    start = time.monotonic()
    try:
        postbuild.finalize(output, catalog or catalog_mod.load(config, scope=()))  # the parts checked the files
    except search.SearchIndexError as exc:
        raise PartError(str(exc))
    return time.monotonic() - start



def build_all(config: SiteConfig, output: Path, jobs: int, say) -> None:
    """Every language, in ``jobs`` processes, merged into ``output`` and finalized."""
    phases.enable_report(count_children=False)  # the parts report for themselves
    start = time.monotonic()
    order = build_order(config)
    runs = split(order, language_weights(config), jobs)
    say(f"building {len(order)} languages in {len(runs)} process(es): " + " | ".join(",".join(run) for run in runs))
    output.parent.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix=".archive-parts-", dir=output.parent))  # same disk: merging renames
    # The whole-site steps need the catalog: load it while the parts build (this process is idle).
    with ThreadPoolExecutor(max_workers=1) as pool:
        loading = pool.submit(catalog_mod.load, config, scope=())  # the parts checked their files
        try:
            parts = build_parts(config, runs, workdir, say)
            clean(output, config)
            merge(list(zip(parts, runs)), output, move=True)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        catalog = loading.result()
    steps = finalize(output, config, catalog)
    say(f"whole-site steps in {steps:.1f} s; site built in {time.monotonic() - start:.1f} s: {output}")


def parts_plan(config: SiteConfig, jobs: int) -> list[dict[str, str]]:
    """The parts of a build on ``jobs`` machines: a name for each and its languages."""
    runs = split(build_order(config), language_weights(config), jobs)
    return [{"name": f"part-{number}", "languages": ",".join(run)} for number, run in enumerate(runs)]


def build_part(config: SiteConfig, output: Path, languages: list[str], say) -> None:
    """Some languages into ``output``, marked as a part for `merge_parts`."""
    order = build_order(config)
    unknown = [code for code in languages if code not in order]
    if unknown:
        raise PartRefused(f"unknown language(s) {', '.join(unknown)}; the site has {', '.join(order)}")
    run = sorted(dict.fromkeys(languages), key=order.index)
    start = time.monotonic()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".archive-log-", dir=output.parent) as logs:
        log_path = Path(logs) / "build.log"
        with log_path.open("wb") as log:
            code = _start(config, run, output, log).wait()
        if code != 0:
            raise PartError(f"building {','.join(run)} failed (exit {code}):\n{log_tail(log_path)}")
    write_marker(output, run)
    say(f"built part {','.join(run)} in {time.monotonic() - start:.1f} s: {output} "
        "(merge the parts with `archive build --merge`)")


def merge_parts(config: SiteConfig, output: Path, parts: list[Path], say) -> None:
    """Parts built elsewhere merged into ``output`` (a new folder), then the whole-site steps."""
    phases.enable_report(count_children=False)  # the parts report for themselves
    ordered = order_parts(parts, build_order(config))
    if any(output.resolve() == part.resolve() for part, _ in ordered):
        raise PartRefused("--output must be a new folder, not one of the parts")
    clean(output, config)
    merge(ordered, output, move=False)
    gate(output, config)  # parts may come from anywhere (CI artifacts): check what will be deployed
    steps = finalize(output, config)
    say(f"merged {len(ordered)} part(s); whole-site steps in {steps:.1f} s: {output}")


def gate(output: Path, config: SiteConfig) -> None:
    """The output gate over every page, stylesheet and script of a merged site."""
    found = report.errors(output_gate.check_site(output, output_gate.Policy.for_site(config.site_url)))
    if found:
        raise PartError("the merged site breaks the security policy (statements_archive.checks.output_gate):\n"
                        + report.format_problems(found))
