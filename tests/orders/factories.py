"""Small builders of internal orders and stores for lifecycle tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
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
from connector.stores import add_store

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def make_order(order_id="111-0000001-0000001", *, status=OrderStatus.UNSHIPPED,
               updated=T0, purchased=T0, fulfilled_by=FulfilledBy.MERCHANT, sku="SKU-1",
               qty=1, price="10.00", buyer="Jane Doe") -> Order:
    item = OrderItem(order_item_id=f"{order_id}-1", seller_sku=sku, asin="B000TEST01",
                     title="Test item", quantity_ordered=qty, unit_price=usd(price),
                     line_price=usd(str(Decimal(price) * qty)), item_tax=usd("0.80"),
                     shipping_price=usd("4.99"))
    total = Decimal(price) * qty + Decimal("0.80") + Decimal("4.99")
    return Order(order_id=order_id, marketplace_id="ATVPDKIKX0DER", status=status,
                 fulfilled_by=fulfilled_by, purchase_date=purchased, last_updated=updated,
                 order_total=usd(str(total)), buyer=Buyer(name=buyer, email="x@example.com"),
                 shipping_address=Address(name=buyer, line1="1 Main St", city="Seattle",
                                          state_or_region="WA", postal_code="98101",
                                          country_code="US"),
                 items=(item,))


def make_store(session, name="US store", integration_time=T0 - timedelta(days=1), **extra):
    payload = {
        "name": name, "region": "NA", "marketplace_ids": ["ATVPDKIKX0DER"],
        "seller_id": "A1SELLER", "lwa_client_id": "sandbox-client",
        "lwa_client_secret": "sandbox-secret", "refresh_token": "Atzr|sandbox",
        "commerce_url": "http://127.0.0.1:1", "commerce_token": "sandbox-token",
        "integration_time": integration_time.isoformat(), **extra,
    }
    return add_store(session, payload)
