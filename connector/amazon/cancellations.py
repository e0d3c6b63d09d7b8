"""Seller cancellations, the long-standing way: an order acknowledgement feed.

Three steps of one mechanism, behind ``AmazonClient.request_cancellations``,
``cancellation_requests_since`` and ``cancellation_outcome``: a submission's id is the feed's
id. Amazon's newer direct ``cancelOrder`` operation can replace the feed here without the
lifecycle noticing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from connector.amazon.acknowledgement import (
    CONTENT_TYPE,
    FEED_TYPE,
    Cancellation,
    ProcessingReport,
    acknowledgement_feed,
    parse_processing_report,
)
from connector.amazon.errors import MalformedResponse
from connector.amazon.feeds import DONE, Feed, Feeds

#: createFeed takes at most 25 marketplaces.
MAX_MARKETPLACES = 25


@dataclass(frozen=True)
class CancellationOutcome:
    """What Amazon made of a submission so far: ``finished`` once processed; then ``status``
    is DONE (see ``report`` for each order), FATAL or CANCELLED (nothing reliable)."""

    submission_id: str
    status: str
    finished: bool
    report: ProcessingReport | None = None

    @property
    def failed(self) -> bool:
        return self.finished and self.status != DONE


def request(feeds: Feeds, seller_id: str, marketplace_ids: Sequence[str],
            cancellations: Sequence[Cancellation]) -> str:
    """Upload the document and create the feed; the feed's id. createFeed is the last call
    and is sent once (see ``Feeds.create_feed``)."""
    marketplaces = list(dict.fromkeys(marketplace_ids))
    if not 1 <= len(marketplaces) <= MAX_MARKETPLACES:
        raise ValueError(f"a feed names 1 to {MAX_MARKETPLACES} marketplaces")
    document = acknowledgement_feed(seller_id, cancellations)
    document_id, url = feeds.create_document(CONTENT_TYPE)
    feeds.upload(url, document, CONTENT_TYPE)
    return feeds.create_feed(FEED_TYPE, marketplaces, document_id)


def requests_since(feeds: Feeds, marketplace_ids: Sequence[str], since: datetime) -> list[Feed]:
    """The cancellation submissions Amazon has from ``since`` on (any sender's)."""
    return feeds.feeds_since(FEED_TYPE, marketplace_ids, since)


def outcome(feeds: Feeds, submission_id: str) -> CancellationOutcome:
    feed = feeds.get_feed(submission_id)
    if not feed.finished:
        return CancellationOutcome(submission_id, feed.processing_status, finished=False)
    report = None
    if feed.result_document_id:
        try:
            report = parse_processing_report(feeds.download(feed.result_document_id))
        except MalformedResponse:
            if feed.processing_status == DONE:
                raise
            # A failed feed's report is a courtesy; its status already says what matters.
    return CancellationOutcome(submission_id, feed.processing_status, finished=True,
                               report=report)
