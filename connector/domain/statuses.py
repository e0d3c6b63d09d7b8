"""Every status the product speaks of, as string enums, in one place.

Members are ``str``: they compare equal to their text, are stored as it in the database and
serialise to it in JSON, so a stored ``"Canceled"`` and ``GridStatus.CANCELED`` are the same.
"""

from __future__ import annotations

import enum


class OrderStatus(enum.StrEnum):
    """Amazon's order status, one spelling for both API versions (v0 ``Canceled`` and
    v2026 ``CANCELLED`` are both ``CANCELED``)."""

    PENDING_AVAILABILITY = "PendingAvailability"
    PENDING = "Pending"
    UNSHIPPED = "Unshipped"
    PARTIALLY_SHIPPED = "PartiallyShipped"
    SHIPPED = "Shipped"
    CANCELED = "Canceled"
    UNFULFILLABLE = "Unfulfillable"
    INVOICE_UNCONFIRMED = "InvoiceUnconfirmed"


class GridStatus(enum.StrEnum):
    """What the grids show: Amazon's status, or one of the connector's own two."""

    PENDING_AVAILABILITY = "PendingAvailability"
    PENDING = "Pending"
    UNSHIPPED = "Unshipped"
    PARTIALLY_SHIPPED = "PartiallyShipped"
    SHIPPED = "Shipped"
    CANCELED = "Canceled"
    UNFULFILLABLE = "Unfulfillable"
    INVOICE_UNCONFIRMED = "InvoiceUnconfirmed"
    #: The order cannot be imported into Commerce; its latest note says why.
    ERROR = "Error"
    #: The Commerce order reached Complete.
    COMPLETED = "Completed"


class FulfilledBy(enum.StrEnum):
    MERCHANT = "MERCHANT"  # MFN: the seller ships and must confirm the shipment
    AMAZON = "AMAZON"  # AFN / FBA: Amazon ships; read-only for us


class StoreStatus(enum.StrEnum):
    """``Inactive`` pauses every sync of the store; its orders, settings and history stay.
    ``Disconnected``: its Amazon and Commerce credentials were removed (the history stays); it
    syncs again only once it is connected again."""

    ACTIVE = "Active"
    INACTIVE = "Inactive"
    DISCONNECTED = "Disconnected"


class CommerceState(enum.StrEnum):
    """Magento's order states (``sales_order.state``) the lifecycle acts on."""

    NEW = "new"
    PROCESSING = "processing"
    COMPLETE = "complete"
    CLOSED = "closed"
    CANCELED = "canceled"
    HOLDED = "holded"


class BlockReason(enum.StrEnum):
    """Why an order is in Error, so the pages can offer the fix."""

    NOT_IN_CATALOG = "not_in_catalog"
    DISABLED = "disabled"
    NOT_SALABLE = "not_salable"
    #: The shipping address could not be normalised for Commerce (the note names the field).
    ADDRESS = "address"
    REFUSED = "refused"


class CancelReason(enum.StrEnum):
    """Amazon's reasons for a seller cancellation (the order acknowledgement feed's
    ``CancelReason``), spelled as Amazon spells them."""

    NO_INVENTORY = "NoInventory"
    SHIPPING_ADDRESS_UNDELIVERABLE = "ShippingAddressUndeliverable"
    CUSTOMER_EXCHANGE = "CustomerExchange"
    BUYER_CANCELED = "BuyerCanceled"
    GENERAL_ADJUSTMENT = "GeneralAdjustment"
    CARRIER_CREDIT_DECISION = "CarrierCreditDecision"
    RISK_ASSESSMENT_INFORMATION_NOT_VALID = "RiskAssessmentInformationNotValid"
    CARRIER_COVERAGE_FAILURE = "CarrierCoverageFailure"
    CUSTOMER_RETURN = "CustomerReturn"
    MERCHANDISE_NOT_RECEIVED = "MerchandiseNotReceived"


#: Each reason in the merchant's words, as Seller Central lists them.
CANCEL_REASON_LABELS = {
    CancelReason.NO_INVENTORY: "No inventory",
    CancelReason.SHIPPING_ADDRESS_UNDELIVERABLE: "Shipping address undeliverable",
    CancelReason.CUSTOMER_EXCHANGE: "Customer exchange",
    CancelReason.BUYER_CANCELED: "Buyer canceled",
    CancelReason.GENERAL_ADJUSTMENT: "General adjustment",
    CancelReason.CARRIER_CREDIT_DECISION: "Carrier credit decision",
    CancelReason.RISK_ASSESSMENT_INFORMATION_NOT_VALID: "Risk assessment information not valid",
    CancelReason.CARRIER_COVERAGE_FAILURE: "Carrier coverage failure",
    CancelReason.CUSTOMER_RETURN: "Customer return",
    CancelReason.MERCHANDISE_NOT_RECEIVED: "Merchandise not received",
}


def cancel_reason_label(reason: str | None) -> str | None:
    """Amazon's reason in the merchant's words (an unknown one as Amazon spells it)."""
    return CANCEL_REASON_LABELS.get(reason, reason) if reason else None


class SellerCancelState(enum.StrEnum):
    """Where the merchant's cancellation of an order stands."""

    #: Recorded; goes to Amazon with the store's next run.
    REQUESTED = "requested"
    #: In a feed Amazon accepted; the order shows Canceled once a sync sees it.
    SENT = "sent"
    #: A sync showed the order Canceled.
    CONFIRMED = "confirmed"
    #: Amazon refused it (the order shipped meanwhile, say); the merchant may act again.
    REFUSED = "refused"


class FeedState(enum.StrEnum):
    """A cancellation feed's way to Amazon (``connector.orders.cancel_feed``)."""

    #: Its document is written and its orders are bound to it; nothing sent yet.
    PREPARED = "prepared"
    #: createFeed may have been sent: look for it at Amazon before sending again.
    SUBMITTING = "submitting"
    #: Amazon has it (``feed_id``); its processing report is awaited.
    SUBMITTED = "submitted"
    #: Processed; every order of it is settled.
    DONE = "done"
    #: Amazon could not process it (FATAL, CANCELLED, refused); its orders were refused.
    FAILED = "failed"


class ResyncState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
