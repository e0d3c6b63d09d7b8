"""What a mapping noticed and the merchant should know: never an error, never hidden."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

TOTAL_MISMATCH = "total_mismatch"  # Commerce's grand total would differ from Amazon's
ORDER_TOTAL_MISSING = "order_total_missing"  # Amazon sent no order total (Pending orders)
PII_MISSING = "pii_missing"  # Amazon withheld buyer data; placeholders were sent
NO_ITEMS = "no_items"  # Amazon sent no items; Commerce refuses an order without items
CURRENCY_MISMATCH = "currency_mismatch"  # an amount is not in the order's currency
REGION_NOT_RECOGNISED = "region_not_recognised"  # not in Commerce's region list
GIFT_WRAP_IN_SHIPPING = "gift_wrap_in_shipping"  # Commerce has no gift-wrap total of its own


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    amount: Decimal | None = None  # for a total mismatch: Amazon's total minus Commerce's

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
