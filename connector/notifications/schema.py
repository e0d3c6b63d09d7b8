"""The ORDER_CHANGE notification as this project reads Amazon's schema (notification version
1.0, payload version 1.0): the required fields and their kinds, the enums the connector relies
on, and nothing of the fields it ignores beyond their kind. The message is a trigger only (no
prices, no buyer data): the order itself is fetched with getOrder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

ORDER_STATUSES = ("Pending", "Unshipped", "PartiallyShipped", "Shipped", "Canceled",
                  "Unfulfillable", "InvoiceUnconfirmed", "PendingAvailability")
CHANGE_TYPES = ("BuyerRequestedChange", "DeliveryTipChange", "OrderStatusChange")
#: Amazon's order id form, 3-7-7 digits.
ORDER_ID = r"^\d{3}-\d{7}-\d{7}$"


class Text(fields.String):
    """A JSON string, never a number or a boolean made into one."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Instant(fields.Field):
    """An ISO-8601 date-time with its zone, as Amazon writes them (``...Z``)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise ValidationError("Not a date-time.")
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValidationError("Not an ISO-8601 date-time.") from None
        if moment.tzinfo is None:
            raise ValidationError("A date-time without its zone.")
        return moment.astimezone(UTC)


class _Strict(Schema):
    class Meta:
        unknown = EXCLUDE  # Amazon adds fields; the ones read here are checked


class ItemSchema(_Strict):
    OrderItemId = Text(required=True)
    SellerSKU = Text(required=True)
    SupplySourceId = Text(required=True, allow_none=True)
    Quantity = fields.Integer(required=True, strict=True)
    QuantityShipped = fields.Integer(strict=True)
    OrderItemStatus = Text(validate=validate.OneOf(("Unshipped", "Shipped")))
    IsBuyerRequestedCancel = fields.Boolean(truthy={True}, falsy={False})


class SummarySchema(_Strict):
    MarketplaceId = Text(required=True, validate=validate.Length(min=1))
    OrderStatus = Text(required=True, validate=validate.OneOf(ORDER_STATUSES))
    PurchaseDate = Instant(required=True, allow_none=True)
    DestinationPostalCode = Text(required=True, allow_none=True)
    FulfillmentType = Text(required=True, validate=validate.OneOf(("AFN", "MFN")))
    OrderType = Text(required=True)
    OrderItems = fields.List(fields.Nested(ItemSchema), required=True)


class TriggerSchema(_Strict):
    TimeOfOrderChange = Instant(required=True, allow_none=True)
    ChangeReason = Text(required=True)


class OrderChangeSchema(_Strict):
    NotificationLevel = Text(required=True,
                             validate=validate.OneOf(("OrderItemLevel", "OrderLevel")))
    SellerId = Text(required=True, validate=validate.Length(min=1, max=64))
    AmazonOrderId = Text(required=True, validate=validate.Regexp(ORDER_ID))
    OrderChangeType = Text(required=True, validate=validate.OneOf(CHANGE_TYPES))
    OrderChangeTrigger = fields.Nested(TriggerSchema, required=True)
    Summary = fields.Nested(SummarySchema, required=True)


class PayloadSchema(_Strict):
    OrderChangeNotification = fields.Nested(OrderChangeSchema, required=True)


class MetadataSchema(_Strict):
    ApplicationId = Text(required=True)
    SubscriptionId = Text(required=True)
    PublishTime = Instant(required=True)
    NotificationId = Text(required=True, validate=validate.Length(min=1, max=128))


class NotificationSchema(_Strict):
    NotificationVersion = Text(required=True)
    NotificationType = Text(required=True, validate=validate.Equal("ORDER_CHANGE"))
    PayloadVersion = Text(required=True)
    EventTime = Instant(required=True)
    Payload = fields.Nested(PayloadSchema, required=True)
    NotificationMetadata = fields.Nested(MetadataSchema, required=True)


class MalformedNotification(ValueError):
    """The message is not an ORDER_CHANGE notification as the schema says; ``errors`` are
    marshmallow's field errors, ``notification_id`` the id when it could be read."""

    def __init__(self, message: str, errors=None, notification_id: str | None = None):
        super().__init__(message)
        self.errors = errors or {}
        self.notification_id = notification_id


@dataclass(frozen=True)
class OrderChange:
    notification_id: str
    seller_id: str
    marketplace_id: str
    order_id: str
    change_type: str
    change_reason: str
    order_status: str
    #: When the order changed on Amazon (``TimeOfOrderChange``, else ``EventTime``).
    changed_at: datetime
    #: When Amazon published the notification (``EventTime``).
    published_at: datetime


def _first_error(errors, path: str = "") -> str:
    if isinstance(errors, dict):
        key, value = next(iter(errors.items()))
        return _first_error(value, f"{path}.{key}" if path else str(key))
    if isinstance(errors, list) and errors:
        return f"{path}: {errors[0]}" if isinstance(errors[0], str) else _first_error(
            errors[0], path)
    return path


def _id_of(document) -> str | None:
    try:
        value = document["NotificationMetadata"]["NotificationId"]
    except (KeyError, TypeError):
        return None
    return value if isinstance(value, str) and 0 < len(value) <= 128 else None


def read_order_change(body: str) -> OrderChange:
    try:
        document = json.loads(body)
    except (TypeError, ValueError):
        raise MalformedNotification("the message is not JSON") from None
    if not isinstance(document, dict):
        raise MalformedNotification("the message is not a JSON object")
    try:
        data = NotificationSchema().load(document)
    except ValidationError as exc:
        raise MalformedNotification(_first_error(exc.messages), exc.messages,
                                    _id_of(document)) from None
    change = data["Payload"]["OrderChangeNotification"]
    trigger = change["OrderChangeTrigger"]
    return OrderChange(
        notification_id=data["NotificationMetadata"]["NotificationId"],
        seller_id=change["SellerId"], marketplace_id=change["Summary"]["MarketplaceId"],
        order_id=change["AmazonOrderId"], change_type=change["OrderChangeType"],
        change_reason=trigger["ChangeReason"], order_status=change["Summary"]["OrderStatus"],
        changed_at=trigger["TimeOfOrderChange"] or data["EventTime"],
        published_at=data["EventTime"])
