"""Before import: the address is normalised with Commerce's own region list; and an order that
arrived while import was disabled stays Seller Central's unless the merchant asks."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from connector.models import AmazonOrder, OrderSettings
from connector.orders import request_import
from connector.orders.actions import ImportRefused
from tests.e2e.world import v2026_order


def place(world, order_id, *, status="UNSHIPPED", **delivery):
    body = v2026_order(order_id, [("MUG-1", 1, "12.00")], created=world.clock.now(),
                       status=status)
    body["recipient"]["deliveryAddress"].update(delivery)
    assert world.http.post(f"{world.amazon_url}/_sandbox/orders", json=body).status_code == 201
    return order_id


def stored(world, order_id) -> AmazonOrder:
    with world.db().session() as session:
        return session.scalar(select(AmazonOrder).where(
            AmazonOrder.amazon_order_id == order_id).options(selectinload(AmazonOrder.notes)))


def test_a_free_form_address_is_imported_the_way_commerce_knows_it(world):
    order_id = place(world, "111-3000001-0000001", city="Escondido",
                     stateOrRegion="californiA", postalCode="92025-1501")
    assert world.run().imports == {"created": 1}
    shipping = world.commerce_order_for(order_id)["extension_attributes"][
        "shipping_assignments"][0]["shipping"]["address"]
    assert (shipping["region_code"], shipping["region"], shipping["postcode"]) == (
        "CA", "California", "92025")
    row = stored(world, order_id)
    assert row.address_normalised == [
        {"field": "state_or_region", "label": "Shipping region", "before": "californiA",
         "after": "CA"},
        {"field": "postal_code", "label": "Shipping postal code", "before": "92025-1501",
         "after": "92025"}]
    assert any('Shipping region "californiA" -> "CA"' in n.text for n in row.notes)


def test_an_address_that_cannot_be_normalised_blocks_the_order_naming_the_field(world):
    order_id = place(world, "111-3000002-0000001", stateOrRegion="Atlantis")
    assert world.run().imports == {"blocked": 1}
    row = stored(world, order_id)
    assert (row.status, row.blocked_reason) == ("Error", "address")
    assert row.latest_note.startswith('Cannot create sales order: Shipping region: "Atlantis" '
                                      "is not a state or region of US that Commerce knows.")
    assert world.commerce_order_for(order_id) is None
    assert world.commerce_calls().get("GET /V1/directory/countries") == 1


def set_import(world, enabled: bool):
    with world.db().session() as session:
        session.get(OrderSettings, world.store_id).import_enabled = enabled


def test_an_order_received_while_import_was_disabled_is_never_imported_later(world):
    set_import(world, False)
    order_id = place(world, "111-3000003-0000001")
    world.run()
    set_import(world, True)
    for _ in range(3):
        world.run()
    row = stored(world, order_id)
    assert row.arrived_import_disabled and row.commerce_order_id is None
    assert world.commerce_order_for(order_id) is None
    assert "Import was disabled when this order arrived" in row.notes[1].text
    # An order arriving now that import is on again is imported as usual.
    later = place(world, "111-3000004-0000001")
    world.run()
    assert world.commerce_order_for(later) is not None


def test_the_merchant_can_ask_for_such_an_order_to_be_imported(world):
    set_import(world, False)
    order_id = place(world, "111-3000005-0000001")
    world.run()
    with pytest.raises(ImportRefused, match="enable it in Order settings"):
        request_import(world.lifecycle, world.store_id, order_id, user="merchant")
    set_import(world, True)
    result = request_import(world.lifecycle, world.store_id, order_id, user="merchant")
    assert result.imports.counts == {"created": 1}
    row = stored(world, order_id)
    assert (row.import_requested_by, row.status) == ("merchant", "Unshipped")
    assert any("may already have been handled in Seller Central" in n.text for n in row.notes)
    with pytest.raises(ImportRefused, match="in Commerce already"):
        request_import(world.lifecycle, world.store_id, order_id, user="merchant")
