"""The order lifecycle of PRODUCT.md section 3, end to end over real HTTP."""

from sqlalchemy import select

from connector.models import AmazonOrder, ConfirmedShipment, OrderNote
from connector.orders.messages import system_message


def row(world, amazon_order_id) -> AmazonOrder:
    with world.db().session() as s:
        return s.scalar(select(AmazonOrder).where(
            AmazonOrder.amazon_order_id == amazon_order_id))


def notes(world, amazon_order_id) -> list[str]:
    with world.db().session() as s:
        r = s.scalar(select(AmazonOrder).where(AmazonOrder.amazon_order_id == amazon_order_id))
        return [n.text for n in s.scalars(select(OrderNote).where(OrderNote.order_id == r.id)
                                          .order_by(OrderNote.id))]


def test_an_order_goes_from_pending_to_completed(world):
    oid = world.place_order([("MUG-1", 2, "12.00"), ("KETTLE-1", 1, "40.00")])
    world.run()
    assert row(world, oid).status == "Pending"
    assert world.commerce_order_for(oid) is None

    world.amazon_moves(oid, "UNSHIPPED")
    report = world.run()
    assert report.imports == {"created": 1}, report
    created = world.commerce_order_for(oid)
    assert created["status"] == "processing"
    assert row(world, oid).status == "Unshipped"
    assert row(world, oid).latest_note == f"Commerce order {created['increment_id']} created."

    shipment_id = world.merchant_ships(created["entity_id"])
    report = world.run()
    assert report.shipments_confirmed == 1
    confirmations = world.amazon_calls()["shipment_confirmations"]
    assert len(confirmations) == 1
    package = confirmations[0]["body"]["packageDetail"]
    assert package["packageReferenceId"] == str(shipment_id)
    assert package["carrierCode"] == "UPS"
    assert world.amazon_order(oid)["fulfillment"]["fulfillmentStatus"] == "SHIPPED"

    report = world.run()  # sync sees Shipped; completion invoices and completes
    assert row(world, oid).status == "Completed"
    assert world.commerce_order_for(oid)["state"] == "complete"
    assert notes(world, oid)[-1] == "Status updated to Completed."
    assert "Status updated to Shipped." in notes(world, oid)

    world.run()
    with world.db().session() as s:
        assert s.query(ConfirmedShipment).count() == 1
    assert len(world.amazon_calls()["shipment_confirmations"]) == 1
    assert len(world.commerce_orders()) == 1


def test_blocked_orders_show_error_raise_the_message_and_import_once_fixed(world):
    from connector.orders import match_sku, unmatched_skus

    unknown = world.place_order([("AMZ-ONLY-SKU", 1, "9.99")], status="UNSHIPPED")
    disabled = world.place_order([("OFF-1", 1, "20.00")], status="UNSHIPPED")
    sold_out = world.place_order([("EMPTY-1", 3, "20.00")], status="UNSHIPPED")
    report = world.run()
    assert report.imports == {"blocked": 3}
    assert world.commerce_orders() == []
    assert row(world, unknown).status == "Error"
    assert row(world, unknown).latest_note == (
        'Cannot create sales order: Product "AMZ-ONLY-SKU" in order is not in the Commerce '
        "catalog. Match the SKU or add the product.")
    assert row(world, disabled).latest_note == (
        'Cannot create sales order: Product "OFF-1" in order is disabled')
    assert row(world, sold_out).latest_note == (
        'Cannot create sales order: Product "EMPTY-1" in order is not salable')
    with world.db().session() as s:
        assert system_message(s) == (
            "Your Amazon store(s) has orders that cannot be imported into Commerce. See Recent "
            "Orders in the store dashboard(s): Demo US")
    assert unmatched_skus(world.lifecycle, world.store_id) == [
        {"amazon_sku": "AMZ-ONLY-SKU", "blocked_orders": 1}]

    # Blocked orders are retried on every sync; still blocked, no new note piles up.
    before = len(notes(world, disabled))
    world.run()
    assert len(notes(world, disabled)) == before

    # Matching the SKU imports the blocked order at once, without waiting for a sync.
    result = match_sku(world.lifecycle, world.store_id, "AMZ-ONLY-SKU", "MUG-1")
    assert result.imports.counts == {"created": 1}
    assert row(world, unknown).status == "Unshipped"
    assert world.commerce_order_for(unknown)["items"][0]["sku"] == "MUG-1"

    # The merchant enables the product and restocks: the next sync imports the rest.
    world.seed_products({"sku": "OFF-1", "name": "Old lamp", "price": 20, "qty": 5,
                         "status": 1},
                        {"sku": "EMPTY-1", "name": "Sold out", "price": 20, "qty": 10})
    report = world.run()
    assert report.imports == {"created": 2}
    with world.db().session() as s:
        assert system_message(s) is None


