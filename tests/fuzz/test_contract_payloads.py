"""Amazon's own SP-API example orders (the shared contract fixtures), broken one value at a
time: read or refused by field path, never a crash, and the good orders of the page kept."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.amazon.errors import InvalidOrderData
from connector.amazon.parse import parse_v0_order, parse_v2026_order
from connector.domain import Order
from tests.fuzz.pages import v0_pages, v2026_pages
from tests.fuzz.payloads import broken_order, describe

pytestmark = pytest.mark.contract

V2026_FILES = ["sp-api/orders-2026-01-01/searchOrders.examples.json",
               "sp-api/orders-2026-01-01/getOrder.examples.json",
               "sp-api/orders-2026-01-01/orders_2026-01-01.response-examples.json"]
V0_FILES = ["sp-api/getOrders.examples.json", "sp-api/getOrder.examples.json"]
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def v2026_examples(load_fixture) -> list[dict]:
    orders = {}
    for name in V2026_FILES:
        for example in load_fixture(name):
            if example["status"] == 200:
                body = example["response"]
                for order in body.get("orders", []) + ([body["order"]] if "order" in body
                                                       else []):
                    orders[order["orderId"]] = order
    assert len(orders) >= 5
    return list(orders.values())


@pytest.fixture(scope="module")
def v0_examples(load_fixture) -> list[dict]:
    orders = {}
    for name in V0_FILES:
        for example in load_fixture(name):
            if example["status"] == 200:
                payload = example["response"]["payload"]
                for order in payload.get("Orders", []) or [payload]:
                    if isinstance(order, dict) and order.get("AmazonOrderId"):
                        orders[order["AmazonOrderId"]] = order
    assert orders
    return list(orders.values())


@FUZZ
@given(data=st.data())
def test_a_broken_real_v2026_order_is_read_or_refused_and_isolated(v2026_examples, data):
    base = data.draw(st.sampled_from(v2026_examples))
    path, bad = data.draw(broken_order(base))
    try:
        assert isinstance(parse_v2026_order(bad), Order)
    except InvalidOrderData as refused:
        assert refused.field, describe(path)
    good = [o for o in v2026_examples if o["orderId"] != base["orderId"]][:2]
    [page] = v2026_pages([good[0], bad, good[1]])
    assert {g["orderId"] for g in good} <= {o.order_id for o in page.orders}, describe(path)
    assert len(page.orders) + len(page.rejected) == 3


@FUZZ
@given(data=st.data())
def test_a_broken_real_v0_order_is_read_or_refused_and_isolated(v0_examples, data):
    base = data.draw(st.sampled_from(v0_examples))
    path, bad = data.draw(broken_order(base))
    try:
        assert isinstance(parse_v0_order(bad, []), Order)
    except InvalidOrderData as refused:
        assert refused.field, describe(path)
    good = next(o for o in v0_examples if o["AmazonOrderId"] != base["AmazonOrderId"]) \
        if len(v0_examples) > 1 else None
    raw = [bad] + ([good] if good else [])
    [page] = v0_pages(raw, {})
    if good:
        assert good["AmazonOrderId"] in {o.order_id for o in page.orders}, describe(path)
    assert len(page.orders) + len(page.rejected) == len(raw)
