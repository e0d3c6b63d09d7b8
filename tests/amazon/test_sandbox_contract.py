"""The sandbox holds only orders Amazon could send, by its own reading of Amazon's model, and
borrows nothing from the client it stands in for: a reader that is too lenient (or too strict)
then shows up in the end-to-end tests instead of being mirrored by the sandbox."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

import connector.sandbox.amazon
from connector.sandbox.amazon import create_amazon_sandbox
from connector.sandbox.amazon.catalog import DEFAULT_CATALOG, build_order
from tests.fuzz.payloads import REMOVE, mutate

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def control():
    return create_amazon_sandbox(samples=False, now=lambda: NOW).test_client()


def an_order() -> dict:
    return build_order("113-0000001-0000001", [("MUG-STONE-350", 2)], DEFAULT_CATALOG,
                       created=NOW, status="UNSHIPPED")


@pytest.mark.parametrize(("path", "value", "field"), [
    # Each of these a lenient reader would take; Amazon's model does not allow it.
    (("fulfillment", "fulfillmentStatus"), "CANCELED", "fulfillment.fulfillmentStatus"),
    (("fulfillment", "fulfillmentServiceLevel"), "Standard",
     "fulfillment.fulfillmentServiceLevel"),
    (("fulfillment", "fulfilledBy"), "SELLER", "fulfillment.fulfilledBy"),
    (("programs",), ["PRIME_NOW"], "programs[0]"),
    (("salesChannel", "channelName"), "amazon", "salesChannel.channelName"),
    (("recipient", "deliveryAddress", "addressType"), "HOME",
     "recipient.deliveryAddress.addressType"),
    (("proceeds", "grandTotal", "amount"), 30.03, "proceeds.grandTotal.amount"),
    (("proceeds", "grandTotal", "amount"), "30,03", "proceeds.grandTotal.amount"),
    (("proceeds", "grandTotal", "currencyCode"), "usd", "proceeds.grandTotal.currencyCode"),
    (("orderItems", 0, "product", "price", "unitPrice", "currencyCode"), REMOVE,
     "orderItems[0].product.price.unitPrice.currencyCode"),
    (("lastUpdatedTime",), "2026-11-02T09:00:00", "lastUpdatedTime"),
    (("createdTime",), "2026-11-02", "createdTime"),
    (("orderItems", 0, "quantityOrdered"), "2", "orderItems[0].quantityOrdered"),
    (("orderItems", 0, "product"), REMOVE, "orderItems[0].product"),
    (("salesChannel", "channelName"), REMOVE, "salesChannel.channelName"),
    # What the sandbox needs to serve an order through both API versions.
    (("orderItems", 0, "product", "sellerSku"), REMOVE, "orderItems[0].product.sellerSku"),
    (("salesChannel", "marketplaceId"), "", "salesChannel.marketplaceId"),
])
def test_the_control_api_refuses_what_amazons_model_does_not_allow(control, path, value,
                                                                    field):
    answer = control.post("/_sandbox/orders", json=mutate(an_order(), path, value))
    assert answer.status_code == 400
    assert list(answer.get_json()["errors"]) == [field]
    assert control.get("/_sandbox/orders").get_json()["orders"] == []


def test_fields_the_model_does_not_name_yet_are_held_and_served(control):
    """Amazon adds fields over time; a client must not break on them, so they pass."""
    order = mutate(an_order(), ("fulfillment", "pickupWindow"), {"earliestDateTime": "soon"})
    assert control.post("/_sandbox/orders", json=order).status_code == 201
    held = control.get(f"/_sandbox/orders/{order['orderId']}").get_json()
    assert held["fulfillment"]["pickupWindow"] == {"earliestDateTime": "soon"}


def test_the_sandbox_imports_nothing_of_the_client_it_stands_in_for():
    package = Path(connector.sandbox.amazon.__file__).parent
    borrowed = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            borrowed += [f"{path.name}: {name}" for name in names
                         if name.startswith("connector") and
                         not name.startswith("connector.sandbox.amazon")]
    assert borrowed == []
