"""The `archive` command line.

Subcommands live next to the logic they drive; this module only wires them
into one click group, importing each lazily so `archive --help` stays fast.
"""
from __future__ import annotations

import importlib

import click


class LazyGroup(click.Group):
    """A group whose subcommands are ``module:attribute`` strings."""

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx, name):
        if name in self.lazy:
            module, _, attr = self.lazy[name].partition(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, lazy={
    "import": "statements_archive.cli.importing:command",
    "translations": "statements_archive.cli.translations:group",
    "translate": "statements_archive.cli.translations:translate",
    "review": "statements_archive.cli.review:command",
    "i18n": "statements_archive.cli.i18n:group",
    "schema": "statements_archive.cli.content:schema",
    "bench": "statements_archive.cli.bench:command",
    "build": "statements_archive.cli.build:command",
    "export": "statements_archive.cli.export:group",
})
def main():
    """Tools for the multilingual archive of statements."""


@main.group(cls=LazyGroup, lazy={
    "content": "statements_archive.cli.content:check_content",
    "citations": "statements_archive.cli.citations:check_citations",
    "links": "statements_archive.cli.links:command",
    "privacy": "statements_archive.cli.privacy:check_privacy",
})
def check():
    """Integrity checks: exit 0 when clean, 1 on problems, 2 on usage errors."""
