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
    "import": "scripts.importer_cli:command",
    "translations": "scripts.translations_cli:group",
    "translate": "scripts.translations_cli:translate",
    "i18n": "scripts.i18n_cli:group",
    "schema": "scripts.content_cli:schema",
    "bench": "scripts.bench.command:command",
    "build": "scripts.build_cli:command",
})
def main():
    """Tools for the multilingual archive of statements."""


@main.group(cls=LazyGroup, lazy={
    "content": "scripts.content_cli:check_content",
    "citations": "scripts.citations_cli:check_citations",
    "links": "scripts.linkcheck.command:command",
    "privacy": "scripts.privacy_cli:check_privacy",
})
def check():
    """Integrity checks: exit 0 when clean, 1 on problems, 2 on usage errors."""
