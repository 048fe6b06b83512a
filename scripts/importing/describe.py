"""What an import would write, for people: the outline `--dry-run` prints."""
from __future__ import annotations

from statements_archive.importing.statement import Plan


def _date(value) -> str:
    if isinstance(value, dict):
        bounds = f"after {value.get('after')}" + (f", before {value['before']}" if value.get("before") else "")
        return f"unknown day, {bounds} ({value.get('note', '')})"
    return str(value) if value else "unknown"


def outline(plan: Plan) -> str:
    o = plan.outline
    origin = plan.origin
    rows = [
        ("title", o.title),
        ("language", f"{plan.lang} ({origin.get('language', '')})"),
        ("slug", plan.slug or "(none)"),
        ("target", plan.shown_target or "(none)"),
        ("date", f"{_date(plan.meta.get('date'))}" + (f" ({origin['date']})" if "date" in origin else "")),
        ("topics", ", ".join(plan.meta.get("topics") or []) + (f" ({origin['topics']})" if "topics" in origin else "")),
        ("authors", ", ".join(plan.meta.get("authors") or []) or "not recorded"),
        ("summary", origin.get("summary", "")),
        ("paragraphs", str(o.paragraphs)),
        ("footnotes", str(len(o.notes))),
        ("headings", str(len(o.headings))),
    ]
    width = max(len(k) for k, _ in rows) + 1
    lines = [f"{k + ':':<{width}} {v}" for k, v in rows]
    for block in o.headings:
        where = f"line {block.line}" if block.line else ""
        lines.append(f"  {where:<9} {'#' * block.level} {block.text}")
    lines += [f"note: {n}" for n in plan.notices]
    return "\n".join(lines)
