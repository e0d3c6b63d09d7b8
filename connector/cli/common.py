"""What every ``connector`` command shares: one clear line and exit code 2 for bad settings or
input (nothing written), the app for a command, marshmallow's messages as ``field: message``."""

from __future__ import annotations

import sys
from contextlib import contextmanager

import click

from connector.config import ConfigError

USAGE_ERROR = 2


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(USAGE_ERROR)


def build_app(**config):
    from connector import create_app

    try:
        return create_app(config or None)
    except ConfigError as exc:
        fail(str(exc))


@contextmanager
def app_context(**config):
    """The app for one command, with its database connections closed at the end."""
    app = build_app(**config)
    try:
        with app.app_context():
            yield app
    finally:
        app.extensions["connector_db"].dispose()


def field_errors(errors: dict, prefix: str = "") -> list[str]:
    """Flatten marshmallow's messages into ``field: message`` lines."""
    lines: list[str] = []
    for field, messages in errors.items():
        name = f"{prefix}{field}"
        if isinstance(messages, dict):
            lines.extend(field_errors(messages, f"{name}."))
        else:
            lines.extend(f"{name}: {m}" for m in messages)
    return lines


def exit_with_field_errors(messages: dict, rename=lambda line: line) -> None:
    for line in field_errors(messages):
        click.echo(f"error: {rename(line)}", err=True)
    sys.exit(USAGE_ERROR)
