"""The Commerce instance the sandbox plays: one website with one store view, the default stock,
and the order statuses a fresh Magento install has plus a merchant's custom one.

Fixed, because the connector reads them (store views, websites, stock per website, statuses)
but never changes them.
"""

from __future__ import annotations

import re

# Default statuses per state (Magento's setup patch), plus a merchant's custom status.
ORDER_STATUSES = [
    {"status": "pending", "label": "Pending", "state": "new", "is_default": True},
    {"status": "pending_payment", "label": "Pending Payment", "state": "pending_payment",
     "is_default": True},
    {"status": "processing", "label": "Processing", "state": "processing", "is_default": True},
    {"status": "fraud", "label": "Suspected Fraud", "state": "processing", "is_default": False},
    {"status": "shipped_on_amazon", "label": "Shipped on Amazon", "state": "processing",
     "is_default": False},
    {"status": "complete", "label": "Complete", "state": "complete", "is_default": True},
    {"status": "closed", "label": "Closed", "state": "closed", "is_default": True},
    {"status": "canceled", "label": "Canceled", "state": "canceled", "is_default": True},
    {"status": "holded", "label": "On Hold", "state": "holded", "is_default": True},
    {"status": "payment_review", "label": "Payment Review", "state": "payment_review",
     "is_default": True},
]
DEFAULT_STATUS = {s["state"]: s["status"] for s in ORDER_STATUSES if s["is_default"]}
CARRIERS = {"ups": "United Parcel Service", "usps": "United States Postal Service",
            "fedex": "Federal Express", "dhl": "DHL", "custom": "Custom"}
# What a fresh install has active, plus the companion module's payment method; shipping
# methods as carrier_method codes (the module's lists).
PAYMENT_METHODS = ["amazon_channel", "checkmo", "free"]
SHIPPING_METHODS = ["flatrate_flatrate", "freeshipping_freeshipping"]

STORE_VIEWS = [
    {"id": 0, "code": "admin", "name": "Admin", "website_id": 0, "store_group_id": 0,
     "is_active": 1},
    {"id": 1, "code": "default", "name": "Default Store View", "website_id": 1,
     "store_group_id": 1, "is_active": 1},
]
ADMIN_STORE, DEFAULT_STORE = STORE_VIEWS
WEBSITES = [
    {"id": 0, "code": "admin", "name": "Admin", "default_group_id": 0},
    {"id": 1, "code": "base", "name": "Main Website", "default_group_id": 1},
]
WEBSITE_STOCKS = {"base": 1}
STOCK_NAMES = {1: "Default Stock"}
STOCK_TYPES = ("simple", "virtual", "downloadable")  # types MSI keeps source items for

# The companion module's holds for Amazon orders still Pending (not in Commerce yet).
PENDING_OBJECT = "amazon_order"
PENDING_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def store_view(code: str) -> dict | None:
    """The store view with this code, or None."""
    return next((s for s in STORE_VIEWS if s["code"] == code), None)


def stock_for_store(store: dict) -> int:
    """The stock of the store view's website (MSI's stock resolver)."""
    website = next(w for w in WEBSITES if w["id"] == store["website_id"])
    return WEBSITE_STOCKS.get(website["code"], 1)


def stock_for_order(order: dict) -> int:
    store = next((s for s in STORE_VIEWS if s["id"] == order.get("store_id")), DEFAULT_STORE)
    return stock_for_store(store)
