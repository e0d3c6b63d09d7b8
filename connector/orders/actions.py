"""What a merchant does from the pages to unblock orders, each a whole action with its outcome:
the rule first (save the match, save the address), then a retry of the orders it unblocks.

A change is either saved, with the retry's outcome (which may be "Commerce could not be
reached; the next sync retries"), or not saved, with the reason: a client's error never
reaches the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from connector.domain import GridStatus
from connector.models import AmazonOrder, Store
from connector.orders.address import update_shipping_address
from connector.orders.outcomes import ImportOutcome, Outcome, classify
from connector.orders.queries import order_or_lookup_error
from connector.orders.records import add_note
from connector.orders.runner import retry_orders
from connector.orders.services import Services
from connector.orders.sku_matching import check_product, clean_match, delete_match, save_match


@dataclass(frozen=True)
class MatchResult:
    amazon_sku: str
    commerce_sku: str
    saved: bool
    retried: int = 0
    imports: ImportOutcome = field(default_factory=ImportOutcome)
    #: Why nothing was saved: Commerce could not be asked whether the product exists.
    not_saved: Outcome | None = None


def match_sku(svc: Services, store_id: int, amazon_sku: str, commerce_sku: str
              ) -> MatchResult:
    """Check the product in Commerce, save the match, retry the orders it blocked. Raises
    ``MatchRefused`` for a bad match (field error); a Commerce that cannot be asked gives a
    result with ``not_saved``."""
    amazon_sku, commerce_sku = clean_match(amazon_sku, commerce_sku)
    with svc.db.session() as session:
        store = session.get(Store, store_id)
        session.expunge(store)
    commerce = svc.commerce_for(store, for_page=True)
    try:
        check_product(commerce, commerce_sku)
    except Exception as failed:
        outcome = classify(failed)
        if outcome is None:
            raise
        return MatchResult(amazon_sku, commerce_sku, saved=False, not_saved=outcome)
    finally:
        commerce.close()
    affected = save_match(svc, store_id, amazon_sku, commerce_sku)
    imports = retry_orders(svc, store_id, affected) if affected else ImportOutcome()
    return MatchResult(amazon_sku, commerce_sku, saved=True, retried=len(affected),
                       imports=imports)


def unmatch_sku(svc: Services, store_id: int, amazon_sku: str) -> MatchResult | None:
    """Remove a match; the blocked orders with the SKU are looked at again at once (they stay
    blocked, now on the SKU itself). None when there was no such match."""
    amazon_sku = (amazon_sku or "").strip()
    affected = delete_match(svc, store_id, amazon_sku)
    if affected is None:
        return None
    imports = retry_orders(svc, store_id, affected) if affected else ImportOutcome()
    return MatchResult(amazon_sku, "", saved=True, retried=len(affected), imports=imports)


class ImportRefused(ValueError):
    """The order cannot be imported on request; the message says why."""


@dataclass(frozen=True)
class ImportResult:
    imports: ImportOutcome


def request_import(svc: Services, store_id: int, amazon_order_id: str, *, user: str
                   ) -> ImportResult:
    """Import into Commerce an order that arrived while import was disabled, because the
    merchant asked (it may have been handled in Seller Central already). Raises
    ``LookupError`` or ``ImportRefused``."""
    with svc.db.session() as session:
        row = order_or_lookup_error(session, store_id, amazon_order_id)
        store = session.get(Store, store_id)
        refusal = import_refusal(row, store.settings.import_enabled)
        if refusal:
            raise ImportRefused(refusal)
        if row.import_requested_at is None:
            row.import_requested_at, row.import_requested_by = svc.clock(), user
            row.next_attempt_at = None
            add_note(session, row, f"Import into Commerce requested by {user}, although the "
                                   "order may already have been handled in Seller Central.",
                     svc.clock())
        row_id = row.id
    return ImportResult(retry_orders(svc, store_id, [row_id]))


def import_refusal(row: AmazonOrder, import_enabled: bool) -> str | None:
    """Why the merchant cannot ask for this order's import now, or None."""
    if row.commerce_order_id is not None:
        return "The order is in Commerce already."
    if not row.arrived_import_disabled:
        return "The order is imported as usual; there is nothing to ask for."
    if not row.importable:
        return "The order was placed before the store was connected: it is never imported."
    if row.status == GridStatus.CANCELED:
        return "Amazon canceled the order."
    if not import_enabled:
        return "Import is disabled for this store: enable it in Order settings first."
    return None


@dataclass(frozen=True)
class AddressResult:
    changed: bool
    retried: bool
    imports: ImportOutcome = field(default_factory=ImportOutcome)


def fix_shipping_address(svc: Services, store_id: int, amazon_order_id: str, data, *,
                         user: str) -> AddressResult:
    """Save Order: the corrected address, then a retry of the order if it was blocked. Raises
    ``ValidationError`` (nothing saved), ``AddressNotEditable`` or ``LookupError``."""
    saved = update_shipping_address(svc, store_id, amazon_order_id, data, user=user)
    if not saved.blocked:
        return AddressResult(saved.changed, retried=False)
    return AddressResult(saved.changed, retried=True,
                         imports=retry_orders(svc, store_id, [saved.row_id]))
