"""The order acknowledgement feed (``POST_ORDER_ACKNOWLEDGEMENT_DATA``) and its processing
report, as XML: pure functions, no I/O.

The document is an ``AmazonEnvelope``: ``Header`` (``DocumentVersion`` 1.01, the seller id as
``MerchantIdentifier``), ``MessageType`` ``OrderAcknowledgement``, and one ``Message`` per
order. A cancellation is ``StatusCode`` ``Failure`` with every item of the order listed, each
with the reason: Amazon cancels whole orders only when every item is named.

The processing report names the messages that failed (``Result`` with ``ResultCode``
``Error``, the ``MessageID`` and usually ``AdditionalInfo/AmazonOrderID``); a message without
an error result was accepted.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from connector.amazon.errors import MalformedResponse
from connector.domain import CancelReason

FEED_TYPE = "POST_ORDER_ACKNOWLEDGEMENT_DATA"
CONTENT_TYPE = "text/xml; charset=UTF-8"
DOCUMENT_VERSION = "1.01"
#: A processing report larger than this is not one (Amazon's are a few kilobytes per error).
MAX_REPORT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Cancellation:
    """One order to cancel: every item, with one of Amazon's reasons."""

    order_id: str
    reason: CancelReason
    item_ids: tuple[str, ...]
    #: The ``MessageID`` of the order's message in the feed (1, 2, ...), how the processing
    #: report refers to it.
    message_id: int


def acknowledgement_feed(seller_id: str, cancellations: Iterable[Cancellation]) -> bytes:
    """The feed document (UTF-8 XML) that cancels ``cancellations``."""
    envelope = ET.Element("AmazonEnvelope", {
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:noNamespaceSchemaLocation": "amzn-envelope.xsd"})
    header = ET.SubElement(envelope, "Header")
    ET.SubElement(header, "DocumentVersion").text = DOCUMENT_VERSION
    ET.SubElement(header, "MerchantIdentifier").text = seller_id
    ET.SubElement(envelope, "MessageType").text = "OrderAcknowledgement"
    count = 0
    for cancellation in cancellations:
        if not cancellation.item_ids:
            raise ValueError(f"order {cancellation.order_id}: a cancellation lists every item")
        reason = CancelReason(cancellation.reason)  # ValueError for a reason Amazon lacks
        message = ET.SubElement(envelope, "Message")
        ET.SubElement(message, "MessageID").text = str(cancellation.message_id)
        acknowledgement = ET.SubElement(message, "OrderAcknowledgement")
        ET.SubElement(acknowledgement, "AmazonOrderID").text = cancellation.order_id
        ET.SubElement(acknowledgement, "StatusCode").text = "Failure"
        for item_id in cancellation.item_ids:
            item = ET.SubElement(acknowledgement, "Item")
            ET.SubElement(item, "AmazonOrderItemCode").text = item_id
            ET.SubElement(item, "CancelReason").text = reason.value
        count += 1
    if not count:
        raise ValueError("a feed carries at least one order")
    return ET.tostring(envelope, encoding="utf-8", xml_declaration=True)


@dataclass(frozen=True)
class MessageResult:
    """One ``Result`` of the report: an error or a warning about one message."""

    message_id: int | None
    order_id: str | None
    code: str  # Error | Warning
    message_code: str | None
    description: str

    @property
    def is_error(self) -> bool:
        return self.code.lower() == "error"


@dataclass(frozen=True)
class ProcessingReport:
    status_code: str | None
    processed: int
    successful: int
    with_error: int
    with_warning: int
    results: tuple[MessageResult, ...] = ()

    def error_for(self, message_id: int, order_id: str) -> MessageResult | None:
        """The error Amazon reported about this order's message, if any."""
        for result in self.results:
            if result.is_error and (result.message_id == message_id
                                    or (result.message_id is None
                                        and result.order_id == order_id)):
                return result
        return None


def _text(node: ET.Element | None, path: str) -> str | None:
    found = node.find(path) if node is not None else None
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _count(report: ET.Element, name: str) -> int:
    text = _text(report, f"ProcessingSummary/{name}")
    try:
        return int(text) if text is not None else 0
    except ValueError:
        raise MalformedResponse(f"processing report: {name} is not a number: {text[:40]!r}",
                                operation="processingReport") from None


def parse_processing_report(data: bytes) -> ProcessingReport:
    """Amazon's XML processing report; ``MalformedResponse`` when it is not one."""
    if len(data) > MAX_REPORT_BYTES:
        raise MalformedResponse("processing report is too large", operation="processingReport")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise MalformedResponse(f"processing report is not XML: {exc}",
                                operation="processingReport") from None
    report = root.find("Message/ProcessingReport")
    if root.tag != "AmazonEnvelope" or report is None:
        raise MalformedResponse("processing report has no Message/ProcessingReport",
                                operation="processingReport")
    results = []
    for result in report.findall("Result"):
        message_id = _text(result, "MessageID")
        results.append(MessageResult(
            message_id=int(message_id) if message_id and message_id.isdigit() else None,
            order_id=_text(result, "AdditionalInfo/AmazonOrderID"),
            code=_text(result, "ResultCode") or "Error",
            message_code=_text(result, "ResultMessageCode"),
            description=_text(result, "ResultDescription") or "no description given"))
    return ProcessingReport(
        status_code=_text(report, "StatusCode"), processed=_count(report, "MessagesProcessed"),
        successful=_count(report, "MessagesSuccessful"),
        with_error=_count(report, "MessagesWithError"),
        with_warning=_count(report, "MessagesWithWarning"), results=tuple(results))
