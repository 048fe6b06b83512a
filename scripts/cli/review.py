"""`archive review PATH --reviewer NAME`: record a reviewer's sign-off of a translation."""
from __future__ import annotations

from pathlib import Path

import click

from statements_archive.cli.common import load_translation
from statements_archive.translation import review as review_mod


@click.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reviewer", required=True, help="Name of the person who reviewed the translation.")
def command(path, reviewer):
    """Record that REVIEWER checked the translation PATH: sets status: reviewed."""
    _, name, translation, original = load_translation(path)
    try:
        review_mod.check(translation, original, reviewer)
        reviewers = review_mod.reviewers_after(translation, reviewer)
        text = path.read_text(encoding="utf-8")
        updated = review_mod.sign_off(text, name, reviewers, translation.revision)
    except review_mod.ReviewRefused as refused:
        raise click.ClickException(str(refused))
    if updated == text:
        click.echo(f"{name}: already reviewed by {reviewer.strip()} at revision {translation.revision}; nothing to change.")
        return
    path.write_bytes(updated.encode("utf-8"))
    click.echo(f"{name}: reviewed by {', '.join(reviewers)} (revision {translation.revision}); status: reviewed.")
