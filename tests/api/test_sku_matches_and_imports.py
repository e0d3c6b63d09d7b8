"""The API's SKU matches, imports on request, and paging past the end, each answer checked
against the OpenAPI document."""

from __future__ import annotations

from sqlalchemy import select

from connector.models import AmazonOrder, OrderSettings
from tests.api.conftest import AUTH

MATCHES = "/api/v1/stores/{store_id}/sku-matches"
MATCH = "/api/v1/stores/{store_id}/sku-matches/{amazon_sku}"
IMPORT = "/api/v1/stores/{store_id}/orders/{amazon_order_id}/import"


def status_of(world, order_id):
    with world.db().session() as session:
        return session.scalar(select(AmazonOrder.status).where(
            AmazonOrder.amazon_order_id == order_id))


def test_sku_matches_are_listed_saved_changed_and_removed(api, connected):
    store = connected.store_id
    blocked = connected.place_order([("AMZ-ONLY-SKU", 1, "9.99")], status="UNSHIPPED")
    connected.run()
    listed = api.get(f"/api/v1/stores/{store}/sku-matches", MATCHES)
    assert listed == {"matches": [], "unmatched": [{"amazon_sku": "AMZ-ONLY-SKU",
                                                    "blocked_orders": 1}]}
    url = f"/api/v1/stores/{store}/sku-matches/AMZ-ONLY-SKU"
    refused = api.call("PUT", url, MATCH, expect=422, json={"commerce_sku": "OFF-1"})
    assert "is disabled" in refused["errors"]["json"]["commerce_sku"][0]
    assert api.call("PUT", url, MATCH, expect=422, json={"commerce_sku": "NOPE"})[
        "errors"]["json"]["commerce_sku"] == ['Commerce has no product with SKU "NOPE".']
    assert api.get(f"/api/v1/stores/{store}/sku-matches", MATCHES)["matches"] == []

    saved = api.call("PUT", url, MATCH, expect=200, json={"commerce_sku": "EMPTY-1"})
    assert saved["retry"] == {"orders": 1, "counts": {"blocked": 1},
                              "retry_at_next_sync": False}
    changed = api.call("PUT", url, MATCH, expect=200, json={"commerce_sku": "MUG-1"})
    assert (changed["commerce_sku"], changed["retry"]["counts"]) == ("MUG-1", {"created": 1})
    assert status_of(connected, blocked) == "Unshipped"
    listed = api.get(f"/api/v1/stores/{store}/sku-matches", MATCHES)
    assert [(m["amazon_sku"], m["commerce_sku"]) for m in listed["matches"]] == [
        ("AMZ-ONLY-SKU", "MUG-1")]

    removed = api.call("DELETE", url, MATCH, expect=200)
    assert removed["commerce_sku"] is None
    assert api.get(f"/api/v1/stores/{store}/sku-matches", MATCHES)["matches"] == []
    api.call("DELETE", url, MATCH, expect=404)
    api.get("/api/v1/stores/99/sku-matches", MATCHES, expect=404)


def test_a_match_commerce_cannot_check_is_not_saved_and_says_so(api, connected):
    connected.commerce_faults(error_rate=1.0)
    url = f"/api/v1/stores/{connected.store_id}/sku-matches/AMZ-ONLY-SKU"
    answer = api.call("PUT", url, MATCH, expect=503, json={"commerce_sku": "MUG-1"})
    assert "Nothing was saved" in answer["message"]


def test_an_order_that_arrived_while_import_was_off_is_imported_on_request(api, connected):
    with connected.db().session() as session:
        session.get(OrderSettings, connected.store_id).import_enabled = False
    order_id = connected.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    connected.run()
    url = f"/api/v1/stores/{connected.store_id}/orders/{order_id}/import"
    assert "enable it in Order settings" in api.call(
        "POST", url, IMPORT, expect=409, json={"confirm": True})["message"]
    with connected.db().session() as session:
        session.get(OrderSettings, connected.store_id).import_enabled = True
    connected.run()
    assert connected.commerce_order_for(order_id) is None  # not on its own
    unconfirmed = api.call("POST", url, IMPORT, expect=422, json={"confirm": False})
    assert "Seller Central" in unconfirmed["errors"]["json"]["confirm"][0]
    done = api.call("POST", url, IMPORT, expect=200, json={"confirm": True})
    assert done["retry"]["counts"] == {"created": 1}
    assert connected.commerce_order_for(order_id) is not None
    api.call("POST", url, IMPORT, expect=409, json={"confirm": True})  # imported already


def test_paging_past_the_last_page_answers_an_empty_page(api, connected, client):
    for _ in range(3):
        connected.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    connected.run()
    template = "/api/v1/stores/{store_id}/orders"
    url = f"/api/v1/stores/{connected.store_id}/orders"
    first = api.get(f"{url}?per_page=2", template)
    assert (len(first["orders"]), first["pages"]) == (2, 2)
    past = api.get(f"{url}?page=1000&per_page=2", template)
    assert (past["orders"], past["page"], past["pages"], past["total"]) == ([], 1000, 2, 3)
    # A client that pages until an empty page stops, having seen every order once.
    seen, page = [], 1
    while True:
        body = client.get(f"{url}?page={page}&per_page=2", headers=AUTH).get_json()
        if not body["orders"]:
            break
        seen += [o["amazon_order_id"] for o in body["orders"]]
        page += 1
    assert len(seen) == len(set(seen)) == 3


def test_the_commerce_website_is_read_from_commerce_not_left_null(api, connected):
    url = f"/api/v1/stores/{connected.store_id}"
    assert api.get(url, "/api/v1/stores/{store_id}")["commerce_website"] is None
    connected.run()
    # The sandbox's default store view belongs to the website "base" (Main Website).
    assert api.get(url, "/api/v1/stores/{store_id}")["commerce_website"] == "base"
