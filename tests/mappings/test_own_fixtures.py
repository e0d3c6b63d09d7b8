"""The project's own small Amazon orders (tests/mappings/data) map to bodies Commerce takes,
whose grand totals equal Amazon's."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from connector.amazon.parse import parse_v0_order, parse_v2026_order
from connector.sandbox.commerce.schemas import request_body_errors
from mappings import PII_MISSING, order_body, to_json
from mappings.regions import RegionList

DATA = Path(__file__).parent / "data"


def load(name):
    document = json.loads((DATA / name).read_text())
    if name.endswith(".v0.json"):
        return parse_v0_order(document["order"], document["items"])
    return parse_v2026_order(document["order"])


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.json")))
def test_maps_to_a_valid_body_with_amazons_total(name):
    order = load(name)
    mapped = order_body(order)
    wire = json.loads(to_json(mapped.body), parse_float=Decimal)
    assert request_body_errors("create_order", wire) == {}
    assert wire["entity"]["grand_total"] == order.order_total.amount
    assert mapped.balanced


def test_us_order_amounts():
    entity = order_body(load("us-mfn-unshipped.v2026.json")).body["entity"]
    assert (entity["subtotal"], entity["shipping_amount"], entity["tax_amount"],
            entity["discount_amount"], entity["grand_total"]) == (
        Decimal("49.98"), Decimal("5.00"), Decimal("5.05"), Decimal("-2.00"), Decimal("58.03"))
    assert [(i["sku"], i["qty_ordered"], i["price"]) for i in entity["items"]] == [
        ("MUG-BLUE", 2, Decimal("19.99")), ("COASTER-4", 1, Decimal("10.00"))]
    assert entity["billing_address"]["region_code"] == "WA"
    assert entity["shipping_description"] == "Amazon - Second Day"
    assert entity["state"] == "processing"


def test_german_order_with_shipping_discount_and_discount_tax():
    # Commerce 2.4.8's own code for Bavaria, from its directory (ISO 3166-2 says BY).
    regions = RegionList.from_commerce([{"id": "DE", "available_regions": [
        {"id": "81", "code": "BAY", "name": "Bayern"}]}])
    entity = order_body(load("de-mfn-partially-shipped.v0.json"), regions=regions).body[
        "entity"]
    assert (entity["order_currency_code"], entity["tax_amount"], entity["discount_amount"],
            entity["shipping_discount_amount"], entity["grand_total"]) == (
        "EUR", Decimal("7.03"), Decimal("-7.99"), Decimal("4.99"), Decimal("44.03"))
    assert entity["billing_address"]["region_code"] == "BAY"
    assert "BACKEN-10" in entity["discount_description"]


def test_japanese_fba_order_is_complete_with_placeholders():
    mapped = order_body(load("jp-fba-shipped.v2026.json"))
    entity = mapped.body["entity"]
    assert entity["state"] == "complete"
    assert entity["items"][0]["qty_invoiced"] == 3
    assert entity["billing_address"]["region"] == "東京都"
    assert entity["billing_address"]["firstname"] == "Amazon"
    assert mapped.finding(PII_MISSING)
