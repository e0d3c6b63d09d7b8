"""``connector map FILE``: show the Commerce order an Amazon order becomes.

Reads one Amazon order as JSON: Orders v2026 (``{"order": {...}}``, as getOrder returns it) or
v0 (``{"order": <Order>, "items": [<OrderItem>...]}``, optionally with ``"address"`` and
``"buyer"``: the payloads of getOrderAddress and getOrderBuyerInfo). Prints the body of
``POST /V1/orders`` on stdout and each finding on stderr, one per line. Bad input: one line
naming the field, exit code 2.
"""

from __future__ import annotations

import json
import sys

import click

from connector.cli.common import USAGE_ERROR, fail


def _read_json(stream, label: str):
    try:
        text = stream.read()
    except UnicodeDecodeError:
        fail(f"{label} is not UTF-8 text")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{label} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")


def _settings(stream):
    from mappings import MappingSettings, SettingsError

    if stream is None:
        return MappingSettings()
    data = _read_json(stream, f"settings file {stream.name}")
    try:
        return MappingSettings.from_dict(data)
    except SettingsError as exc:
        for name, message in exc.errors.items():
            click.echo(f"error: settings: {name}: {message}", err=True)
        sys.exit(USAGE_ERROR)


@click.command(name="map", help="Show the Commerce order body an Amazon order JSON maps to "
               "(FILE, or - for standard input).")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--settings", "settings_file", type=click.File("r", encoding="utf-8"),
              default=None, help="Order settings as a JSON object (default: a new store's).")
def command(file, settings_file) -> None:
    from connector.orders import OrderUnreadable, map_order_document
    from mappings import to_json

    settings = _settings(settings_file)
    label = "standard input" if file.name == "<stdin>" else file.name
    document = _read_json(file, label)
    try:
        mapped = map_order_document(document, settings)
    except OrderUnreadable as exc:
        fail(f"{label}: {exc}")
    click.echo(to_json(mapped.body, indent=2))
    for finding in mapped.findings:
        click.echo(str(finding), err=True)

