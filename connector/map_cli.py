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

USAGE_ERROR = 2


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(USAGE_ERROR)


def _read_json(stream, label: str):
    try:
        text = stream.read()
    except UnicodeDecodeError:
        _fail(f"{label} is not UTF-8 text")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(f"{label} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")


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


def parse_order(document):
    """The internal order from either API's JSON; raises ``InvalidOrderData``."""
    from connector.amazon.errors import InvalidOrderData
    from connector.amazon.parse import parse_v0_order, parse_v2026_order

    if not isinstance(document, dict) or "order" not in document:
        raise InvalidOrderData("order", 'expected a JSON object with an "order" field')
    order = document["order"]
    v0 = "items" in document or (isinstance(order, dict) and "AmazonOrderId" in order)
    if not v0:
        return parse_v2026_order(order)
    items = document.get("items", [])
    for key in ("address", "buyer"):
        if document.get(key) is not None and not isinstance(document[key], dict):
            raise InvalidOrderData(key, "expected an object")
    return parse_v0_order(order, items, address=document.get("address"),
                          buyer=document.get("buyer"))


@click.command(name="map", help="Show the Commerce order body an Amazon order JSON maps to "
               "(FILE, or - for standard input).")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--settings", "settings_file", type=click.File("r", encoding="utf-8"),
              default=None, help="Order settings as a JSON object (default: a new store's).")
def command(file, settings_file) -> None:
    from connector.amazon.errors import InvalidOrderData
    from mappings import order_body, to_json

    settings = _settings(settings_file)
    label = "standard input" if file.name == "<stdin>" else file.name
    document = _read_json(file, label)
    try:
        order = parse_order(document)
    except InvalidOrderData as exc:
        _fail(f"{label}: {exc}")
    mapped = order_body(order, settings)
    click.echo(to_json(mapped.body, indent=2))
    for finding in mapped.findings:
        click.echo(str(finding), err=True)


__all__ = ["command", "parse_order"]