def test_a_match_to_an_unknown_commerce_sku_is_refused(world):
    import pytest

    from connector.orders import MatchRefused, match_sku

    with pytest.raises(MatchRefused) as refused:
        match_sku(world.lifecycle, world.store_id, "AMZ-1", "NOT-IN-COMMERCE")
    assert refused.value.field == "commerce_sku"


def test_import_disabled_lists_orders_and_creates_nothing(world):
    with world.db().session() as s:
        from connector.models import OrderSettings

        s.get(OrderSettings, world.store_id).import_enabled = False
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    assert row(world, oid).status == "Unshipped"
    assert world.commerce_orders() == []
    assert "create_order" not in str(world.commerce_calls())


def test_orders_placed_before_the_integration_are_never_imported(world):
    from datetime import timedelta

    world.clock.advance(-120)  # two hours back: before the store was connected
    old = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.clock.advance(120)
    world.run()
    assert row(world, old).importable is False
    assert row(world, old).status == "Unshipped"
    world.amazon_moves(old, "SHIPPED")
    world.run()
    assert world.commerce_orders() == []
    assert timedelta  # the clock moved in minutes


def test_amazon_fulfilled_orders_are_imported_only_when_shipped_and_complete(world):
    oid = world.place_order([("KETTLE-1", 1, "40.00")], status="UNSHIPPED",
                            fulfilled_by="AMAZON")
    world.run()
    assert world.commerce_orders() == []
    world.amazon_moves(oid, "SHIPPED")
    world.run()
    created = world.commerce_order_for(oid)
    assert created["state"] == "complete"
    assert row(world, oid).status == "Completed"
    assert world.amazon_calls()["shipment_confirmations"] == []


def test_amazon_cancels_the_order_and_the_commerce_order_is_canceled(world):
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    assert world.commerce_order_for(oid)["state"] == "new" or True
    world.amazon_moves(oid, "CANCELLED")
    world.run()
    assert row(world, oid).status == "Canceled"
    assert world.commerce_order_for(oid)["state"] == "canceled"
    increment = world.commerce_order_for(oid)["increment_id"]
    assert notes(world, oid)[-1] == f"Commerce order {increment} canceled."


def test_a_canceled_order_that_was_shipped_in_commerce_stays_and_says_why(world):
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    created = world.commerce_order_for(oid)
    world.merchant_ships(created["entity_id"])
    world.amazon_moves(oid, "CANCELLED")
    world.run()
    assert row(world, oid).status == "Canceled"
    assert world.commerce_order_for(oid)["state"] != "canceled"
    assert "was not canceled" in row(world, oid).latest_note


def test_a_refused_cancellation_is_explained_once(world):
    from connector.orders.records import add_note

    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    world.merchant_ships(world.commerce_order_for(oid)["entity_id"])
    world.amazon_moves(oid, "CANCELLED")
    world.run()
    assert row(world, oid).cancel_refused_at is not None
    with world.db().session() as s:  # some later note becomes the latest one
        add_note(s, s.get(AmazonOrder, row(world, oid).id), "Checked by the merchant.",
                 at=world.lifecycle.clock())
    world.run()
    world.run()
    said = [n for n in notes(world, oid) if "was not canceled" in n]
    assert len(said) == 1, said


def test_shipments_are_found_with_one_commerce_search_per_batch_of_orders(world, monkeypatch):
    """A store with many open orders: each shipments run asks Commerce for the shipments of a
    whole batch of them at once, and confirms exactly the shipments the merchant made."""
    from connector.orders import fulfilment
    from connector.orders.runner import SHIPMENTS, run_store

    monkeypatch.setattr(fulfilment, "SHIPMENT_SEARCH_BATCH", 2)
    placed = [world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED") for _ in range(5)]
    world.run()
    created = {oid: world.commerce_order_for(oid)["entity_id"] for oid in placed}
    shipped = {placed[0]: world.merchant_ships(created[placed[0]]),
               placed[3]: world.merchant_ships(created[placed[3]], track="1Z999AA10123456785"),
               placed[4]: world.merchant_ships(created[placed[4]], track="1Z999AA10123456786")}
    searches = world.commerce_calls().get("GET /V1/shipments", 0)

    report = run_store(world.lifecycle, world.store_id, (SHIPMENTS,))

    assert report.shipments_confirmed == 3
    assert world.commerce_calls()["GET /V1/shipments"] - searches == 3  # 5 orders, 2 a search
    sent = {c["orderId"]: c["body"]["packageDetail"]["packageReferenceId"]
            for c in world.amazon_calls()["shipment_confirmations"]}
    assert sent == {oid: str(shipment) for oid, shipment in shipped.items()}
    for oid in placed[1:3]:
        assert row(world, oid).status == "Unshipped"

    report = run_store(world.lifecycle, world.store_id, (SHIPMENTS,))
    assert report.shipments_confirmed == 0  # each shipment goes to Amazon once
    assert len(world.amazon_calls()["shipment_confirmations"]) == 3
