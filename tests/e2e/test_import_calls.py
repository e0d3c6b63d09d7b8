"""What the import asks Commerce for each order: one search, one create, and no read-back when
the create's answer already is the saved order (as Magento's is)."""

import json

import pytest

from connector.commerce import CommerceClient
from connector.orders.runner import IMPORT, SYNC, run_store
from tests.e2e.test_lifecycle import row
from tests.e2e.world import TIMEOUT

CREATE, READ, SEARCH = "POST /V1/orders", "GET /V1/orders/{id}", "GET /V1/orders"


def sync_and_import(world):
    world.clock.advance(3)  # Amazon only shows changes older than 2 minutes
    return run_store(world.lifecycle, world.store_id, (SYNC, IMPORT))


def assert_bound(world, amazon_order_id):
    created = world.commerce_order_for(amazon_order_id)
    bound = row(world, amazon_order_id)
    assert bound.commerce_order_id == created["entity_id"]
    assert bound.commerce_increment_id == created["increment_id"]
    assert bound.commerce_state == created["state"]
    assert bound.latest_note == f"Commerce order {created['increment_id']} created."


def test_each_order_is_created_with_one_call_and_bound_from_its_answer(world):
    ids = [world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED") for _ in range(3)]
    report = sync_and_import(world)
    calls = world.commerce_calls()
    assert report.imports == {"created": 3}
    assert calls[CREATE] == 3 and calls[SEARCH] == 3  # the search before each create
    assert READ not in calls
    for oid in ids:
        assert_bound(world, oid)


class AnswersWithLess(CommerceClient):
    """Commerce behind a proxy (or an older Commerce) whose answer to a create carries only
    some of the saved order."""

    keep: tuple = ("entity_id",)

    def request(self, method, path, **kwargs):
        answer = super().request(method, path, **kwargs)
        if (method, path) == ("POST", "/V1/orders"):
            return {k: v for k, v in answer.items() if k in self.keep}
        return answer


@pytest.mark.parametrize("keep", [("entity_id",), ("entity_id", "increment_id"),
                                  ("entity_id", "increment_id", "status")])
def test_a_create_answer_without_the_order_is_completed_by_reading_it(world, keep):
    def commerce(store, pool_size=1):
        client = AnswersWithLess(store.commerce_url, json.loads(store.commerce_credentials),
                                 store.commerce_store_code, timeout=TIMEOUT,
                                 sleep=lambda s: None)
        client.keep = keep
        return client

    world.lifecycle.commerce_factory = commerce
    ids = [world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED") for _ in range(2)]
    report = sync_and_import(world)
    calls = world.commerce_calls()
    assert report.imports == {"created": 2}
    assert calls[CREATE] == 2 and calls[READ] == 2
    for oid in ids:
        assert_bound(world, oid)
