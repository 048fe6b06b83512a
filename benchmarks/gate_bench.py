"""Cost of the output gate (statements_archive.checks.output_gate) per written page.

    .venv/bin/python benchmarks/gate_bench.py SITE_DIR

SITE_DIR is a built site, e.g. the bench corpus built with `mkdocs build`
(benchmarks.corpus.generate). CPU time (process_time), best of three runs, so
other load on the machine does not inflate it; the lexbor parse alone is shown
for comparison (the rest is the policy's Python).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from statements_archive.checks import output_gate


def _best(run, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def main(site: Path) -> None:
    policy = output_gate.Policy.for_site("https://archive.example.org/")
    pages = [(p, p.read_text("utf-8")) for p in sorted(site.rglob("*.html"))]
    statements = [(p, t) for p, t in pages if "/statements/" in p.as_posix()]
    for label, group in (("statement pages", statements), ("all pages", pages)):
        if not group:
            continue
        gate = _best(lambda: [output_gate.check_page(t, p.name, policy) for p, t in group])
        parse = _best(lambda: [LexborHTMLParser(t) for _, t in group])
        size = sum(len(t) for _, t in group) / len(group) / 1024
        print(f"{label}: {len(group)} pages, {size:.0f} KiB on average: gate {gate / len(group) * 1000:.2f} ms/page "
              f"(of which lexbor's parse {parse / len(group) * 1000:.2f} ms)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
