"""``connector map FILE``: show the Commerce order an Amazon order becomes.

Reads one Amazon order as JSON: Orders v2026 (``{"order": {...}}``, as getOrder returns it) or
v0 (``{"order": <Order>, "items": [<OrderItem>...]}``, optionally with ``"address"`` and
``"buyer"``: the payloads of getOrderAddress and getOrderBuyerInfo). Prints the body of
``POST /V1/orders`` on stdout and each finding on stderr, one per line. Bad input: one line
naming the field, exit code 2.

``--regions FILE``: Commerce's ``GET /V1/directory/countries`` answer saved as JSON, so regions
get that Commerce's codes (without it: ISO 3166-2's, for the countries whose codes Commerce
shares).
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
@click.option("--regions", "regions_file", type=click.File("r", encoding="utf-8"),
              default=None, help="Commerce's GET /V1/directory/countries answer as JSON "
                                 "(default: ISO 3166-2 regions).")
def command(file, settings_file, regions_file) -> None:
    from connector.orders import OrderUnreadable, map_order_document
    from mappings import to_json

    settings = _settings(settings_file)
    directory = None
    if regions_file is not None:
        directory = _read_json(regions_file, f"regions file {regions_file.name}")
        if not isinstance(directory, list) or not all(isinstance(c, dict) for c in directory):
            fail(f"regions file {regions_file.name}: a JSON list of countries, as "
                 "GET /V1/directory/countries answers")
    label = "standard input" if file.name == "<stdin>" else file.name
    document = _read_json(file, label)
    try:
        mapped = map_order_document(document, settings, directory)
    except OrderUnreadable as exc:
        fail(f"{label}: {exc}")
    click.echo(to_json(mapped.body, indent=2))
    for finding in mapped.findings:
        click.echo(str(finding), err=True)

