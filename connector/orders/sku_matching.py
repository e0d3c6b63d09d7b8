"""SKU matching: the merchant links an Amazon SKU to a Commerce product. Retrying the orders a
match unblocks is the caller's (``actions.match_sku``)."""

from __future__ import annotations

from sqlalchemy import func, select

from connector.commerce import CommerceClient
from connector.domain import BlockReason, GridStatus
from connector.models import AmazonOrder, AmazonOrderItem, SkuMatch
from connector.orders.services import Services


class MatchRefused(ValueError):
    """The match cannot be saved; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def unmatched_skus(svc: Services, store_id: int) -> list[dict]:
    """Amazon SKUs that block orders because Commerce has no such product (and that have no
    match yet), with how many orders each blocks."""
    matched = select(SkuMatch.amazon_sku).where(SkuMatch.store_id == store_id)
    with svc.db.session() as session:
        rows = session.execute(
            select(AmazonOrder.blocked_sku, func.count())
            .where(AmazonOrder.store_id == store_id, AmazonOrder.status == GridStatus.ERROR,
                   AmazonOrder.blocked_reason == BlockReason.NOT_IN_CATALOG,
                   AmazonOrder.blocked_sku.not_in(matched))
            .group_by(AmazonOrder.blocked_sku).order_by(AmazonOrder.blocked_sku)).all()
    return [{"amazon_sku": sku, "blocked_orders": count} for sku, count in rows]


def blocked_orders_with_sku(session, store_id: int, amazon_sku: str) -> list[int]:
    return list(session.scalars(
        select(AmazonOrder.id).join(AmazonOrderItem, AmazonOrderItem.order_id == AmazonOrder.id)
        .where(AmazonOrder.store_id == store_id, AmazonOrder.status == GridStatus.ERROR,
               AmazonOrderItem.seller_sku == amazon_sku).distinct()))


def clean_match(amazon_sku: str | None, commerce_sku: str | None) -> tuple[str, str]:
    """Both SKUs trimmed; ``MatchRefused`` for a missing one."""
    amazon_sku, commerce_sku = (amazon_sku or "").strip(), (commerce_sku or "").strip()
    if not amazon_sku:
        raise MatchRefused("amazon_sku", "Enter the Amazon SKU.")
    if not commerce_sku:
        raise MatchRefused("commerce_sku", "Enter a Commerce SKU.")
    return amazon_sku, commerce_sku


#: Product types an order line can be: a configurable, bundle or grouped product is a parent
#: whose child (with its options) is what is ordered.
ORDERABLE_TYPES = ("simple", "virtual", "downloadable")
PRODUCT_ENABLED = 1


def check_product(commerce: CommerceClient, commerce_sku: str) -> dict:
    """The product the match names, which must exist, be enabled and be a type an order line
    can be; ``MatchRefused`` says which (client errors propagate)."""
    product = commerce.get_product(commerce_sku)
    if product is None:
        raise MatchRefused("commerce_sku", f'Commerce has no product with SKU "{commerce_sku}".')
    if int(product.get("status") or PRODUCT_ENABLED) != PRODUCT_ENABLED:
        raise MatchRefused("commerce_sku", f'The Commerce product "{commerce_sku}" is disabled: '
                                           "enable it in Commerce first, or choose another.")
    kind = product.get("type_id") or "simple"
    if kind not in ORDERABLE_TYPES:
        raise MatchRefused("commerce_sku", f'The Commerce product "{commerce_sku}" is a {kind} '
                                           "product, which an order cannot carry as such: "
                                           "choose one of its simple products.")
    return product


def find_match(session, store_id: int, amazon_sku: str) -> SkuMatch | None:
    return session.scalar(select(SkuMatch).where(SkuMatch.store_id == store_id,
                                                 SkuMatch.amazon_sku == amazon_sku))


def delete_match(svc: Services, store_id: int, amazon_sku: str) -> list[int] | None:
    """Remove the match; the blocked orders with the SKU (to look at again), or None when
    there was no such match."""
    with svc.db.session() as session:
        match = find_match(session, store_id, amazon_sku)
        if match is None:
            return None
        session.delete(match)
        return blocked_orders_with_sku(session, store_id, amazon_sku)


def save_match(svc: Services, store_id: int, amazon_sku: str, commerce_sku: str) -> list[int]:
    """Save (or change) the match; returns the blocked orders it may unblock."""
    with svc.db.session() as session:
        match = find_match(session, store_id, amazon_sku)
        if match is None:
            session.add(SkuMatch(store_id=store_id, amazon_sku=amazon_sku,
                                 commerce_sku=commerce_sku))
        else:
            match.commerce_sku = commerce_sku
        return blocked_orders_with_sku(session, store_id, amazon_sku)
