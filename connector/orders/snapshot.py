"""The internal order model as JSON, stored with each order so the lifecycle can map it again
(after a SKU match or an address fix) without asking Amazon.

Money is kept as decimal text and times as ISO-8601 UTC, so the round trip is exact.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal

from connector.domain import (
    Address,
    Buyer,
    FulfilledBy,
    Money,
    Order,
    OrderItem,
    OrderStatus,
)

_MONEY_FIELDS_ITEM = {f.name for f in dataclasses.fields(OrderItem)
                      if "Money" in str(f.type)}


def _money(value: Money | None) -> dict | None:
    return None if value is None else {"amount": str(value.amount), "currency": value.currency}


def _load_money(value: dict | None) -> Money | None:
    return None if value is None else Money(Decimal(value["amount"]), value["currency"])


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _load_time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def dump_order(order: Order) -> dict:
    items = []
    for item in order.items:
        data = dataclasses.asdict(item)
        for name in _MONEY_FIELDS_ITEM:
            data[name] = _money(getattr(item, name))
        data["promotion_ids"] = list(item.promotion_ids)
        items.append(data)
    return {
        "order_id": order.order_id,
        "marketplace_id": order.marketplace_id,
        "status": order.status.value,
        "fulfilled_by": order.fulfilled_by.value,
        "purchase_date": _time(order.purchase_date),
        "last_updated": _time(order.last_updated),
        "order_total": _money(order.order_total),
        "buyer": dataclasses.asdict(order.buyer),
        "shipping_address": (None if order.shipping_address is None
                             else dataclasses.asdict(order.shipping_address)),
        "ship_service_level": order.ship_service_level,
        "latest_ship_date": _time(order.latest_ship_date),
        "is_prime": order.is_prime,
        "is_business": order.is_business,
        "is_premium": order.is_premium,
        "is_replacement": order.is_replacement,
        "seller_order_id": order.seller_order_id,
        "sales_channel": order.sales_channel,
        "items": items,
    }


def load_order(data: dict) -> Order:
    items = []
    for raw in data.get("items", []):
        values = dict(raw)
        for name in _MONEY_FIELDS_ITEM:
            values[name] = _load_money(values.get(name))
        values["promotion_ids"] = tuple(values.get("promotion_ids") or ())
        items.append(OrderItem(**values))
    address = data.get("shipping_address")
    return Order(
        order_id=data["order_id"],
        marketplace_id=data.get("marketplace_id"),
        status=OrderStatus(data["status"]),
        fulfilled_by=FulfilledBy(data["fulfilled_by"]),
        purchase_date=_load_time(data["purchase_date"]),
        last_updated=_load_time(data["last_updated"]),
        order_total=_load_money(data.get("order_total")),
        buyer=Buyer(**(data.get("buyer") or {})),
        shipping_address=None if address is None else Address(**address),
        ship_service_level=data.get("ship_service_level"),
        latest_ship_date=_load_time(data.get("latest_ship_date")),
        is_prime=data.get("is_prime", False),
        is_business=data.get("is_business", False),
        is_premium=data.get("is_premium", False),
        is_replacement=data.get("is_replacement", False),
        seller_order_id=data.get("seller_order_id"),
        sales_channel=data.get("sales_channel"),
        items=tuple(items),
    )
