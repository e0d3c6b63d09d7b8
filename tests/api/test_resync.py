"""Resync: ask for orders again, any number of times, and read what it did."""

import time
from datetime import timedelta

from connector.orders.coordination import release, try_acquire
from tests.api.conftest import AUTH

RESYNC = "/api/v1/stores/{store_id}/resync"
STATUS = "/api/v1/resyncs/{resync_id}"


def counts(**given) -> dict:
    return {"fetched": 0, "created": 0, "already_imported": 0, "blocked": 0, "failed": 0,
            "skipped": 0, "not_found": 0, **given}


def test_the_same_request_three_times_creates_one_commerce_order(api, connected):
    world = connected
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.clock.advance(3)  # no scheduled sync: only the resync brings it in
    reports = []
    for _ in range(3):
        started = api.resync(world.store_id, {"amazon_order_ids": [oid]})
        assert started["state"] in ("queued", "running", "done")
        assert started["url"] == f"/api/v1/resyncs/{started['id']}"
        reports.append(api.wait(started["id"]))
    assert [r["state"] for r in reports] == ["done"] * 3
    assert reports[0]["counts"] == counts(fetched=1, created=1)
    assert reports[1]["counts"] == reports[2]["counts"] == counts(fetched=1,
                                                                  already_imported=1)
    assert len({r["id"] for r in reports}) == 3
    assert len(world.commerce_orders()) == 1
    assert world.commerce_order_for(oid)["status"] == "processing"
    order = api.get(f"/api/v1/stores/{world.store_id}/orders/{oid}",
                    "/api/v1/stores/{store_id}/orders/{amazon_order_id}")
    assert order["status"] == "Unshipped"


def test_a_window_resync_reports_each_kind_of_outcome(api, connected):
    world = connected
    since = world.clock.now() - timedelta(minutes=1)
    created = world.place_order([("KETTLE-1", 1, "40.00")], status="UNSHIPPED")
    world.place_order([("MUG-1", 1, "12.00")])  # Pending: nothing to import yet
    blocked = world.place_order([("EMPTY-1", 1, "20.00")], status="UNSHIPPED")
    world.clock.advance(3)
    started = api.resync(world.store_id, {"since": since.isoformat()})
    assert started["params"] == {"since": since.isoformat().replace("+00:00", "Z"),
                                 "until": None}
    report = api.wait(started["id"])
    assert report["counts"] == counts(fetched=3, created=1, blocked=1, skipped=1)
    assert report["error"] is None and report["finished_at"] is not None
    assert world.commerce_order_for(created) is not None
    assert world.commerce_order_for(blocked) is None


def test_ids_amazon_does_not_know_are_counted_not_fatal(api, connected):
    report = api.wait(api.resync(connected.store_id,
                                 {"amazon_order_ids": ["113-0000000-0000404"]})["id"])
    assert report["state"] == "done"
    assert report["counts"] == counts(not_found=1)


def test_a_resync_waits_while_a_scheduled_run_holds_the_store(api, connected):
    world = connected
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.clock.advance(3)
    db = world.db()
    assert try_acquire(db, world.store_id, "scheduler-elsewhere")
    try:
        first = api.resync(world.store_id, {"amazon_order_ids": [oid]})
        time.sleep(0.5)
        # Still waiting; asking the same again answers the same resync, not a second one.
        again = api.resync(world.store_id, {"amazon_order_ids": [oid, oid]})
        assert again["id"] == first["id"] and again["state"] == "queued"
        assert world.commerce_orders() == []
    finally:
        release(db, world.store_id, "scheduler-elsewhere")
    report = api.wait(first["id"])
    assert report["counts"] == counts(fetched=1, created=1)


def test_amazon_failing_ends_the_resync_as_failed_with_the_reason(api, client, connected):
    world = connected
    world.amazon_faults(error_rate=1)
    report = api.wait(api.resync(world.store_id,
                                 {"amazon_order_ids": ["113-0000000-0000001"]})["id"])
    assert report["state"] == "failed"
    assert report["error"].startswith("Amazon: ")
    ready = client.get("/health/ready").get_json()
    [store] = ready["checks"]["stores"]["stores"]
    assert store["amazon_error_seen"] is True
    [shown] = api.get("/api/v1/stores", "/api/v1/stores")["stores"]
    assert shown["sync"]["last_amazon_error"] is not None


def test_unknown_and_inactive_stores_are_refused(api, connected):
    api.resync(99, {"amazon_order_ids": ["113-0000000-0000001"]}, expect=404)
    from connector.models import Store

    with connected.db().session() as session:
        session.get(Store, connected.store_id).status = "Inactive"
    body = api.resync(connected.store_id, {"amazon_order_ids": ["113-0000000-0000001"]},
                      expect=409)
    assert "Inactive" in body["message"]
    body = api.get("/api/v1/resyncs/0f1e2d3c-0000-0000-0000-000000000000", STATUS,
                   expect=404)
    assert body["code"] == 404


def test_bad_requests_name_the_field(api, client, connected):
    store = connected.store_id
    future = (connected.clock.now() + timedelta(days=3650)).isoformat()

    def errors(body: dict) -> dict:
        return api.resync(store, body, expect=422)["errors"]["json"]

    assert errors({}) == {"_schema": ["Give amazon_order_ids or since."]}
    assert errors({"amazon_order_ids": ["113-0000000-0000001"], "since": "2026-11-01"}) == {
        "_schema": ["Give amazon_order_ids or a since/until window, not both."]}
    assert errors({"until": "2026-11-01T00:00:00Z"}) == {"since": ["Required with until."]}
    assert errors({"since": "2026-11-02T00:00:00Z", "until": "2026-11-01T00:00:00Z"}) == {
        "until": ["Must be after since."]}
    assert errors({"since": future}) == {"since": ["Must be in the past."]}
    assert errors({"since": "last week"}) == {"since": ["Not a valid datetime."]}
    assert list(errors({"amazon_order_ids": ["12345"]})["amazon_order_ids"]) == ["0"]
    assert "amazon_order_ids" in errors({"amazon_order_ids": "113-0000000-0000001"})
    assert "amazon_order_ids" in errors({"amazon_order_ids": [
        f"113-0000000-{n:07d}" for n in range(51)]})
    assert errors({"since": "2026-11-01", "colour": "red"}) == {"colour": ["Unknown field."]}
    response = client.post(f"/api/v1/stores/{store}/resync", headers=AUTH, data="{not json",
                           content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["errors"] == {"json": ["Invalid JSON body."]}
