"""The sandbox's feeds and feed documents, and what processing a feed does.

A feed waits ``processing_seconds`` (IN_QUEUE, then IN_PROGRESS) and is then processed: an
order acknowledgement feed (``acknowledgements``) cancels the orders it names that are not
shipped, and its processing report, in Amazon's XML shape, names every message it could not
apply. Feeds are processed when their time has come and anything reads the sandbox, as if
Amazon had worked in the background. Other feed types end FATAL: this sandbox only knows
order acknowledgements.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from connector.sandbox.amazon.acknowledgements import (
    MESSAGE_ERROR,
    NOT_CANCELABLE,
    ORDER_NOT_FOUND,
    XML_ERROR,
    FeedRejected,
    Report,
    Result,
    read_feed,
    report_xml,
)
from connector.sandbox.amazon.book import CancellationRejected, OrderBook
from connector.sandbox.amazon.contract import amazon_time

ACKNOWLEDGEMENT = "POST_ORDER_ACKNOWLEDGEMENT_DATA"


class FeedDesk:
    """The sandbox's feeds and feed documents; thread-safe."""

    def __init__(self, book: OrderBook, now: Callable[[], datetime], processing_seconds: float):
        self.book = book
        self.now = now
        self.processing = timedelta(seconds=processing_seconds)
        self.lock = threading.RLock()
        self.clear()

    def clear(self) -> None:
        with self.lock:
            self.documents: dict[str, dict] = {}
            self.feeds: dict[str, dict] = {}
            self._ids = itertools.count(50001)

    # -- documents --------------------------------------------------------------------------

    def new_document(self, content_type: str, *, data: bytes | None = None) -> dict:
        document = {"id": str(uuid.uuid4()), "content_type": content_type, "data": data,
                    "signature": secrets.token_urlsafe(18), "created": self.now()}
        with self.lock:
            self.documents[document["id"]] = document
        return document

    def document(self, document_id: str, signature: str | None) -> dict | None:
        """The document a pre-signed URL names, or None (unknown id, wrong signature)."""
        with self.lock:
            document = self.documents.get(document_id)
        if document is None or not secrets.compare_digest(signature or "",
                                                          document["signature"]):
            return None
        return document

    # -- feeds ------------------------------------------------------------------------------

    def create(self, feed_type: str, marketplace_ids: list[str], document_id: str) -> str:
        """A new feed of the uploaded document; ``ValueError`` when there is none."""
        with self.lock:
            document = self.documents.get(document_id)
            if document is None or document["data"] is None:
                raise ValueError(f"inputFeedDocumentId {document_id} names no uploaded feed "
                                 "document")
            feed_id = str(next(self._ids))
            self.feeds[feed_id] = {
                "feedId": feed_id, "feedType": feed_type, "marketplaceIds": marketplace_ids,
                "created": self.now(), "processingStatus": "IN_QUEUE",
                "inputFeedDocumentId": document_id, "document": document["data"],
                "report": None, "results": []}
            return feed_id

    def process_due(self) -> None:
        """Process every feed whose time has come."""
        now = self.now()
        with self.lock:
            for feed in self.feeds.values():
                if feed["processingStatus"] in ("IN_QUEUE", "IN_PROGRESS"):
                    if now >= feed["created"] + self.processing:
                        self._process(feed, now)
                    elif now >= feed["created"] + self.processing / 2:
                        feed["processingStatus"] = "IN_PROGRESS"
                        feed.setdefault("started", now)

    def _process(self, feed: dict, now: datetime) -> None:
        feed.setdefault("started", now)
        feed["ended"] = now
        if feed["feedType"] != ACKNOWLEDGEMENT:
            feed["processingStatus"] = "FATAL"
            return
        try:
            merchant, messages = read_feed(feed["document"])
        except FeedRejected as problem:
            report = Report("UNKNOWN", results=[Result("0", None, XML_ERROR, str(problem))])
            feed["processingStatus"] = "FATAL"
        else:
            report = Report(merchant, processed=len(messages))
            for message in messages:
                result = self._apply(message)
                if result is not None:
                    report.results.append(result)
            feed["processingStatus"] = "DONE"
        result_document = self.new_document("text/xml; charset=UTF-8",
                                             data=report_xml(report))
        feed["resultFeedDocumentId"] = result_document["id"]
        feed["report"] = result_document["data"]
        feed["results"] = [vars(r) for r in report.results]

    def _apply(self, message) -> Result | None:
        if message.problem:
            return Result(message.message_id, message.order_id, MESSAGE_ERROR, message.problem)
        if message.status_code != "Failure":
            if self.book.get(message.order_id) is None:
                return Result(message.message_id, message.order_id, ORDER_NOT_FOUND,
                              f"We could not find order {message.order_id}.")
            return None  # an acknowledgement: nothing changes here
        try:
            self.book.seller_cancel(message.order_id, list(message.items))
        except CancellationRejected as refused:
            code = ORDER_NOT_FOUND if "could not find" in str(refused) else NOT_CANCELABLE
            return Result(message.message_id, message.order_id, code, str(refused))
        return None

    def view(self, feed: dict) -> dict:
        """The model's ``Feed``."""
        shown = {"feedId": feed["feedId"], "feedType": feed["feedType"],
                 "marketplaceIds": feed["marketplaceIds"],
                 "createdTime": amazon_time(feed["created"]),
                 "processingStatus": feed["processingStatus"]}
        if feed.get("started"):
            shown["processingStartTime"] = amazon_time(feed["started"])
        if feed.get("ended"):
            shown["processingEndTime"] = amazon_time(feed["ended"])
        if feed.get("resultFeedDocumentId"):
            shown["resultFeedDocumentId"] = feed["resultFeedDocumentId"]
        return shown

    def received(self) -> list[dict]:
        """Every feed with its document, report and results (the control API, the page)."""
        self.process_due()
        with self.lock:
            return [{**self.view(feed), "document": feed["document"].decode("utf-8", "replace"),
                     "report": (feed["report"] or b"").decode("utf-8", "replace") or None,
                     "results": list(feed["results"])}
                    for feed in sorted(self.feeds.values(), key=lambda f: int(f["feedId"]))]
