"""`archive check privacy`: the built site requests nothing from other hosts."""
from __future__ import annotations

from pathlib import Path

import click

from statements_archive.checks import privacy
from statements_archive.cli.common import FORMAT_OPTION, finish, load_config


@click.command("privacy")
@click.option("--site", "site_dir", type=click.Path(path_type=Path), help="Built site (default: site_dir of mkdocs.yml).")
@FORMAT_OPTION
def check_privacy(site_dir, fmt):
    """Fail when a built page, stylesheet or script would load anything from another host."""
    config = load_config()
    site_dir = site_dir or config.site_dir
    if not site_dir.is_dir():
        raise click.UsageError(f"{site_dir} does not exist; build the site first (mkdocs build)")
    finish(privacy.check_site(site_dir, config.site_url), fmt)
