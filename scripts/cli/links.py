"""`archive check links`: internal links of the built site, then cited URLs."""
from __future__ import annotations

import os
import time
from pathlib import Path

import click

from statements_archive.checks.report import FORMATS, format_problems, exit_code
from statements_archive.checks.links import cache as cache_mod
from statements_archive.config import SiteConfig, load_any

HELP = f"""Check links: every link and #anchor inside the built site (internal),
and every http(s) URL cited in docs/ (external: front-matter sources' url and
archive_url, and links in Markdown bodies).

External results are cached in --cache: ok and redirected URLs are re-checked
after --ttl days (default {cache_mod.DEFAULT_TTL_DAYS:g}), failures (broken,
timeout, blocked) after --failure-ttl days (default
{cache_mod.DEFAULT_FAILURE_TTL_DAYS:g}), so a second run re-checks nothing
fresh.

Broken links, missing anchors and broken or timed-out URLs are errors;
redirected and blocked (401/403/429) URLs are warnings, and so is a broken
source url whose archive_url works. Exit 0 when there is no error, 1 when
there is, 2 on usage errors (such as a missing site directory).
"""


def _positive(ctx, param, value):
    if value is not None and value <= 0:
        raise click.BadParameter("must be greater than 0")
    return value


@click.command("links", help=HELP)
@click.option("--site", "site_dir", default="site", show_default=True, type=click.Path(path_type=Path), metavar="DIR",
              help="Built site directory (mkdocs build output).")
@click.option("--docs", "docs_dir", default="docs", show_default=True, type=click.Path(path_type=Path), metavar="DIR",
              help="Markdown sources: for external URLs and to map broken links to file:line.")
@click.option("--offline", is_flag=True, help="Internal links only; no network (pull-request CI).")
@click.option("--external-only", is_flag=True, help="External URLs only; the site need not be built.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--site-url", default=None, metavar="URL",
              help="URL the site is served at; absolute links under it are internal. [default: site_url of mkdocs.yml]")
@click.option("--config-file", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="mkdocs.yml to read site_url and languages from. [default: mkdocs.yml beside --docs]")
@click.option("--jobs", type=click.IntRange(1), default=min(2, os.cpu_count() or 1), show_default=True, metavar="N",
              help="Processes parsing the site's pages.")
@click.option("--cache", "cache_file", type=click.Path(path_type=Path), default=Path(".archive-cache/links.json"),
              metavar="FILE", show_default=True, help="External results cache (JSON).")
@click.option("--ttl", type=click.FloatRange(0), default=cache_mod.DEFAULT_TTL_DAYS, show_default=True,
              metavar="DAYS", help="Days an ok/redirected result stays fresh (0 re-checks everything).")
@click.option("--failure-ttl", type=click.FloatRange(0), default=cache_mod.DEFAULT_FAILURE_TTL_DAYS,
              show_default=True, metavar="DAYS", help="Days a broken/timeout/blocked result stays fresh.")
@click.option("--timeout", type=float, default=10.0, show_default=True, metavar="SECONDS", callback=_positive,
              help="Per-request timeout.")
@click.option("--concurrency", type=click.IntRange(1), default=32, show_default=True, metavar="N",
              help="Requests in flight at once, over all hosts.")
@click.option("--per-host", type=click.IntRange(1), default=4, show_default=True, metavar="N",
              help="Requests in flight at once to one host.")
@click.option("--retries", type=click.IntRange(0), default=2, show_default=True, metavar="N",
              help="Retries after a timeout, connection error, 5xx or 429 (exponential backoff, Retry-After honoured).")
@click.option("--delay", type=click.FloatRange(0), default=0.2, show_default=True, metavar="SECONDS",
              help="Minimum time between two requests to the same host.")
@click.pass_context
def command(ctx, site_dir, docs_dir, offline, external_only, fmt, site_url, config_file, jobs,
            cache_file, ttl, failure_ttl, timeout, concurrency, per_host, retries, delay):
    if offline and external_only:
        raise click.UsageError("--offline and --external-only exclude each other.")
    config_path = config_file or docs_dir.parent / "mkdocs.yml"
    if config_file is not None and not config_file.is_file():
        raise click.BadParameter(f"file '{config_file}' does not exist.", param_hint="'--config-file'")
    config = load_any(config_path)
    site_url = site_url or config.declared_site_url
    problems = []
    if not external_only:
        if not site_dir.is_dir():
            raise click.BadParameter(
                f"site directory '{site_dir}' does not exist; build the site first "
                "(archive build) or point --site at it.", param_hint="'--site'")
        problems += _internal(site_dir, docs_dir, config, site_url, jobs)
    if not offline:
        if not docs_dir.is_dir():
            raise click.BadParameter(f"docs directory '{docs_dir}' does not exist.", param_hint="'--docs'")
        from statements_archive.checks.links.external import Settings
        settings = Settings(timeout=timeout, concurrency=concurrency, per_host=per_host,
                            retries=retries, host_delay=delay)
        cache = cache_mod.LinkCache(cache_file, ttl * cache_mod.DAY, failure_ttl * cache_mod.DAY)
        problems += _external(docs_dir, settings, cache, site_url)
    click.echo(format_problems(problems, fmt))
    ctx.exit(exit_code(problems))


def _internal(site_dir: Path, docs_dir: Path, config: SiteConfig, site_url: str | None, jobs: int):
    from statements_archive.checks.links.internal import check_site
    from statements_archive.checks.links.pagesource import to_problems
    start = time.perf_counter()
    report = check_site(site_dir, site_url, jobs)
    problems = to_problems(report.broken, site_dir, docs_dir, config, report.prefix)
    note = "" if site_url else "; no site_url known, absolute links to the site are not checked"
    click.echo(f"internal: {report.pages} pages, {report.links} links checked in "
               f"{time.perf_counter() - start:.2f} s{note}", err=True)
    return problems


def _external(docs_dir: Path, settings, cache, site_url: str | None):
    from statements_archive.checks.links.external import check_urls
    from statements_archive.checks.links.external_problems import problems_for
    from statements_archive.checks.links.internal import SiteBase
    from statements_archive.checks.links.sources import collect
    start = time.perf_counter()
    urls = collect(docs_dir)
    # Links into our own site are the internal check's job (and may not be deployed yet).
    own = SiteBase.from_site_url(site_url)
    urls = {url: uses for url, uses in urls.items() if own.local_part(url) is None}
    outcome = check_urls(urls, settings, cache)
    click.echo(f"external: {len(urls)} URLs ({outcome.cached} from cache, {outcome.checked} checked) in "
               f"{time.perf_counter() - start:.2f} s", err=True)
    return problems_for(urls, outcome.results)
