"""Amazon's side of ORDER_CHANGE: the app's destinations, the seller's subscription, and a
message in Amazon's shape sent to the subscribed SQS queue whenever an order changes here.

Messages go to the queue with boto3 (the tests and the demo point it at moto's server, which
speaks SQS), never to a queue of this package's making. Fault controls play what real delivery
does now and then: ``drop`` (a share never sent), ``duplicate`` (sent twice), ``delay_seconds``
(SQS's own DelaySeconds), ``reorder`` (held back, then sent newest first on ``release``) and
``malformed`` (a share sent without its AmazonOrderId).
"""

from __future__ import annotations

import json
import random
import threading
import uuid
from collections.abc import Callable
from datetime import datetime

from connector.sandbox.amazon.contract import amazon_time
from connector.sandbox.amazon.views import V0_STATUS

APPLICATION_ID = "amzn1.sellerapps.app.sandbox-connector"
#: The account Amazon's Selling Partner API sends from: a queue policy must let it send.
AMAZON_PRINCIPAL = "arn:aws:iam::437568002678:root"
FAULT_KEYS = ("drop", "duplicate", "malformed", "delay_seconds", "reorder")


def default_sqs(region: str):
    import boto3

    return boto3.client("sqs", region_name=region)


def arn_parts(arn: str) -> tuple[str, str, str] | None:
    parts = arn.split(":") if isinstance(arn, str) else []
    if len(parts) != 6 or parts[:3] != ["arn", "aws", "sqs"] or not all(parts[3:]):
        return None
    return parts[3], parts[4], parts[5]


def _allows_amazon(policy: str | None) -> bool:
    """Whether the queue policy lets Amazon's principal send (Allow, sqs:SendMessage)."""
    try:
        document = json.loads(policy or "")
    except ValueError:
        return False
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal") or {}
        aws = principal.get("AWS") if isinstance(principal, dict) else principal
        aws = aws if isinstance(aws, list) else [aws]
        actions = statement.get("Action")
        actions = actions if isinstance(actions, list) else [actions]
        if (AMAZON_PRINCIPAL in aws or "437568002678" in aws) and any(
                a in ("sqs:SendMessage", "sqs:*", "*") for a in actions):
            return True
    return False


