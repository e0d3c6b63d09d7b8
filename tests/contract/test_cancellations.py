"""Cancellations against Amazon's own contracts: the buyer's request as the Orders models'
examples carry it, the order acknowledgement feed in the envelope of reference section 7b, the
Feeds calls' bodies (and the sandbox's answers) as ``feeds_2021-06-30.json`` defines them, and
the Feeds rate limits as its usage plans publish them."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import requests
from jsonschema import Draft4Validator

from connector.amazon import AmazonClient, Cancellation, LwaCredentials
from connector.amazon.acknowledgement import acknowledgement_feed
from connector.amazon.parse import parse_v0_order, parse_v2026_order
from connector.amazon.ratelimit import USAGE_PLANS
from connector.domain import CancelReason
from connector.sandbox.amazon import create_amazon_sandbox
from connector.sandbox.amazon.limits import USAGE_PLANS as SANDBOX_PLANS
from tests.amazon.conftest import token_headers
from tests.e2e.world import v2026_order

FEEDS_MODEL = "sp-api/feeds-2021-06-30/feeds_2021-06-30.json"
#: Reference section 7b, "Cancel reasons".
REASONS = ["NoInventory", "ShippingAddressUndeliverable", "CustomerExchange", "BuyerCanceled",
           "GeneralAdjustment", "CarrierCreditDecision", "RiskAssessmentInformationNotValid",
           "CarrierCoverageFailure", "CustomerReturn", "MerchandiseNotReceived"]
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def example(load_fixture, name: str, example_id: str) -> dict:
    return next(e for e in load_fixture(name) if e["id"] == example_id)


# -- the buyer's request -----------------------------------------------------------------------

def test_v2026_example_carries_the_buyers_request(load_fixture):
    body = example(load_fixture, "sp-api/orders-2026-01-01/orders_2026-01-01.response-examples"
                                 ".json", "searchOrders-200-doc-application/json")["response"]
    order = parse_v2026_order(next(o for o in body["orders"]
                                   if o["orderId"] == "123-4567890-1234567"))
    assert order.buyer_asked_to_cancel
    assert order.buyer_cancel_reason == "Changed mind about purchase"


def test_v0_example_carries_the_buyers_request(load_fixture):
    items = example(load_fixture, "sp-api/ordersV0.response-examples.json",
                    "getOrderItems-200-doc-application/json")["response"]["payload"]
    parent = next(e for e in load_fixture("sp-api/getOrder.examples.json")
                  if e["status"] == 200)["response"]["payload"]
    order = parse_v0_order(parent, items["OrderItems"])
    assert order.buyer_asked_to_cancel
    assert [(i.order_item_id, i.buyer_cancel_requested, i.buyer_cancel_reason)
            for i in order.items] == [
        ("68828574383266", True, "Found cheaper somewhere else."),
        ("79039765272157", True, "Found cheaper somewhere else.")]


# -- the feed document -------------------------------------------------------------------------

def test_the_reasons_are_amazons_list():
    assert [reason.value for reason in CancelReason] == REASONS


def children(node) -> list[str]:
    return [child.tag for child in node]


def test_the_feed_document_is_the_envelope_of_section_7b():
    orders = [Cancellation("113-0000001-0000001", CancelReason.NO_INVENTORY,
                           ("11300000010000001", "11300000010000002"), 1),
              Cancellation("113-0000002-0000002", CancelReason.BUYER_CANCELED,
                           ("11300000020000001",), 2)]
    document = acknowledgement_feed("A1SELLER & <Co>", orders)
    assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(document)  # well-formed, the seller id escaped
    assert root.tag == "AmazonEnvelope"
    assert children(root) == ["Header", "MessageType", "Message", "Message"]
    assert children(root.find("Header")) == ["DocumentVersion", "MerchantIdentifier"]
    assert root.findtext("Header/DocumentVersion") == "1.01"
    assert root.findtext("Header/MerchantIdentifier") == "A1SELLER & <Co>"
    assert root.findtext("MessageType") == "OrderAcknowledgement"
    seen = {}
    for message in root.findall("Message"):
        assert children(message) == ["MessageID", "OrderAcknowledgement"]
        ack = message.find("OrderAcknowledgement")
        tags = children(ack)
        assert tags[:2] == ["AmazonOrderID", "StatusCode"] and set(tags[2:]) == {"Item"}
        assert ack.findtext("StatusCode") == "Failure"  # Failure cancels the order
        items = []
        for item in ack.findall("Item"):
            assert children(item) == ["AmazonOrderItemCode", "CancelReason"]
            assert item.findtext("CancelReason") in REASONS
            items.append((item.findtext("AmazonOrderItemCode"), item.findtext("CancelReason")))
        seen[message.findtext("MessageID")] = (ack.findtext("AmazonOrderID"), items)
    assert seen == {
        "1": ("113-0000001-0000001", [("11300000010000001", "NoInventory"),
                                      ("11300000010000002", "NoInventory")]),
        "2": ("113-0000002-0000002", [("11300000020000001", "BuyerCanceled")])}


def test_a_feed_without_items_or_with_a_reason_amazon_lacks_is_never_written():
    with pytest.raises(ValueError):
        acknowledgement_feed("A1", [Cancellation("113-0000001-0000001",
                                                 CancelReason.NO_INVENTORY, (), 1)])
    with pytest.raises(ValueError):
        acknowledgement_feed("A1", [Cancellation("113-0000001-0000001", "Whatever", ("1",), 1)])
    with pytest.raises(ValueError):
        acknowledgement_feed("A1", [])


# -- the Feeds calls ---------------------------------------------------------------------------

class Recording(requests.Session):
    """A session that keeps every request it sends."""

    def __init__(self):
        super().__init__()
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        return super().send(request, **kwargs)


@pytest.fixture
def model(load_fixture):
    return load_fixture(FEEDS_MODEL)


def check(model: dict, definition: str, instance) -> None:
    schema = {"$ref": f"#/definitions/{definition}", "definitions": model["definitions"]}
    errors = [e.message for e in Draft4Validator(schema).iter_errors(instance)]
    assert not errors, (definition, errors)


def test_feeds_calls_validate_against_the_model(model, live_server):

    now = [NOW]
    sandbox = create_amazon_sandbox(samples=False, now=lambda: now[0], feed_seconds=60)
    server = live_server(sandbox)
    book = sandbox.extensions["amazon_sandbox"].book
    book.add(v2026_order("113-0000001-0000001", [("MUG-1", 1, "12.00")], created=NOW,
                         status="UNSHIPPED"))
    session = Recording()
    client = AmazonClient(LwaCredentials("sandbox-client", "sandbox-secret", "Atzr|sandbox"),
                          "NA", endpoint=server.url, lwa_url=f"{server.url}/auth/o2/token",
                          session=session, now=lambda: now[0], sleep=lambda s: None)
    feed_id = client.request_cancellations(
        "A1SELLER", ["ATVPDKIKX0DER"],
        [Cancellation("113-0000001-0000001", CancelReason.NO_INVENTORY,
                      ("11300000010000001",), 1)])
    bodies = {}
    for sent in session.sent:
        path = sent.path_url.split("?")[0]
        if sent.method == "POST" and path.startswith("/feeds/2021-06-30/"):
            bodies[path] = json.loads(sent.body)
    check(model, "CreateFeedDocumentSpecification", bodies["/feeds/2021-06-30/documents"])
    check(model, "CreateFeedSpecification", bodies["/feeds/2021-06-30/feeds"])
    assert bodies["/feeds/2021-06-30/feeds"]["feedType"] == "POST_ORDER_ACKNOWLEDGEMENT_DATA"
    upload = next(s for s in session.sent if s.method == "PUT")
    assert "x-amz-access-token" not in upload.headers  # the pre-signed URL is the key
    assert upload.headers["content-type"] == (
        bodies["/feeds/2021-06-30/documents"]["contentType"])

    # The sandbox answers in the model's shapes too, before and after processing.
    http = requests.Session()
    headers = token_headers(server.url)
    created = http.post(f"{server.url}/feeds/2021-06-30/documents", headers=headers,
                        json={"contentType": "text/xml; charset=UTF-8"})
    assert created.status_code == 201
    check(model, "CreateFeedDocumentResponse", created.json())
    for _ in range(2):
        answer = http.get(f"{server.url}/feeds/2021-06-30/feeds/{feed_id}", headers=headers)
        check(model, "Feed", answer.json())
        now[0] += timedelta(minutes=2)
    assert answer.json()["processingStatus"] == "DONE"
    listed = http.get(f"{server.url}/feeds/2021-06-30/feeds", headers=headers, params={
        "feedTypes": "POST_ORDER_ACKNOWLEDGEMENT_DATA", "pageSize": 1})
    check(model, "GetFeedsResponse", listed.json())
    document = http.get(f"{server.url}/feeds/2021-06-30/documents/"
                        f"{answer.json()['resultFeedDocumentId']}", headers=headers)
    check(model, "FeedDocument", document.json())
    refused = http.post(f"{server.url}/feeds/2021-06-30/feeds", headers=headers,
                        json={"marketplaceIds": ["ATVPDKIKX0DER"]})
    assert refused.status_code == 400
    check(model, "ErrorList", refused.json())


def usage_plan(model: dict, method: str, path: str) -> tuple[float, int]:
    """The default rate and burst the model's "Usage Plan" table gives an operation."""
    text = model["paths"][path][method]["description"]
    rate, burst = re.search(r"\|\s*([0-9.]+)\s*\|\s*([0-9]+)\s*\|", text).groups()
    return float(rate), int(burst)


@pytest.mark.parametrize("operation, method, path", [
    ("createFeedDocument", "post", "/feeds/2021-06-30/documents"),
    ("createFeed", "post", "/feeds/2021-06-30/feeds"),
    ("getFeed", "get", "/feeds/2021-06-30/feeds/{feedId}"),
    ("getFeeds", "get", "/feeds/2021-06-30/feeds"),
    ("getFeedDocument", "get", "/feeds/2021-06-30/documents/{feedDocumentId}"),
])
def test_feeds_rate_limits_are_the_models(model, operation, method, path):
    rate, burst = usage_plan(model, method, path)
    assert (USAGE_PLANS[operation].rate, USAGE_PLANS[operation].burst) == (rate, burst)
    assert (SANDBOX_PLANS[operation].rate, SANDBOX_PLANS[operation].burst) == (rate, burst)
