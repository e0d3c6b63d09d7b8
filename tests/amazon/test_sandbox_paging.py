"""Paging through the sandbox as Amazon pages: a token carries the search it continues."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from connector.sandbox.amazon import create_amazon_sandbox
from connector.sandbox.amazon.generator import MARKETS

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ORDERS = 25  # three pages of ten


class Clock:
    def __init__(self):
        self.value = NOW

    def now(self) -> datetime:
        return self.value


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def amazon(clock):
    app = create_amazon_sandbox(samples=False, generate=ORDERS, seed=3, time_scale=1000,
                                now=clock.now)
    client = app.test_client()
    access = client.post("/auth/o2/token", data={
        "grant_type": "refresh_token", "refresh_token": "Atzr|sandbox",
        "client_id": "sandbox-client", "client_secret": "sandbox-secret"}).get_json()
    client.environ_base["HTTP_X_AMZ_ACCESS_TOKEN"] = access["access_token"]
    return client


def held(client) -> list[str]:
    return sorted(o["orderId"] for o in client.get("/_sandbox/orders").get_json()["orders"])


def since() -> str:
    return (NOW - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")


def walk(client, clock, path, params, token_name, read) -> list[list[str]]:
    """Every page of a search sent without a "before" bound, a minute passing between pages;
    ``read`` gives a page's (order ids, next token)."""
    pages, token = [], None
    while True:
        answer = client.get(path, query_string=dict(params, **{token_name: token} if token
                                                    else {}))
        assert answer.status_code == 200, answer.get_json()
        ids, token = read(answer.get_json())
        pages.append(ids)
        if not token:
            return pages
        clock.value += timedelta(minutes=1)


def test_v2026_pages_continue_the_search_without_a_before_bound(amazon, clock):
    pages = walk(amazon, clock, "/orders/2026-01-01/orders",
                 {"lastUpdatedAfter": since(), "maxResultsPerPage": 10}, "paginationToken",
                 lambda body: ([o["orderId"] for o in body["orders"]],
                               body.get("pagination", {}).get("nextToken")))
    assert [len(p) for p in pages] == [10, 10, 5]
    assert sorted(i for p in pages for i in p) == held(amazon)


def test_v0_pages_continue_the_search_without_a_before_bound(amazon, clock):
    pages = walk(amazon, clock, "/orders/v0/orders",
                 {"LastUpdatedAfter": since(), "MaxResultsPerPage": 10,
                  "MarketplaceIds": ",".join(m.id for m in MARKETS)}, "NextToken",
                 lambda body: ([o["AmazonOrderId"] for o in body["payload"]["Orders"]],
                               body["payload"].get("NextToken")))
    assert [len(p) for p in pages] == [10, 10, 5]
    assert sorted(i for p in pages for i in p) == held(amazon)


def test_a_next_token_is_used_instead_of_the_other_criteria(amazon, clock):
    """Amazon's v0 model: "If NextToken is present, that will be used to retrieve the orders
    instead of other criteria"."""
    first = amazon.get("/orders/2026-01-01/orders", query_string={
        "createdAfter": since(), "maxResultsPerPage": 10}).get_json()
    clock.value += timedelta(minutes=1)
    rest = amazon.get("/orders/2026-01-01/orders", query_string={
        "paginationToken": first["pagination"]["nextToken"]}).get_json()
    assert len(rest["orders"]) == 10
    assert rest["createdBefore"] == first["createdBefore"]
    assert not {o["orderId"] for o in rest["orders"]} & {o["orderId"] for o in first["orders"]}


@pytest.mark.parametrize("token", ["not-a-token", "eyJ4IjogMX0", ""])
def test_a_token_the_sandbox_did_not_issue_is_invalid_input(amazon, token):
    answer = amazon.get("/orders/2026-01-01/orders", query_string={
        "lastUpdatedAfter": since(), "paginationToken": token or "=="})
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["code"] == "InvalidInput"


def test_an_order_changed_between_pages_pushes_no_other_out_of_the_walk(amazon):
    """A page continues after the last order served, not at an offset: an order of page 1
    that changes (and so leaves the window) before page 2 costs no other order its page."""
    search = {"lastUpdatedAfter": since(), "maxResultsPerPage": 10,
              "includedData": "FULFILLMENT"}
    first = amazon.get("/orders/2026-01-01/orders", query_string=search).get_json()
    moved = next(o["orderId"] for o in first["orders"]
                 if o["fulfillment"]["fulfillmentStatus"] in ("PENDING", "UNSHIPPED"))
    assert amazon.post(f"/_sandbox/orders/{moved}/status",
                       json={"status": "CANCELLED"}).status_code == 200
    seen, body = [o["orderId"] for o in first["orders"]], first
    while "pagination" in body:
        body = amazon.get("/orders/2026-01-01/orders", query_string=dict(
            search, paginationToken=body["pagination"]["nextToken"])).get_json()
        seen += [o["orderId"] for o in body["orders"]]
    assert sorted(seen) == held(amazon)
