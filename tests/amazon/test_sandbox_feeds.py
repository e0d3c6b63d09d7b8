"""The Amazon sandbox's Feeds API and cancellations, over real HTTP: documents at its own
pre-signed URLs, feeds processed after a delay with Amazon's XML report, cancellations applied
or refused, buyers' requests in both Orders APIs, faults on the new operations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from connector.amazon import Cancellation, Throttled
from connector.domain import CancelReason
from tests.amazon.conftest import token_headers
from tests.e2e.world import v2026_order

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
ACK = "POST_ORDER_ACKNOWLEDGEMENT_DATA"


class Clock:
    def __init__(self):
        self.value = NOW

    def __call__(self) -> datetime:
        return self.value


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def amazon(sandbox_factory, clock):
    sandbox = sandbox_factory(samples=False, now=clock, feed_seconds=60)
    book = sandbox.app.extensions["amazon_sandbox"].book
    for n, status in enumerate(("UNSHIPPED", "UNSHIPPED", "SHIPPED"), start=1):
        book.add(v2026_order(f"113-000000{n}-0000001", [("MUG-1", 1, "12.00"),
                                                         ("KETTLE-1", 2, "40.00")],
                             created=NOW - timedelta(hours=1), status=status))
    return sandbox


def cancellation(n: int, message: int, reason=CancelReason.NO_INVENTORY, items=None):
    order_id = f"113-000000{n}-0000001"
    plain = order_id.replace("-", "")
    ids = items if items is not None else (f"{plain}01", f"{plain}02")
    return Cancellation(order_id, reason, ids, message)


def client(amazon, clock, **kwargs):
    return amazon.client(now=clock, sleep=lambda s: None, **kwargs)


def test_a_feed_is_queued_processed_and_reported(amazon, clock):
    with client(amazon, clock) as c:
        partial = cancellation(2, 3, items=("1130000002000000101",))
        feed_id = c.request_cancellations("A1SELLER", ["ATVPDKIKX0DER"], [
            cancellation(1, 1), cancellation(3, 2), partial])
        assert c.cancellation_outcome(feed_id).status == "IN_QUEUE"
        clock.value += timedelta(seconds=30)
        assert c.cancellation_outcome(feed_id).status == "IN_PROGRESS"
        clock.value += timedelta(seconds=30)
        outcome = c.cancellation_outcome(feed_id)
    assert (outcome.status, outcome.finished, outcome.failed) == ("DONE", True, False)
    report = outcome.report
    assert (report.processed, report.successful, report.with_error) == (3, 1, 2)
    assert report.error_for(1, "113-0000001-0000001") is None
    assert report.error_for(2, "113-0000003-0000001").description == (
        "Order 113-0000003-0000001 cannot be canceled: it has already shipped.")
    assert "whole orders only" in report.error_for(3, "113-0000002-0000001").description
    canceled = amazon.order("113-0000001-0000001")
    assert canceled["fulfillment"]["fulfillmentStatus"] == "CANCELLED"
    assert canceled["lastUpdatedTime"] == "2026-11-02T09:01:00Z"  # later than before
    assert {i["cancellation"]["cancellationExecution"]["cancelReason"]
            for i in canceled["orderItems"]} == {"NoInventory"}
    assert amazon.order("113-0000002-0000001")["fulfillment"]["fulfillmentStatus"] == \
        "UNSHIPPED"
    [received] = amazon.control("GET", "/feeds").json()["feeds"]
    assert received["feedType"] == ACK and "<AmazonOrderID>113-0000001-0000001" in \
        received["document"]
    assert "<MessagesWithError>2</MessagesWithError>" in received["report"]


def test_a_document_that_is_no_envelope_ends_the_feed_fatal(amazon, clock):
    http = requests.Session()
    headers = token_headers(amazon.url)
    doc = http.post(f"{amazon.url}/feeds/2021-06-30/documents", headers=headers,
                    json={"contentType": "text/xml; charset=UTF-8"}).json()
    # The pre-signed URL wants the content type it was made for, and its signature.
    assert http.put(doc["url"], data=b"<x/>", headers={"content-type": "text/plain"}
                    ).status_code == 403
    assert http.put(doc["url"].split("?")[0], data=b"<x/>", headers={
        "content-type": "text/xml; charset=UTF-8"}).status_code == 403
    assert http.put(doc["url"], data=b"<Envelope><oops></Envelope>", headers={
        "content-type": "text/xml; charset=UTF-8"}).ok
    feed = http.post(f"{amazon.url}/feeds/2021-06-30/feeds", headers=headers, json={
        "feedType": ACK, "marketplaceIds": ["ATVPDKIKX0DER"],
        "inputFeedDocumentId": doc["feedDocumentId"]})
    assert feed.status_code == 202
    clock.value += timedelta(minutes=2)
    with client(amazon, clock) as c:
        outcome = c.cancellation_outcome(feed.json()["feedId"])
    assert (outcome.status, outcome.failed) == ("FATAL", True)
    assert outcome.report.results[0].description.startswith("XML Parsing Error")


def test_create_feed_refuses_a_document_never_uploaded(amazon, clock):
    with client(amazon, clock) as c:
        feeds = c._feeds
        document_id, _ = feeds.create_document("text/xml; charset=UTF-8")
        with pytest.raises(Exception, match="names no uploaded feed document"):
            feeds.create_feed(ACK, ["ATVPDKIKX0DER"], document_id)


def test_get_feeds_filters_and_pages(amazon, clock):
    with client(amazon, clock) as c:
        ids = []
        for n in (1, 2):
            ids.append(c.request_cancellations("A1SELLER", ["ATVPDKIKX0DER"],
                                               [cancellation(n, 1)]))
            clock.value += timedelta(minutes=1)
        found = c.cancellation_requests_since(["ATVPDKIKX0DER"], NOW - timedelta(minutes=1))
        assert sorted(f.feed_id for f in found) == sorted(ids)
        later = c.cancellation_requests_since(["ATVPDKIKX0DER"], NOW + timedelta(seconds=30))
        assert [f.feed_id for f in later] == [ids[1]]
        assert c.cancellation_requests_since(["A1PA6795UKMFR9"], NOW) == []
    headers = token_headers(amazon.url)
    page = requests.get(f"{amazon.url}/feeds/2021-06-30/feeds", headers=headers,
                        params={"feedTypes": ACK, "pageSize": 1}).json()
    assert len(page["feeds"]) == 1 and page["nextToken"]
    mixed = requests.get(f"{amazon.url}/feeds/2021-06-30/feeds", headers=headers,
                         params={"nextToken": page["nextToken"], "pageSize": 1})
    assert mixed.status_code == 400  # the token must come alone
    rest = requests.get(f"{amazon.url}/feeds/2021-06-30/feeds", headers=headers,
                        params={"nextToken": page["nextToken"]}).json()
    assert len(rest["feeds"]) == 1 and "nextToken" not in rest
    assert requests.get(f"{amazon.url}/feeds/2021-06-30/feeds", headers=headers
                        ).status_code == 400  # feedTypes or nextToken is required


def test_faults_hit_only_the_operations_named(amazon, clock):
    answer = amazon.control("POST", "/faults", json={"throttle_rate": 1.0,
                                                     "operations": ["createFeed"]})
    assert answer.json()["operations"] == ["createFeed"]
    with client(amazon, clock) as c:
        with pytest.raises(Throttled):
            c.request_cancellations("A1SELLER", ["ATVPDKIKX0DER"], [cancellation(1, 1)])
        assert c.calls["createFeedDocument"] == 1  # not hit
    assert amazon.calls()["throttled"] == {"createFeed": 1}
    bad = amazon.control("POST", "/faults", json={"operations": ["noSuchOperation"]})
    assert bad.status_code == 400 and "operations" in bad.json()["errors"]


def test_a_buyers_request_shows_in_both_apis_and_can_go_away(amazon, clock):
    oid = "113-0000001-0000001"
    asked = amazon.control("POST", f"/orders/{oid}/buyer-cancel-request",
                           json={"reason": "Ordered by mistake"})
    assert asked.status_code == 200
    assert asked.json()["lastUpdatedTime"] > "2026-11-02T08:00:00Z"
    with client(amazon, clock) as c:
        order = c.get_order(oid)
    assert order.buyer_asked_to_cancel and order.buyer_cancel_reason == "Ordered by mistake"
    with client(amazon, clock, api="v0") as c:
        v0 = c.get_order(oid)
    assert [i.buyer_cancel_requested for i in v0.items] == [True, True]
    assert v0.buyer_cancel_reason == "Ordered by mistake"
    assert amazon.control("DELETE", f"/orders/{oid}/buyer-cancel-request").status_code == 200
    with client(amazon, clock) as c:
        assert not c.get_order(oid).buyer_asked_to_cancel
    shipped = amazon.control("POST", "/orders/113-0000003-0000001/buyer-cancel-request",
                             json={"reason": "Too late"})
    assert shipped.status_code == 409
    assert amazon.control("POST", f"/orders/{oid}/buyer-cancel-request",
                          json={"reason": ""}).status_code == 400


def test_the_page_lets_a_buyer_ask_and_lists_the_feeds(amazon, clock):
    oid = "113-0000001-0000001"
    with client(amazon, clock) as c:
        c.request_cancellations("A1SELLER", ["ATVPDKIKX0DER"], [cancellation(2, 1)])
    page = requests.get(f"{amazon.url}/").text
    assert "Buyer asks to cancel" in page and "Feeds received" in page
    assert "&lt;AmazonOrderID&gt;113-0000002-0000001" in page
    clock.value += timedelta(minutes=2)  # processed: the page shows the orders as they are
    page = requests.get(f"{amazon.url}/").text
    row = page[page.index("<td>113-0000002-0000001</td>"):].split("</tr>")[0]
    assert "<td>Canceled</td>" in row and "All accepted" in page
    asked = requests.post(f"{amazon.url}/_page/orders/{oid}/buyer-cancel",
                          data={"reason": "Changed my mind"}, allow_redirects=False)
    assert asked.status_code == 303
    assert "Asked to cancel: Changed my mind" in requests.get(f"{amazon.url}/").text
    bad = requests.post(f"{amazon.url}/_page/orders/{oid}/buyer-cancel",
                        data={"reason": "<script>"})
    assert bad.status_code == 400 and "<script>" not in bad.text
