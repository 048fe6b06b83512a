"""How long `archive import DIR` takes on a backlog of Word documents.

Generates N DOCX statements of about W words each (headings, footnotes,
emphasis, links, a list and a table, as real ones have) with pandoc in a
temporary folder, copies the project there without its statements, and
times one `archive import` of the whole folder, as a maintainer would run it:

    .venv/bin/python benchmarks/import_docx.py --files 100 --words 5000 [--jobs 2]

Prints the generation time (not part of the figure), the import's wall time,
the time per file, the words per second and the CPU time of archive and its
pandoc processes (steadier than wall time on a shared machine); exit 1 if any
file was refused.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypandoc

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("mkdocs.yml", "babel.cfg", "docs", "overrides", "translations")


def _words(rng: random.Random, n: int) -> str:
    syllables = ["ka", "ri", "mo", "te", "lu", "sa", "ne", "vi", "do", "pa", "gu", "le"]
    return " ".join("".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(n))


def statement_markdown(index: int, words: int) -> str:
    rng = random.Random(index)
    per_paragraph = 120
    paragraphs = max(1, words // per_paragraph)
    parts = [f"---\ntitle: Statement {index:03d} {_words(rng, 4)}\nlang: en\ndate: 2024-01-{index % 28 + 1:02d}\n"
             "keywords: [gaza]\n---\n"]
    notes = []
    for p in range(paragraphs):
        if p % 5 == 0:
            parts.append(f"# Section {p // 5 + 1} {_words(rng, 3)}")
        text = _words(rng, per_paragraph).capitalize()
        text = text.replace(" ", " *emphasis* ", 1) + f" See [the report](https://example.org/r/{index}/{p})."
        if p % 2 == 0:
            text += f"[^{p}]"
            notes.append(f"[^{p}]: {_words(rng, 15).capitalize()}.")
        parts.append(text)
        if p == 10:
            parts.append("- " + _words(rng, 8) + "\n- " + _words(rng, 8))
        if p == 20:
            parts.append("| a | b |\n|---|---|\n| " + _words(rng, 2) + " | " + _words(rng, 2) + " |")
    return "\n\n".join(parts + notes) + "\n"


def generate(folder: Path, files: int, words: int) -> None:
    folder.mkdir(parents=True)
    pandoc = pypandoc.get_pandoc_path()
    for i in range(files):
        md = folder / f"s{i:03d}.md"
        md.write_text(statement_markdown(i, words), encoding="utf-8")
        subprocess.run([pandoc, str(md), "-o", str(folder / f"s{i:03d}.docx")], check=True)
        md.unlink()


def project_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        (shutil.copytree(src, target / part) if src.is_dir() else shutil.copy2(src, target / part))
    for folder in (target / "docs").glob("*/statements"):
        shutil.rmtree(folder)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="archive import --jobs")
    args = parser.parse_args(argv)
    archive = Path(sys.executable).parent / "archive"
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        backlog = Path(tmp) / "backlog"
        started = time.perf_counter()
        generate(backlog, args.files, args.words)
        generated = time.perf_counter() - started
        project = project_copy(Path(tmp) / "project")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        result = subprocess.run([str(archive), "import", str(backlog), "--lang", "en", "--jobs", str(args.jobs)],
                                cwd=project,
                                capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        written = list((project / "docs/en/statements").glob("*.md"))
        total_words = sum(len(p.read_text("utf-8").split()) for p in written)
    print(f"generated {args.files} DOCX of ~{args.words} words in {generated:.1f} s (not timed below)")
    print(f"archive import DIR --jobs {args.jobs}: {elapsed:.1f} s wall for {args.files} files "
          f"({elapsed / args.files * 1000:.0f} ms per file, {total_words / elapsed:,.0f} words/s); "
          f"{cpu:.1f} CPU s (archive and pandoc), load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"summary line: {result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr.strip()}")
    return 0 if result.returncode == 0 and len(written) == args.files else 1


if __name__ == "__main__":
    sys.exit(main())