class NotifyDesk:
    def __init__(self, seller_id: str, now: Callable[[], datetime],
                 sqs: Callable[[str], object] = default_sqs, seed: int = 0):
        self.seller_id = seller_id
        self.now = now
        self.sqs = sqs
        self.seed = seed
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        with self.lock:
            self.destinations: dict[str, dict] = {}
            self.subscriptions: dict[str, dict] = {}  # notification type -> subscription
            self.faults: dict[str, float] = dict.fromkeys(FAULT_KEYS, 0.0)
            self.rng = random.Random(self.seed)
            self.held: list[tuple[str, str, int]] = []  # (queue arn, body, delay), reorder
            self.sent: list[dict] = []  # what went to a queue: order, type, id, fault

    # -- destinations and subscriptions ------------------------------------------------------

    def queue_problem(self, arn: str) -> str | None:
        """Why Amazon could not use the queue, or None: it exists and its policy lets
        Amazon send."""
        parts = arn_parts(arn)
        if parts is None:
            return "The resource ARN is not an SQS queue ARN."
        region, account, name = parts
        client = self.sqs(region)
        try:
            url = client.get_queue_url(QueueName=name,
                                       QueueOwnerAWSAccountId=account)["QueueUrl"]
            policy = client.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"])
        except Exception:  # any SQS refusal: Amazon cannot reach the queue
            return f"SQS queue {arn} does not exist or cannot be reached."
        if not _allows_amazon(policy.get("Attributes", {}).get("Policy")):
            return (f"Amazon is not allowed to send to {arn}: its access policy must grant "
                    f"{AMAZON_PRINCIPAL} sqs:SendMessage.")
        return None

    def delivering_to(self) -> tuple[str | None, int]:
        """(the subscribed queue's ARN or None, messages sent so far)."""
        with self.lock:
            subscription = self.subscriptions.get("ORDER_CHANGE")
            destination = self.destinations.get(subscription["destinationId"]) \
                if subscription else None
            arn = destination["resource"]["sqs"]["arn"] if destination else None
            return arn, sum(1 for r in self.sent if r["fault"] != "dropped")

    # -- publishing --------------------------------------------------------------------------

    def message(self, order: dict, change_type: str, reason: str) -> dict:
        fulfillment = order.get("fulfillment") or {}
        status = fulfillment.get("fulfillmentStatus", "PENDING")
        address = ((order.get("recipient") or {}).get("deliveryAddress") or {})
        items = []
        for item in order.get("orderItems", []):
            done = (item.get("fulfillment") or {}).get("quantityFulfilled", 0)
            request = (item.get("cancellation") or {}).get("cancellationRequest")
            items.append({
                "OrderItemId": item["orderItemId"],
                "SellerSKU": (item.get("product") or {}).get("sellerSku", ""),
                "SupplySourceId": None, "Quantity": item["quantityOrdered"],
                "QuantityShipped": done,
                "OrderItemStatus": "Shipped" if done >= item["quantityOrdered"] else "Unshipped",
                "IsBuyerRequestedCancel": request is not None})
        shipped = sum(i["QuantityShipped"] for i in items)
        now = amazon_time(self.now())
        return {
            "NotificationVersion": "1.0", "NotificationType": "ORDER_CHANGE",
            "PayloadVersion": "1.0", "EventTime": now,
            "Payload": {"OrderChangeNotification": {
                "NotificationLevel": "OrderLevel", "SellerId": self.seller_id,
                "AmazonOrderId": order["orderId"], "OrderChangeType": change_type,
                "OrderChangeTrigger": {"TimeOfOrderChange": order.get("lastUpdatedTime"),
                                       "ChangeReason": reason},
                "Summary": {
                    "MarketplaceId": (order.get("salesChannel") or {}).get("marketplaceId"),
                    "OrderStatus": V0_STATUS.get(status, "Pending"),
                    "PurchaseDate": order.get("createdTime"),
                    "DestinationPostalCode": address.get("postalCode"),
                    "FulfillmentType": "MFN" if fulfillment.get("fulfilledBy") == "MERCHANT"
                    else "AFN",
                    "OrderType": "StandardOrder",
                    "NumberOfItemsShipped": shipped,
                    "NumberOfItemsUnshipped": sum(i["Quantity"] for i in items) - shipped,
                    "OrderItems": items}}},
            "NotificationMetadata": {
                "ApplicationId": APPLICATION_ID,
                "SubscriptionId": "", "PublishTime": now,
                "NotificationId": str(uuid.uuid4())}}

    def order_changed(self, order: dict, change_type: str, reason: str) -> None:
        """The book's listener: publish when a subscription wants this change."""
        with self.lock:
            subscription = self.subscriptions.get("ORDER_CHANGE")
            if subscription is None:
                return
            directive = (subscription.get("processingDirective") or {}).get("eventFilter") or {}
            marketplaces = directive.get("marketplaceIds") or []
            types = directive.get("orderChangeTypes") or []
            marketplace = (order.get("salesChannel") or {}).get("marketplaceId")
            if (marketplaces and marketplace not in marketplaces) or (
                    types and change_type not in types):
                return
            destination = self.destinations.get(subscription["destinationId"])
            if destination is None:
                return
            arn = destination["resource"]["sqs"]["arn"]
            faults = dict(self.faults)
            roll = [self.rng.random() for _ in range(3)]
        message = self.message(order, change_type, reason)
        message["NotificationMetadata"]["SubscriptionId"] = subscription["subscriptionId"]
        record = {"orderId": order["orderId"], "changeType": change_type, "reason": reason,
                  "notificationId": message["NotificationMetadata"]["NotificationId"],
                  "fault": None}
        if roll[0] < faults["drop"]:
            record["fault"] = "dropped"
            self._log(record)
            return
        if roll[1] < faults["malformed"]:
            del message["Payload"]["OrderChangeNotification"]["AmazonOrderId"]
            record["fault"] = "malformed"
        body = json.dumps(message)
        copies = 2 if roll[2] < faults["duplicate"] else 1
        if copies == 2:
            record["fault"] = record["fault"] or "duplicated"
        delay = int(faults["delay_seconds"])
        if faults["reorder"]:
            with self.lock:
                self.held.extend([(arn, body, delay)] * copies)
            record["fault"] = record["fault"] or "held"
        else:
            for _ in range(copies):
                self._send(arn, body, delay)
        self._log(record)

    def _log(self, record: dict) -> None:
        with self.lock:
            self.sent.append(record)

    def _send(self, arn: str, body: str, delay: int) -> None:
        region, account, name = arn_parts(arn)
        client = self.sqs(region)
        url = client.get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
        client.send_message(QueueUrl=url, MessageBody=body, DelaySeconds=max(0, min(900, delay)))

    def release(self) -> int:
        """Send the held messages, newest first (the reorder fault)."""
        with self.lock:
            held, self.held = self.held, []
        for arn, body, delay in reversed(held):
            self._send(arn, body, delay)
        return len(held)
