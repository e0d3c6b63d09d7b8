"""The demo's Amazon stamps changes minutes in the past (so each shows on the next sync); an
order placed with the real time still completes once Commerce ships it."""

from tests.e2e.test_lifecycle import row
from tests.e2e.world import make_world


def test_a_shipment_confirmed_soon_after_placing_completes_the_order(app, live_server):
    world = make_world(app, live_server, amazon_options={"backdate_minutes": 3})
    try:
        oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
        world.run(minutes=2)  # the first sync that may see it
        created = world.commerce_order_for(oid)
        world.merchant_ships(created["entity_id"])
        report = world.run(minutes=0)  # confirmed within three minutes of placing
        assert report.shipments_confirmed == 1
        assert world.amazon_order(oid)["lastUpdatedTime"] > world.amazon_order(oid)[
            "createdTime"]
        world.run()
        world.run()
        assert row(world, oid).status == "Completed"
        assert world.commerce_order_for(oid)["state"] == "complete"
    finally:
        world.http.close()
