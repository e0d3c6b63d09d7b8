"""Cancellations as an integrator sees them: the cancellation endpoint (202, 409, 422, 404),
the order's states, the "Buyer asked to cancel" filter, the system message and readiness.
Every answer is checked against the OpenAPI document."""

from __future__ import annotations

from tests.api.conftest import AUTH, conform

CANCEL = "/api/v1/stores/{store_id}/orders/{amazon_order_id}/cancellation"
ORDER = "/api/v1/stores/{store_id}/orders/{amazon_order_id}"
ORDERS = "/api/v1/stores/{store_id}/orders"
MESSAGES = "/api/v1/system-messages"


def cancel_url(world, oid) -> str:
    return f"/api/v1/stores/{world.store_id}/orders/{oid}/cancellation"


def test_a_cancellation_is_accepted_followed_and_confirmed(api, client, spec, connected):
    world = connected
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    response = client.post(cancel_url(world, oid), headers=AUTH, json={"reason": "NoInventory"})
    assert response.status_code == 202
    body = conform(spec, response, CANCEL, "POST")
    assert response.headers["Location"] == body["url"] == cancel_url(world, oid)
    assert (body["state"], body["reason"], body["reason_label"], body["requested_by"]) == (
        "requested", "NoInventory", "No inventory", "API")
    assert body["feed_id"] is None and body["message"] is None

    # Repeating the call never sends a second cancellation.
    again = api.post(cancel_url(world, oid), CANCEL, expect=409, json={"reason": "NoInventory"})
    assert again["message"].startswith("A cancellation of this order is already requested")

    world.run()
    sent = api.get(cancel_url(world, oid), CANCEL)
    assert sent["state"] == "sent" and sent["feed_id"] == world.amazon_feeds()[0]["feedId"]
    world.run()
    world.run()
    order = api.get(f"/api/v1/stores/{world.store_id}/orders/{oid}", ORDER)
    assert order["status"] == "Canceled" and order["cancellation_state"] == "confirmed"
    assert order["cancellation"]["state"] == "confirmed"
    assert order["commerce_order"]["state"] == "canceled"
    assert any(n["text"] == "Amazon confirmed the cancellation (No inventory)."
               for n in order["notes"])
    assert world.amazon_calls()["calls"]["createFeed"] == 1


def test_bad_reasons_unknown_orders_and_orders_that_cannot_be_canceled(api, connected):
    world = connected
    pending = world.place_order([("MUG-1", 1, "12.00")])
    world.run()
    url = cancel_url(world, pending)
    body = api.post(url, CANCEL, expect=422, json={"reason": "Because"})
    assert "reason" in body["errors"]["json"]
    assert api.post(url, CANCEL, expect=422, json={})["errors"]["json"]["reason"] == [
        "Choose a reason for cancellation."]
    assert "note" in api.post(url, CANCEL, expect=422, json={
        "reason": "NoInventory", "note": "x"})["errors"]["json"]  # no silent extras
    refused = api.post(url, CANCEL, expect=409, json={"reason": "NoInventory"})
    assert refused["message"].startswith("Only an Unshipped order can be canceled")
    api.post(cancel_url(world, "111-9999999-0000001"), CANCEL, expect=404,
             json={"reason": "NoInventory"})
    api.post(f"/api/v1/stores/99/orders/{pending}/cancellation", CANCEL, expect=404,
             json={"reason": "NoInventory"})
    assert api.get(url, CANCEL, expect=404)["message"] == (
        f"Order {pending} has no cancellation.")


def test_buyer_requests_are_listed_filtered_counted_and_announced(api, client, connected):
    world = connected
    asked = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    other = world.place_order([("MUG-1", 2, "12.00")], status="UNSHIPPED")
    world.run()
    world.buyer_asks_to_cancel(asked, "Ordered by mistake")
    world.run()
    orders = f"/api/v1/stores/{world.store_id}/orders"
    listed = {o["amazon_order_id"]: o for o in api.get(orders, ORDERS)["orders"]}
    assert listed[asked]["buyer_asked_to_cancel"] and not listed[other]["buyer_asked_to_cancel"]
    only = api.get(f"{orders}?buyer_asked_to_cancel=true", ORDERS)["orders"]
    assert [o["amazon_order_id"] for o in only] == [asked]
    assert api.get(f"{orders}?buyer_asked_to_cancel=maybe", ORDERS, expect=422)
    order = api.get(f"{orders}/{asked}", ORDER)
    assert order["buyer_cancellation"]["reason"] == "Ordered by mistake"
    assert order["commerce_order"]["state"] == "holded"
    assert api.get(MESSAGES, MESSAGES) == {"messages": [{
        "id": "buyer-cancellation-requests",
        "text": "1 order has a buyer's cancellation request. Cancel them before they ship.",
        "stores": [{"id": world.store_id, "name": "Demo US", "orders": 1}]}]}
    [store] = client.get("/health/ready").get_json()["checks"]["stores"]["stores"]
    assert store["buyer_cancellation_requests"] == 1

    # One call honours it, with the buyer's reason; once canceled, nothing is left to announce.
    api.post(cancel_url(world, asked), CANCEL, json={"reason": "BuyerCanceled"})
    world.run()
    world.run()
    world.run()
    assert api.get(f"{orders}/{asked}", ORDER)["status"] == "Canceled"
    assert api.get(MESSAGES, MESSAGES) == {"messages": []}
    [store] = client.get("/health/ready").get_json()["checks"]["stores"]["stores"]
    assert store["buyer_cancellation_requests"] == 0


def test_the_document_describes_the_cancellation_endpoint(spec):
    operation = spec["paths"][CANCEL]["post"]
    assert set(operation["responses"]) >= {"202", "401", "404", "409", "422"}
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    reasons = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]["properties"][
        "reason"]["enum"]
    assert reasons[:2] == ["NoInventory", "ShippingAddressUndeliverable"] and len(reasons) == 10
    assert "get" in spec["paths"][CANCEL]
