"""Seller cancellations through the client, against mocked HTTP: the Feeds calls, what is
sent once, the report (plain or gzip), and the parsers of both XML documents."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
import requests
import responses
from responses import matchers

from connector.amazon import (
    AmazonClient,
    Cancellation,
    InvalidInput,
    LwaCredentials,
    MalformedResponse,
    NetworkError,
    ServerError,
    Throttled,
)
from connector.amazon.acknowledgement import parse_processing_report
from connector.domain import CancelReason

BASE = "https://sellingpartnerapi-na.amazon.com"
LWA = "https://api.amazon.com/auth/o2/token"
FEEDS = f"{BASE}/feeds/2021-06-30"
UPLOAD = "https://tortuga-prod-na.s3.amazonaws.com/doc-1?X-Amz-Signature=abc"
REPORT_URL = "https://tortuga-prod-na.s3.amazonaws.com/report-1?X-Amz-Signature=def"
ORDERS = [Cancellation("113-0000001-0000001", CancelReason.NO_INVENTORY, ("1101", "1102"), 1),
          Cancellation("113-0000002-0000002", CancelReason.BUYER_CANCELED, ("1201",), 2)]
REPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope><Header><DocumentVersion>1.02</DocumentVersion>
<MerchantIdentifier>A1SELLER</MerchantIdentifier></Header>
<MessageType>ProcessingReport</MessageType><Message><MessageID>1</MessageID>
<ProcessingReport><DocumentTransactionID>4711</DocumentTransactionID>
<StatusCode>Complete</StatusCode><ProcessingSummary><MessagesProcessed>2</MessagesProcessed>
<MessagesSuccessful>1</MessagesSuccessful><MessagesWithError>1</MessagesWithError>
<MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary>
<Result><MessageID>2</MessageID><ResultCode>Error</ResultCode>
<ResultMessageCode>18028</ResultMessageCode>
<ResultDescription>The order has already shipped.</ResultDescription>
<AdditionalInfo><AmazonOrderID>113-0000002-0000002</AmazonOrderID></AdditionalInfo>
</Result></ProcessingReport></Message></AmazonEnvelope>"""


