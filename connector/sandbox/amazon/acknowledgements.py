"""The sandbox's own reading of an order acknowledgement feed (``POST_ORDER_ACKNOWLEDGEMENT_DATA``)
and the processing report it writes back, in Amazon's XML shapes.

Written from Amazon's description of the envelope (``AmazonEnvelope``: ``Header`` with
``DocumentVersion`` and ``MerchantIdentifier``, ``MessageType`` ``OrderAcknowledgement``, one
``Message`` per order: ``MessageID`` then ``OrderAcknowledgement`` with ``AmazonOrderID``,
optional ``MerchantOrderID``, ``StatusCode`` and ``Item``s of ``AmazonOrderItemCode``,
optional ``MerchantOrderItemID``, optional ``CancelReason``, in that order), not borrowed from
the connector: a connector that wrote the document wrongly must be refused here, as Amazon
would refuse it.

A document that is not such an envelope fails the whole feed (FATAL); a message that is wrong
fails that message only, with a ``Result`` in the report naming its ``MessageID`` and
``AmazonOrderID``. Messages that succeed get no ``Result``, as in Amazon's reports.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

CANCEL_REASONS = ("NoInventory", "ShippingAddressUndeliverable", "CustomerExchange",
                  "BuyerCanceled", "GeneralAdjustment", "CarrierCreditDecision",
                  "RiskAssessmentInformationNotValid", "CarrierCoverageFailure",
                  "CustomerReturn", "MerchandiseNotReceived")
STATUS_CODES = ("Success", "Failure")
HEADER = ("DocumentVersion", "MerchantIdentifier")
ACKNOWLEDGEMENT = ("AmazonOrderID", "MerchantOrderID", "StatusCode", "Item")
ITEM = ("AmazonOrderItemCode", "MerchantOrderItemID", "CancelReason")
#: The sandbox's result codes (Amazon's numbers vary by case; clients read the description).
XML_ERROR, MESSAGE_ERROR, ORDER_NOT_FOUND, NOT_CANCELABLE = "5000", "5001", "18028", "18029"


class FeedRejected(ValueError):
    """The document is not an order acknowledgement envelope: the feed ends FATAL."""


@dataclass(frozen=True)
class Acknowledgement:
    """One message: an order to accept (``Success``) or cancel (``Failure``)."""

    message_id: str
    order_id: str | None
    status_code: str | None
    #: (AmazonOrderItemCode, CancelReason or None) per item, in document order.
    items: tuple[tuple[str, str | None], ...] = ()
    #: Why the message cannot be applied (its shape is wrong); None when it can.
    problem: str | None = None


@dataclass
class Result:
    message_id: str
    order_id: str | None
    code: str
    description: str
    kind: str = "Error"


@dataclass
class Report:
    merchant: str
    processed: int = 0
    results: list[Result] = field(default_factory=list)

    @property
    def with_error(self) -> int:
        return len({r.message_id for r in self.results if r.kind == "Error"})


def _children_in_order(node: ET.Element, allowed: tuple[str, ...], required: tuple[str, ...],
                       where: str) -> str | None:
    """What is wrong with ``node``'s children: unknown, out of order or missing."""
    names = [child.tag for child in node]
    for name in names:
        if name not in allowed:
            return f"{where}: unexpected element {name}"
    positions = [allowed.index(name) for name in names]
    if positions != sorted(positions):
        return f"{where}: elements out of order ({', '.join(names)})"
    for name in required:
        if name not in names:
            return f"{where}: {name} is required"
    return None


def _text(node: ET.Element, name: str) -> str | None:
    found = node.find(name)
    return found.text.strip() if found is not None and found.text else None


