"""Hand-built Amazon orders in the internal model, for the mapping tests."""

from __future__ import annotations

from datetime import UTC, datetime
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

PURCHASED = datetime(2025, 3, 10, 14, 0, tzinfo=UTC)


def usd(amount: str, currency: str = "USD") -> Money:
    return Money(Decimal(amount), currency)


def item(order_item_id: str = "11111111111111", sku: str = "SKU-1", qty: int = 1,
         line: str | None = "10.00", currency: str = "USD", **amounts) -> OrderItem:
    money = {name: Money(Decimal(value), currency) for name, value in amounts.items()
             if name not in ("promotion_ids", "quantity_shipped", "title")}
    extra = {name: amounts[name] for name in ("promotion_ids", "quantity_shipped", "title")
             if name in amounts}
    line_price = Money(Decimal(line), currency) if line is not None else None
    return OrderItem(order_item_id=order_item_id, seller_sku=sku, asin="B000000001",
                     title=extra.pop("title", f"Product {sku}"), quantity_ordered=qty,
                     line_price=line_price, **money, **extra)


def address(**overrides) -> Address:
    values = dict(name="Jane Doe", line1="1 Main St", line2="Apt 2", city="Seattle",
                  state_or_region="WA", postal_code="98101", country_code="US",
                  phone="+1 206 555 0100", address_type="RESIDENTIAL")
    values.update(overrides)
    return Address(**values)


def order(items=None, total: str | None = "10.00", currency: str = "USD",
          status: OrderStatus = OrderStatus.UNSHIPPED,
          fulfilled_by: FulfilledBy = FulfilledBy.MERCHANT, **overrides) -> Order:
    values = dict(
        order_id="111-2223334-5556667", marketplace_id="ATVPDKIKX0DER", status=status,
        fulfilled_by=fulfilled_by, purchase_date=PURCHASED, last_updated=PURCHASED,
        order_total=Money(Decimal(total), currency) if total is not None else None,
        buyer=Buyer(name="Jane Doe", email="abc123@marketplace.amazon.com"),
        shipping_address=address(), ship_service_level="STANDARD",
        items=tuple(items) if items is not None else (item(currency=currency),),
    )
    values.update(overrides)
    return Order(**values)


def walk(value, path="$"):
    """Every (path, leaf) in a body."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from walk(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from walk(inner, f"{path}[{index}]")
    else:
        yield path, value
