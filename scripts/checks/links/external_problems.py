"""Turn external check results into problems at each place a URL is cited.

Severity follows what a reader would meet: a dead or silent link is an
error; a redirect or a server refusing robots is a warning. A dead source
``url`` whose ``archive_url`` works is a warning too, since readers get the
archived copy.
"""
from __future__ import annotations

from statements_archive.checks.report import ERROR, WARNING, Problem
from statements_archive.checks.links.external import BLOCKED, BROKEN, OK, REDIRECTED, TIMEOUT, Result
from statements_archive.checks.links.sources import Use, check_key

FAILED = (BROKEN, TIMEOUT)


def describe(result: Result) -> str:
    if result.status == REDIRECTED:
        chain = " -> ".join(f"{hop['url']} ({hop['status']})" for hop in result.hops)
        return f"redirected: {chain} -> {result.final_url} ({result.code}); cite the final URL"
    if result.status == BLOCKED:
        return f"blocked ({result.detail}): the server refuses automated checks; verify by hand"
    reason = result.detail
    if result.hops:
        reason += f" after {len(result.hops)} redirect(s) ending at {result.final_url}"
    return f"{result.status} ({reason})"


def problems_for(urls: dict[str, list[Use]], results: dict[str, Result]) -> list[Problem]:
    problems = []
    for url, uses in urls.items():
        result = results.get(url)
        if result is None or result.status == OK:
            continue
        for use in uses:
            severity = ERROR if result.status in FAILED else WARNING
            message = f"{url}: {describe(result)}"
            if result.status in FAILED and use.archive_url:
                archived = results.get(check_key(use.archive_url))
                if archived is not None and archived.status in FAILED:
                    message += f"; its archive_url {use.archive_url} fails too"
                else:
                    severity = WARNING
                    message += f"; readers fall back to archive_url {use.archive_url}"
            problems.append(Problem(use.path, use.line, use.field, message, severity))
    return problems