def read_feed(data: bytes) -> tuple[str, list[Acknowledgement]]:
    """The merchant identifier and the messages of an acknowledgement document;
    ``FeedRejected`` when it is not one."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise FeedRejected(f"XML Parsing Error: {exc}") from None
    if root.tag != "AmazonEnvelope":
        raise FeedRejected(f"the root element is {root.tag}, not AmazonEnvelope")
    names = [child.tag for child in root]
    if names[:2] != ["Header", "MessageType"] or any(n != "Message" for n in names[2:]):
        raise FeedRejected("AmazonEnvelope holds Header, MessageType, then Message elements")
    header = root.find("Header")
    problem = _children_in_order(header, HEADER, HEADER, "Header")
    if problem:
        raise FeedRejected(problem)
    merchant = _text(header, "MerchantIdentifier")
    if not merchant:
        raise FeedRejected("Header: MerchantIdentifier is empty")
    if _text(root, "MessageType") != "OrderAcknowledgement":
        raise FeedRejected("MessageType must be OrderAcknowledgement for this feed type")
    messages = root.findall("Message")
    if not messages:
        raise FeedRejected("the envelope has no Message")
    return merchant, [_message(message, n) for n, message in enumerate(messages, start=1)]


def _message(message: ET.Element, position: int) -> Acknowledgement:
    message_id = _text(message, "MessageID") or str(position)
    names = [child.tag for child in message]
    if names != ["MessageID", "OrderAcknowledgement"]:
        return Acknowledgement(message_id, None, None, problem="Message holds MessageID, then "
                                                                "OrderAcknowledgement")
    if not message_id.isdigit():
        return Acknowledgement(message_id, None, None, problem="MessageID must be a number")
    body = message.find("OrderAcknowledgement")
    order_id = _text(body, "AmazonOrderID")
    problem = _children_in_order(body, ACKNOWLEDGEMENT, ("AmazonOrderID", "StatusCode"),
                                 "OrderAcknowledgement")
    status = _text(body, "StatusCode")
    if problem is None and status not in STATUS_CODES:
        problem = f"StatusCode {status!r} is not one of {', '.join(STATUS_CODES)}"
    items = []
    for item in body.findall("Item"):
        problem = problem or _children_in_order(item, ITEM, ("AmazonOrderItemCode",), "Item")
        reason = _text(item, "CancelReason")
        if problem is None and reason is not None and reason not in CANCEL_REASONS:
            problem = f"CancelReason {reason!r} is not a valid value"
        items.append((_text(item, "AmazonOrderItemCode") or "", reason))
    return Acknowledgement(message_id, order_id, status, tuple(items), problem)


def report_xml(report: Report) -> bytes:
    """The processing report, in Amazon's shape."""
    envelope = ET.Element("AmazonEnvelope", {
        "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsi:noNamespaceSchemaLocation": "amzn-envelope.xsd"})
    header = ET.SubElement(envelope, "Header")
    ET.SubElement(header, "DocumentVersion").text = "1.02"
    ET.SubElement(header, "MerchantIdentifier").text = report.merchant
    ET.SubElement(envelope, "MessageType").text = "ProcessingReport"
    message = ET.SubElement(envelope, "Message")
    ET.SubElement(message, "MessageID").text = "1"
    body = ET.SubElement(message, "ProcessingReport")
    ET.SubElement(body, "DocumentTransactionID").text = "1"
    ET.SubElement(body, "StatusCode").text = "Complete"
    summary = ET.SubElement(body, "ProcessingSummary")
    errors = report.with_error
    warnings = len({r.message_id for r in report.results if r.kind == "Warning"})
    for name, value in (("MessagesProcessed", report.processed),
                        ("MessagesSuccessful", report.processed - errors),
                        ("MessagesWithError", errors), ("MessagesWithWarning", warnings)):
        ET.SubElement(summary, name).text = str(value)
    for result in report.results:
        node = ET.SubElement(body, "Result")
        ET.SubElement(node, "MessageID").text = result.message_id
        ET.SubElement(node, "ResultCode").text = result.kind
        ET.SubElement(node, "ResultMessageCode").text = result.code
        ET.SubElement(node, "ResultDescription").text = result.description
        if result.order_id:
            info = ET.SubElement(node, "AdditionalInfo")
            ET.SubElement(info, "AmazonOrderID").text = result.order_id
    return ET.tostring(envelope, encoding="utf-8", xml_declaration=True)
