"""The ``connector`` command: serve, migrate, manage stores, resync, run the sandboxes.

Each sub-command lives in its own module and is imported on first use, so a command's imports
(a sandbox's, the web app's) cost nothing otherwise. Bad settings or input print one clear line
and exit with code 2; nothing is written.
"""

from __future__ import annotations

import importlib

import click


class LazyGroup(click.Group):
    """Sub-commands imported on first use."""

    def __init__(self, *args, lazy: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx, name):
        if name in self.lazy:
            module, attr = self.lazy[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, help="Amazon Orders for Adobe Commerce.",
             lazy={"serve": "connector.cli.serve:serve",
                   "scheduler": "connector.cli.serve:scheduler",
                   "db": "connector.cli.database:db_group",
                   "stores": "connector.cli.stores:stores",
                   "keys": "connector.cli.keys:keys",
                   "map": "connector.cli.map:command",
                   "admin-url": "connector.cli.admin_url:admin_url",
                   "resync": "connector.cli.resync:resync",
                   "notifications": "connector.cli.notifications:notifications",
                   "sandbox": "connector.cli.sandbox:sandbox"})
def main() -> None:
    pass
