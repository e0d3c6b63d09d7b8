"""Merchant-fulfilled orders shipped from Seller Central rather than from Commerce: the
connector records the shipment in Commerce so the order completes and its stock leaves, and
never confirms that shipment back to Amazon."""

from sqlalchemy import select

from connector.models import ConfirmedShipment, Store
from connector.orders.runner import SYNC, run_store
from connector.orders.snapshot import load_order
from mappings import shipment_for_amazon_shipped
from tests.e2e.test_lifecycle import notes, row


def stock(world, sku="MUG-1") -> float:
    r = world.http.get(f"{world.commerce_url}/rest/default/V1/stockItems/{sku}",
                       headers={"Authorization": "Bearer sandbox-token"})
    assert r.ok, r.text
    return float(r.json()["qty"])


def shipments(world, commerce_order_id) -> list[dict]:
    r = world.http.get(f"{world.commerce_url}/rest/default/V1/shipments",
                       params={"searchCriteria[filterGroups][0][filters][0][field]": "order_id",
                               "searchCriteria[filterGroups][0][filters][0][value]":
                                   str(commerce_order_id)},
                       headers={"Authorization": "Bearer sandbox-token"})
    assert r.ok, r.text
    return r.json()["items"]


def recorded_shipments(world, oid) -> set[int]:
    with world.db().session() as s:
        return set(s.scalars(select(ConfirmedShipment.commerce_shipment_id)
                             .where(ConfirmedShipment.order_id == row(world, oid).id)))


def test_an_order_shipped_from_seller_central_completes_in_commerce(world):
    start = stock(world)
    oid = world.place_order([("MUG-1", 2, "12.00"), ("KETTLE-1", 1, "40.00")],
                            status="UNSHIPPED")
    world.run()
    created = world.commerce_order_for(oid)
    world.amazon_moves(oid, "SHIPPED")  # the merchant shipped it from Seller Central
    report = world.run()
    assert report.shipments_recorded == 1
    assert row(world, oid).status == "Completed"
    assert world.commerce_order_for(oid)["state"] == "complete"
    assert stock(world) == start - 2  # the stock left Commerce
    made = shipments(world, created["entity_id"])
    assert [sorted((i["sku"], i["qty"]) for i in s["items"]) for s in made] == [
        [("KETTLE-1", 1), ("MUG-1", 2)]]
    assert f"Shipped from Seller Central: Commerce shipment {made[0]['entity_id']} records " \
           "it." in notes(world, oid)
    assert world.amazon_calls()["shipment_confirmations"] == []  # Amazon has it already
    assert recorded_shipments(world, oid) == set()
    world.run()
    assert len(shipments(world, created["entity_id"])) == 1
    assert world.amazon_calls()["shipment_confirmations"] == []


def test_an_order_imported_already_shipped_completes_in_one_run(world):
    oid = world.place_order([("MUG-1", 1, "12.00")], status="SHIPPED")
    report = world.run()
    assert report.imports == {"created": 1} and report.shipments_recorded == 1
    assert row(world, oid).status == "Completed"


def test_only_what_commerce_did_not_ship_is_recorded(world):
    oid = world.place_order([("MUG-1", 2, "12.00"), ("KETTLE-1", 1, "40.00")],
                            status="UNSHIPPED")
    world.run()
    created = world.commerce_order_for(oid)
    mug = next(i for i in created["items"] if i["sku"] == "MUG-1")
    ours = world.merchant_ships(created["entity_id"],
                                items=[{"order_item_id": mug["item_id"], "qty": 2}])
    world.run()  # confirmed to Amazon: Partially shipped there
    world.amazon_moves(oid, "SHIPPED")  # the kettle went from Seller Central
    assert world.run().shipments_recorded == 1
    made = shipments(world, created["entity_id"])
    assert [[(i["sku"], i["qty"]) for i in s["items"]] for s in made] == [
        [("MUG-1", 2)], [("KETTLE-1", 1)]]
    packages = [c["body"]["packageDetail"]["packageReferenceId"]
                for c in world.amazon_calls()["shipment_confirmations"]]
    assert packages == [str(ours)]  # only the merchant's Commerce shipment went to Amazon
    assert row(world, oid).status == "Completed"


def test_a_refused_recording_is_explained_and_retried(world):
    oid = world.place_order([("MUG-1", 3, "12.00")], status="UNSHIPPED")
    world.run()
    world.seed_products({"sku": "MUG-1", "name": "Mug", "price": 12, "qty": 0})
    world.amazon_moves(oid, "SHIPPED")
    assert world.run().shipments_recorded == 0
    assert row(world, oid).latest_note.startswith(
        "Shipped from Seller Central, but Commerce refused the shipment that records it")
    world.seed_products({"sku": "MUG-1", "name": "Mug", "price": 12, "qty": 10})
    assert world.run().shipments_recorded == 1
    assert row(world, oid).status == "Completed"


def test_a_recording_whose_record_was_lost_is_never_sent_to_amazon(world):
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    created = world.commerce_order_for(oid)
    world.amazon_moves(oid, "SHIPPED")
    world.clock.advance(3)
    run_store(world.lifecycle, world.store_id, steps=(SYNC,))  # it knows: Shipped
    # The connector created the shipment, then died before writing it down.
    with world.lifecycle.commerce_factory(_store(world)) as commerce:
        body = shipment_for_amazon_shipped(load_order(row(world, oid).order_data),
                                           commerce.get_order(created["entity_id"])["items"])
        assert body is not None
        lost = commerce.ship(created["entity_id"], body)
    report = world.run()
    assert report.shipments_recorded == 0 and report.shipments_confirmed == 0
    assert lost and recorded_shipments(world, oid) == set()  # not taken for one to confirm
    assert world.amazon_calls()["shipment_confirmations"] == []
    assert row(world, oid).status == "Completed"


def _store(world) -> Store:
    with world.db().session() as s:
        store = s.get(Store, world.store_id)
        s.expunge(store)
        return store
