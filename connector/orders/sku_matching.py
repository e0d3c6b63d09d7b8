"""SKU matching: the merchant links an Amazon SKU to a Commerce product, and the orders it
blocked are retried at once."""

from __future__ import annotations

from sqlalchemy import func, select

from connector.models import AmazonOrder, AmazonOrderItem, SkuMatch, Store
from connector.orders.context import Lifecycle
from connector.orders.records import ERROR
from connector.orders.runner import retry_orders


class MatchRefused(ValueError):
    """The match cannot be saved; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def unmatched_skus(lc: Lifecycle, store_id: int) -> list[dict]:
    """Amazon SKUs that block orders because Commerce has no such product, with how many
    orders each blocks."""
    with lc.db.session() as session:
        rows = session.execute(
            select(AmazonOrder.blocked_sku, func.count())
            .where(AmazonOrder.store_id == store_id, AmazonOrder.status == ERROR,
                   AmazonOrder.blocked_reason == "not_in_catalog")
            .group_by(AmazonOrder.blocked_sku).order_by(AmazonOrder.blocked_sku)).all()
    return [{"amazon_sku": sku, "blocked_orders": count} for sku, count in rows]


def blocked_orders_with_sku(session, store_id: int, amazon_sku: str) -> list[int]:
    return list(session.scalars(
        select(AmazonOrder.id).join(AmazonOrderItem, AmazonOrderItem.order_id == AmazonOrder.id)
        .where(AmazonOrder.store_id == store_id, AmazonOrder.status == ERROR,
               AmazonOrderItem.seller_sku == amazon_sku).distinct()))


def match_sku(lc: Lifecycle, store_id: int, amazon_sku: str, commerce_sku: str) -> dict:
    """Save the match (checked against Commerce) and retry the orders it affects."""
    amazon_sku, commerce_sku = (amazon_sku or "").strip(), (commerce_sku or "").strip()
    if not amazon_sku:
        raise MatchRefused("amazon_sku", "Enter the Amazon SKU.")
    if not commerce_sku:
        raise MatchRefused("commerce_sku", "Enter a Commerce SKU.")
    with lc.db.session() as session:
        store = session.get(Store, store_id)
        session.expunge(store)
    commerce = lc.commerce_factory(store)
    try:
        if commerce.get_product(commerce_sku) is None:
            raise MatchRefused("commerce_sku",
                               f'Commerce has no product with SKU "{commerce_sku}".')
    finally:
        commerce.close()
    with lc.db.session() as session:
        match = session.scalar(select(SkuMatch).where(SkuMatch.store_id == store_id,
                                                      SkuMatch.amazon_sku == amazon_sku))
        if match is None:
            session.add(SkuMatch(store_id=store_id, amazon_sku=amazon_sku,
                                 commerce_sku=commerce_sku))
        else:
            match.commerce_sku = commerce_sku
        affected = blocked_orders_with_sku(session, store_id, amazon_sku)
    outcome = retry_orders(lc, store_id, affected) if affected else {}
    return {"amazon_sku": amazon_sku, "commerce_sku": commerce_sku, "retried": len(affected),
            "outcome": outcome}
