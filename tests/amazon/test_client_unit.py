"""Client behaviour against mocked HTTP (``responses``): errors, tokens, limits, time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
import responses
from responses import matchers

from connector.amazon import (
    AmazonClient,
    AuthError,
    InvalidInput,
    LwaCredentials,
    NetworkError,
    NotFound,
    ServerError,
    Throttled,
)
from connector.amazon.ratelimit import RateLimiter, TokenBucket, UsagePlan
from connector.amazon.times import amazon_time, clamp_before

BASE = "https://sellingpartnerapi-eu.amazon.com"
LWA = "https://api.amazon.com/auth/o2/token"
ORDER_URL = f"{BASE}/orders/2026-01-01/orders/205-4417213-7730712"
CREDS = LwaCredentials("amzn1.application-oa2-client.x", "secret", "Atzr|refresh")
NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)


class FakeTime:
    def __init__(self):
        self.t = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def client(fake_time):
    with AmazonClient(CREDS, "EU", clock=fake_time.clock, sleep=fake_time.sleep,
                      now=lambda: NOW) as made:
        yield made


def lwa(mock, token="Atza|one", expires_in=3600):
    mock.add(responses.POST, LWA, json={"access_token": token, "token_type": "bearer",
                                        "expires_in": expires_in, "refresh_token": "Atzr|r"})


def order_json(order_id="205-4417213-7730712"):
    return {"orderId": order_id, "createdTime": "2026-06-01T09:00:00Z",
            "lastUpdatedTime": "2026-06-01T10:00:00Z",
            "salesChannel": {"channelName": "AMAZON", "marketplaceId": "A1F83G8C2ARO7P"},
            "fulfillment": {"fulfillmentStatus": "UNSHIPPED", "fulfilledBy": "MERCHANT"},
            "orderItems": []}


@responses.activate
def test_lwa_exchange_form_and_headers_sent(client):
    responses.add(responses.POST, LWA, match=[matchers.urlencoded_params_matcher({
        "grant_type": "refresh_token", "refresh_token": "Atzr|refresh",
        "client_id": "amzn1.application-oa2-client.x", "client_secret": "secret"})],
        json={"access_token": "Atza|one", "expires_in": 3600, "token_type": "bearer"})
    responses.add(responses.GET, ORDER_URL, json={"order": order_json()},
                  match=[matchers.header_matcher({"x-amz-access-token": "Atza|one"}),
                         matchers.query_param_matcher({
                             "includedData": "BUYER,RECIPIENT,PROCEEDS,PROMOTION,FULFILLMENT,"
                                             "CANCELLATION"})])
    client.get_order("205-4417213-7730712")
    agent = responses.calls[1].request.headers["user-agent"]
    assert agent.startswith("AmazonOrdersForAdobeCommerce/") and "Language=Python/3" in agent
    assert "x-amz-access-token" not in responses.calls[0].request.headers


@responses.activate
def test_token_cached_then_refreshed_shortly_before_expiry(client, fake_time):
    lwa(responses, "Atza|one")
    lwa(responses, "Atza|two")
    responses.add(responses.GET, ORDER_URL, json={"order": order_json()})
    client.get_order("205-4417213-7730712")
    fake_time.t += 3500  # 100 s left: still cached (refresh margin is 60 s)
    client.get_order("205-4417213-7730712")
    fake_time.t += 50  # 50 s left: refresh first
    client.get_order("205-4417213-7730712")
    sent = [c.request.headers.get("x-amz-access-token") for c in responses.calls
            if c.request.method == "GET"]
    assert sent == ["Atza|one", "Atza|one", "Atza|two"]
    assert client.calls["lwaToken"] == 2


@responses.activate
def test_revoked_cached_token_is_replaced_once(client):
    lwa(responses, "Atza|one")
    lwa(responses, "Atza|two")
    responses.add(responses.GET, ORDER_URL, json={"order": order_json()})
    client.get_order("205-4417213-7730712")
    responses.replace(responses.GET, ORDER_URL, status=403, json={"errors": [
        {"code": "Unauthorized", "message": "Access to requested resource is denied."}]})
    with pytest.raises(AuthError):
        client.get_order("205-4417213-7730712")
    assert client.calls["getOrder"] == 3  # ok, rejected cached token, rejected fresh token
    assert client.calls["lwaToken"] == 2


@pytest.mark.parametrize(("status", "error", "code"), [
    (400, InvalidInput, "InvalidInput"),
    (404, NotFound, "NotFound"),
    (403, AuthError, "Unauthorized"),
    (429, Throttled, "QuotaExceeded"),
    (503, ServerError, "ServiceUnavailable"),
])
@responses.activate
def test_http_errors_become_typed_errors_with_request_id(client, status, error, code):
    lwa(responses)
    responses.add(responses.GET, ORDER_URL, status=status,
                  headers={"x-amzn-RequestId": "req-42"},
                  json={"errors": [{"code": code, "message": "m", "details": "d"}]})
    with pytest.raises(error) as caught:
        client.get_order("205-4417213-7730712")
    assert caught.value.request_id == "req-42"
    assert caught.value.status == status
    assert caught.value.errors[0].code == code
    assert caught.value.operation == "getOrder"


@responses.activate
def test_get_retried_after_500_and_connection_error(client, fake_time):
    lwa(responses)
    responses.add(responses.GET, ORDER_URL, status=500, json={"errors": []})
    responses.add(responses.GET, ORDER_URL, body=requests.ConnectionError("reset"))
    responses.add(responses.GET, ORDER_URL, json={"order": order_json()})
    order = client.get_order("205-4417213-7730712")
    assert order.order_id == "205-4417213-7730712"
    assert client.calls["getOrder"] == 3
    assert len(fake_time.slept) == 2
    assert 0.25 <= fake_time.slept[0] <= 0.5 and 0.5 <= fake_time.slept[1] <= 1.0


@responses.activate
def test_confirm_shipment_is_never_retried(client):
    lwa(responses)
    url = f"{BASE}/orders/v0/orders/205-4417213-7730712/shipmentConfirmation"
    responses.add(responses.POST, url, body=requests.ConnectionError("reset"))
    with pytest.raises(NetworkError):
        client.confirm_shipment("205-4417213-7730712", "A1F83G8C2ARO7P",
                                {"packageReferenceId": "1"})
    assert client.calls["confirmShipment"] == 1
    assert len([c for c in responses.calls if c.request.url == url]) == 1


@responses.activate
def test_429_drains_the_bucket_and_carries_the_limit(client):
    lwa(responses)
    responses.add(responses.GET, ORDER_URL, json={"order": order_json()},
                  headers={"x-amzn-RateLimit-Limit": "2.0"})
    responses.add(responses.GET, ORDER_URL, status=429, json={"errors": [
        {"code": "QuotaExceeded", "message": "You exceeded your quota"}]})
    client.get_order("205-4417213-7730712")
    with pytest.raises(Throttled) as caught:
        client.get_order("205-4417213-7730712")
    assert caught.value.limit == 2.0  # learnt from the header of the previous answer


@responses.activate
def test_search_sends_utc_z_times_clamped_and_csv_lists(client):
    lwa(responses)
    responses.add(responses.GET, f"{BASE}/orders/2026-01-01/orders", json={
        "orders": [order_json(), {"orderId": "broken"}],
        "lastUpdatedBefore": "2026-06-01T11:58:00Z"})
    since = datetime(2026, 6, 1, 13, 30, tzinfo=UTC) - timedelta(hours=4, minutes=30)
    pages = list(client.iter_orders_updated(["A1F83G8C2ARO7P", "A1PA6795UKMFR9"], since,
                                            until=NOW + timedelta(hours=1)))
    query = responses.calls[1].request.params
    assert query["lastUpdatedAfter"] == "2026-06-01T09:00:00Z"
    assert query["lastUpdatedBefore"] == "2026-06-01T11:58:00Z"
    assert query["marketplaceIds"] == "A1F83G8C2ARO7P,A1PA6795UKMFR9"
    assert query["maxResultsPerPage"] == "100"
    (page,) = pages
    assert [o.order_id for o in page.orders] == ["205-4417213-7730712"]
    assert [r.order_id for r in page.rejected] == ["broken"]
    assert page.until == datetime(2026, 6, 1, 11, 58, tzinfo=UTC)


def test_empty_window_makes_no_call(client):
    assert list(client.iter_orders_updated(["A1F83G8C2ARO7P"], NOW - timedelta(minutes=1))) == []
    assert client.calls == {}


def test_time_helpers():
    assert amazon_time(datetime(2026, 6, 1, 14, 0, 0, 999, tzinfo=UTC)) == "2026-06-01T14:00:00Z"
    with pytest.raises(ValueError):
        amazon_time(datetime(2026, 6, 1))
    assert clamp_before(None, NOW) == NOW - timedelta(minutes=2)
    assert clamp_before(NOW - timedelta(hours=1), NOW) == NOW - timedelta(hours=1)


def test_bucket_waits_for_refill_and_follows_header(fake_time):
    limiter = RateLimiter({"op": UsagePlan(0.5, 2)}, clock=fake_time.clock,
                          sleep=fake_time.sleep)
    assert [limiter.acquire("op") for _ in range(3)] == [0, 0, pytest.approx(2.0)]
    limiter.update_from_header("op", "10")
    limiter.update_from_header("op", "not-a-number")
    assert limiter.acquire("op") == pytest.approx(0.1)


def test_bucket_does_not_refill_while_a_call_is_in_flight(fake_time):
    bucket = TokenBucket(1.0, 1, clock=fake_time.clock)
    assert bucket.try_take() == 0
    fake_time.t += 5  # a slow call
    bucket.settle()
    assert bucket.wait_time() == pytest.approx(1.0)


def test_unknown_region_is_refused():
    with pytest.raises(ValueError, match="region"):
        AmazonClient(CREDS, "MARS")


@responses.activate
def test_a_stores_runs_in_one_process_share_its_access_token():
    """Each run makes a new client; the product's factory gives them the process's token
    cache, so a store asks LWA once an hour, not once a run, and a connection check still
    proves the exchange itself."""
    from connector.models import Store
    from connector.orders.services import default_amazon

    store = Store(lwa_client_id="amzn1.application-oa2-client.shared",
                  lwa_client_secret="secret", refresh_token="Atzr|shared-" + NOW.isoformat(),
                  region="EU", amazon_api="v2026")
    lwa(responses, "Atza|one")
    lwa(responses, "Atza|two")
    responses.add(responses.GET, ORDER_URL, json={"order": order_json()})
    for _ in range(3):  # three runs
        with default_amazon(store) as amazon:
            amazon.get_order("205-4417213-7730712")
    with default_amazon(store) as checked:
        checked.sign_in()
    with default_amazon(store) as amazon:
        amazon.get_order("205-4417213-7730712")
    exchanges = [c for c in responses.calls if c.request.url == LWA]
    sent = [c.request.headers["x-amz-access-token"] for c in responses.calls
            if c.request.method == "GET"]
    assert len(exchanges) == 2  # the first run's, and the check's
    assert sent == ["Atza|one"] * 3 + ["Atza|two"]
