"""What a merchant does from the pages to unblock orders, each a whole action with its outcome:
the rule first (save the match, save the address), then a retry of the orders it unblocks.

A change is either saved, with the retry's outcome (which may be "Commerce could not be
reached; the next sync retries"), or not saved, with the reason: a client's error never
reaches the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from connector.models import Store
from connector.orders.address import update_shipping_address
from connector.orders.outcomes import ImportOutcome, Outcome, classify
from connector.orders.runner import retry_orders
from connector.orders.services import Services
from connector.orders.sku_matching import check_product, clean_match, save_match


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
