"""Feeds API 2021-06-30: a document goes up, a feed is created from it, and its processing
report comes back.

createFeedDocument answers a pre-signed URL the document is PUT to; createFeed names that
document; getFeed moves through IN_QUEUE, IN_PROGRESS, then DONE, CANCELLED or FATAL, and a
finished feed names its result document, which getFeedDocument turns into a download URL
(gzip-compressed when it says so). createFeed is sent once: only the caller can tell whether a
feed whose answer was lost reached Amazon, by looking with ``feeds_since`` (getFeeds).
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from connector.amazon.errors import InvalidOrderData, MalformedResponse
from connector.amazon.parse import parse_time
from connector.amazon.times import amazon_time
from connector.amazon.transport import Transport

BASE = "/feeds/2021-06-30"
#: Feeds still being worked on; the others are final.
PROCESSING = ("IN_QUEUE", "IN_PROGRESS")
DONE, CANCELLED, FATAL = "DONE", "CANCELLED", "FATAL"
FEEDS_PAGE = 100
#: getFeeds filters by at most 10 marketplaces (a feed matches when it has one of them).
FILTER_MARKETPLACES = 10
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Feed:
    feed_id: str
    feed_type: str
    processing_status: str
    created: datetime | None = None
    result_document_id: str | None = None

    @property
    def finished(self) -> bool:
        return self.processing_status not in PROCESSING


def _required(body, key: str, operation: str) -> str:
    value = body.get(key) if isinstance(body, dict) else None
    if not isinstance(value, str) or not value:
        raise MalformedResponse(f"{operation}: the answer has no {key}", operation=operation)
    return value


def _feed(body, operation: str) -> Feed:
    created = body.get("createdTime") if isinstance(body, dict) else None
    try:
        when = parse_time(created, "createdTime") if isinstance(created, str) else None
    except InvalidOrderData:
        when = None
    result = body.get("resultFeedDocumentId")
    return Feed(feed_id=_required(body, "feedId", operation),
                feed_type=_required(body, "feedType", operation),
                processing_status=_required(body, "processingStatus", operation),
                created=when, result_document_id=result if isinstance(result, str) else None)


class Feeds:
    """The Feeds API calls of one store's client (rate limits per operation, as for every
    SP-API call)."""

    def __init__(self, transport: Transport):
        self.transport = transport

    def create_document(self, content_type: str) -> tuple[str, str]:
        """``(feedDocumentId, upload URL)``; the URL expires after five minutes."""
        body = self.transport.call("createFeedDocument", "POST", f"{BASE}/documents",
                                   body={"contentType": content_type}, retry=True)
        return (_required(body, "feedDocumentId", "createFeedDocument"),
                _required(body, "url", "createFeedDocument"))

    def upload(self, url: str, content: bytes, content_type: str) -> None:
        self.transport.transfer("uploadFeedDocument", "PUT", url, data=content,
                                content_type=content_type)

    def create_feed(self, feed_type: str, marketplace_ids: Sequence[str],
                    document_id: str) -> str:
        """The new feed's id. Sent once: after a ``NetworkError`` or ``ServerError`` the
        feed may exist; look with ``feeds_since`` before creating it again."""
        body = self.transport.call("createFeed", "POST", f"{BASE}/feeds", body={
            "feedType": feed_type, "marketplaceIds": list(marketplace_ids),
            "inputFeedDocumentId": document_id}, retry=False)
        return _required(body, "feedId", "createFeed")

    def get_feed(self, feed_id: str) -> Feed:
        body = self.transport.call("getFeed", "GET", f"{BASE}/feeds/{quote(feed_id, safe='')}")
        return _feed(body, "getFeed")

    def feeds_since(self, feed_type: str, marketplace_ids: Sequence[str],
                    since: datetime) -> list[Feed]:
        """Every feed of ``feed_type`` created since ``since`` (getFeeds, all pages)."""
        params: dict = {"feedTypes": feed_type,
                        "marketplaceIds": ",".join(list(marketplace_ids)[:FILTER_MARKETPLACES]),
                        "createdSince": amazon_time(since), "pageSize": FEEDS_PAGE}
        found: list[Feed] = []
        while True:
            body = self.transport.call("getFeeds", "GET", f"{BASE}/feeds", params=params)
            feeds = body.get("feeds") if isinstance(body, dict) else None
            if not isinstance(feeds, list):
                raise MalformedResponse("getFeeds: the answer has no feeds list",
                                        operation="getFeeds")
            found += [_feed(feed, "getFeeds") for feed in feeds]
            token = body.get("nextToken")
            if not isinstance(token, str) or not token:
                return found
            params = {"nextToken": token}  # Amazon: nextToken alone names the next page

    def download(self, document_id: str) -> bytes:
        """A result document's content (the processing report), decompressed."""
        body = self.transport.call("getFeedDocument", "GET",
                                   f"{BASE}/documents/{quote(document_id, safe='')}")
        url = _required(body, "url", "getFeedDocument")
        data = self.transport.transfer("downloadFeedDocument", "GET", url)
        if body.get("compressionAlgorithm") == "GZIP":
            try:
                data = _gunzip(data)
            except (OSError, EOFError, zlib.error):
                raise MalformedResponse("getFeedDocument: the document is not valid gzip",
                                        operation="getFeedDocument") from None
        return data


def _gunzip(data: bytes) -> bytes:
    """Decompress, refusing what would inflate past ``MAX_DOCUMENT_BYTES``."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        out = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(out) > MAX_DOCUMENT_BYTES:
        raise OSError("document too large")
    return out
