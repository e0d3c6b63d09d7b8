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
    """``Inactive`` pauses every sync of the store; its orders, settings and history stay."""

    ACTIVE = "Active"
    INACTIVE = "Inactive"


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


class ResyncState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