class FakeTime:
    """A monotonic clock that moves only when the client sleeps (rate limits, backoff)."""

    def __init__(self):
        self.t = 1000.0

    def clock(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def client():
    time = FakeTime()
    with AmazonClient(LwaCredentials("amzn1.application-oa2-client.x", "secret", "Atzr|r"),
                      "NA", clock=time.clock, sleep=time.sleep,
                      now=lambda: datetime(2026, 11, 2, 9, tzinfo=UTC)) as made:
        yield made


def lwa():
    responses.add(responses.POST, LWA, json={"access_token": "Atza|one", "expires_in": 3600,
                                             "token_type": "bearer"})


def document_and_upload():
    responses.add(responses.POST, f"{FEEDS}/documents", status=201,
                  match=[matchers.json_params_matcher({"contentType":
                                                       "text/xml; charset=UTF-8"})],
                  json={"feedDocumentId": "doc-1", "url": UPLOAD})
    responses.add(responses.PUT, UPLOAD, status=200)


@responses.activate
def test_a_request_uploads_the_document_then_creates_one_feed(client):
    lwa()
    document_and_upload()
    responses.add(responses.POST, f"{FEEDS}/feeds", status=202, json={"feedId": "50001"},
                  match=[matchers.json_params_matcher({
                      "feedType": "POST_ORDER_ACKNOWLEDGEMENT_DATA",
                      "marketplaceIds": ["ATVPDKIKX0DER"], "inputFeedDocumentId": "doc-1"})])
    assert client.request_cancellations("A1SELLER", ["ATVPDKIKX0DER"], ORDERS) == "50001"
    upload = responses.calls[2].request
    assert upload.method == "PUT" and b"<CancelReason>BuyerCanceled</CancelReason>" in upload.body
    assert "x-amz-access-token" not in upload.headers  # never leaks to the storage host
    assert upload.headers["content-type"] == "text/xml; charset=UTF-8"
    assert client.calls["createFeed"] == 1 and client.calls["uploadFeedDocument"] == 1


@responses.activate
@pytest.mark.parametrize("failure", [
    {"body": requests.ConnectionError("reset")},
    {"status": 503, "json": {"errors": [{"code": "ServiceUnavailable", "message": "down"}]}},
])
def test_create_feed_is_sent_once_whatever_happens(client, failure):
    lwa()
    document_and_upload()
    responses.add(responses.POST, f"{FEEDS}/feeds", **failure)
    with pytest.raises(NetworkError if "body" in failure else ServerError):
        client.request_cancellations("A1SELLER", ["ATVPDKIKX0DER"], ORDERS)
    assert client.calls["createFeed"] == 1  # the caller looks before sending again


@responses.activate
def test_an_upload_that_fails_is_tried_again(client):
    lwa()
    responses.add(responses.POST, f"{FEEDS}/documents", status=201,
                  json={"feedDocumentId": "doc-1", "url": UPLOAD})
    responses.add(responses.PUT, UPLOAD, status=503)
    responses.add(responses.PUT, UPLOAD, status=200)
    responses.add(responses.POST, f"{FEEDS}/feeds", status=202, json={"feedId": "50001"})
    assert client.request_cancellations("A1SELLER", ["ATVPDKIKX0DER"], ORDERS) == "50001"
    assert client.calls["uploadFeedDocument"] == 2


@responses.activate
def test_throttled_and_refused_feeds_raise_what_amazon_said(client):
    lwa()
    document_and_upload()
    responses.add(responses.POST, f"{FEEDS}/feeds", status=429,
                  json={"errors": [{"code": "QuotaExceeded", "message": "slow down"}]})
    with pytest.raises(Throttled):
        client.request_cancellations("A1SELLER", ["ATVPDKIKX0DER"], ORDERS)
    document_and_upload()
    responses.add(responses.POST, f"{FEEDS}/feeds", status=400,
                  json={"errors": [{"code": "InvalidInput", "message": "Invalid input"}]})
    with pytest.raises(InvalidInput, match="Invalid input"):
        client.request_cancellations("A1SELLER", ["ATVPDKIKX0DER"], ORDERS)


@responses.activate
def test_looking_for_a_feed_walks_every_page_with_the_token_alone(client):
    lwa()
    first = {"feeds": [{"feedId": "1", "feedType": "POST_ORDER_ACKNOWLEDGEMENT_DATA",
                        "createdTime": "2026-11-02T08:58:00Z", "processingStatus": "DONE"}],
             "nextToken": "page-2"}
    second = {"feeds": [{"feedId": "2", "feedType": "POST_ORDER_ACKNOWLEDGEMENT_DATA",
                         "createdTime": "2026-11-02T08:59:00Z",
                         "processingStatus": "IN_QUEUE"}]}
    responses.add(responses.GET, f"{FEEDS}/feeds", json=first, match=[
        matchers.query_param_matcher({"feedTypes": "POST_ORDER_ACKNOWLEDGEMENT_DATA",
                                      "marketplaceIds": "ATVPDKIKX0DER",
                                      "createdSince": "2026-11-02T08:55:00Z",
                                      "pageSize": "100"})])
    responses.add(responses.GET, f"{FEEDS}/feeds", json=second,
                  match=[matchers.query_param_matcher({"nextToken": "page-2"})])
    found = client.cancellation_requests_since(
        ["ATVPDKIKX0DER"], datetime(2026, 11, 2, 8, 55, tzinfo=UTC))
    assert [(f.feed_id, f.processing_status, f.finished) for f in found] == [
        ("1", "DONE", True), ("2", "IN_QUEUE", False)]


@responses.activate
@pytest.mark.parametrize("compressed", [False, True])
def test_a_finished_feed_brings_its_report(client, compressed):
    lwa()
    responses.add(responses.GET, f"{FEEDS}/feeds/50001", json={
        "feedId": "50001", "feedType": "POST_ORDER_ACKNOWLEDGEMENT_DATA",
        "createdTime": "2026-11-02T09:00:00Z", "processingStatus": "DONE",
        "resultFeedDocumentId": "report-1"})
    document = {"feedDocumentId": "report-1", "url": REPORT_URL}
    if compressed:
        document["compressionAlgorithm"] = "GZIP"
    responses.add(responses.GET, f"{FEEDS}/documents/report-1", json=document)
    responses.add(responses.GET, REPORT_URL,
                  body=gzip.compress(REPORT) if compressed else REPORT)
    outcome = client.cancellation_outcome("50001")
    assert outcome.finished and not outcome.failed
    report = outcome.report
    assert (report.processed, report.successful, report.with_error) == (2, 1, 1)
    assert report.error_for(1, "113-0000001-0000001") is None
    assert report.error_for(2, "113-0000002-0000002").description == (
        "The order has already shipped.")


@responses.activate
def test_a_feed_in_progress_has_no_outcome_yet_and_a_fatal_one_failed(client):
    lwa()
    base = {"feedId": "50001", "feedType": "POST_ORDER_ACKNOWLEDGEMENT_DATA",
            "createdTime": "2026-11-02T09:00:00Z"}
    responses.add(responses.GET, f"{FEEDS}/feeds/50001",
                  json={**base, "processingStatus": "IN_PROGRESS"})
    responses.add(responses.GET, f"{FEEDS}/feeds/50001",
                  json={**base, "processingStatus": "FATAL"})
    assert not client.cancellation_outcome("50001").finished
    fatal = client.cancellation_outcome("50001")
    assert fatal.failed and fatal.report is None


@pytest.mark.parametrize("data", [b"not xml", b"<AmazonEnvelope/>", b"x" * (21 * 1024 * 1024),
                                  REPORT.replace(b"<MessagesProcessed>2", b"<MessagesProcessed>"
                                                 b"two")])
def test_a_report_that_is_not_one_is_malformed(data):
    with pytest.raises(MalformedResponse):
        parse_processing_report(data)


def test_a_report_matches_errors_by_order_when_it_names_no_message():
    report = parse_processing_report(REPORT.replace(b"<MessageID>2</MessageID>", b""))
    assert report.error_for(7, "113-0000002-0000002").message_code == "18028"
    assert report.error_for(2, "113-0000001-0000001") is None
