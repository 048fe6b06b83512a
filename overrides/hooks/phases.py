"""Time per build phase (statements_archive.build.phases), for `archive bench`.

Brackets MkDocs' own work around every other hook: the first and last
priorities of each page event mark where Markdown rendering and templating
start and stop. Nothing is recorded unless ARCHIVE_PHASES names a file.
"""
from __future__ import annotations

from mkdocs.plugins import event_priority

from statements_archive.build.phases import current, enable_report

FIRST, LAST = 10_000, -10_000


@event_priority(FIRST)
def on_config(config):
    enable_report()
    current.start("checks")  # the archive hook loads and checks the content in on_config
    return config


@event_priority(FIRST)
def on_files(files, config):
    current.stop("checks")
    return files


@event_priority(LAST)
def on_page_markdown(markdown, page, config, files):
    current.start("markdown")
    return markdown


@event_priority(FIRST)
def on_page_content(html, page, config, files):
    current.stop("markdown")
    return html


@event_priority(FIRST)
def on_page_context(context, page, config, nav):
    # MkDocs renders every page's Markdown first, then templates and writes page by page:
    # the previous page's writing ends here.
    current.stop("write")
    current.start("templates")  # the pages' context (archive hook) and Jinja
    return context


@event_priority(FIRST)
def on_post_page(output, page, config):
    current.stop("templates")
    current.start("write")  # the gate's own time is counted apart (checks.output_gate)
    return output


@event_priority(FIRST)
def on_post_build(config):
    current.stop("write")
