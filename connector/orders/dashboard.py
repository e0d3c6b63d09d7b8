"""The store dashboard's figures: sales per currency (the period, the one before it, and
lifetime), orders by status, and the store's marketplace.

Revenue counts orders that carry an amount (a Pending order has no total yet) and leaves out
Canceled and Error orders, as Adobe's "Amazon Store Sales Revenue" does. Amounts are never
added across currencies: a store selling in several gets one figure per currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from connector.domain import GridStatus
from connector.models import AmazonOrder
from mappings.status import GRID_STATUSES

NOT_REVENUE = (GridStatus.CANCELED, GridStatus.ERROR)


def revenue(store_id: int) -> list:
    """The conditions of an order that counts as revenue."""
    return [AmazonOrder.store_id == store_id, AmazonOrder.order_total.is_not(None),
            AmazonOrder.currency.is_not(None), AmazonOrder.status.not_in(NOT_REVENUE)]


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _totals(session: Session, store_id: int, first: date | None, last: date | None
            ) -> dict[str, tuple[Decimal, int]]:
    where = revenue(store_id)
    if first is not None:
        where.append(AmazonOrder.purchase_date >= _start(first))
    if last is not None:
        where.append(AmazonOrder.purchase_date < _start(last + timedelta(days=1)))
    rows = session.execute(select(AmazonOrder.currency, func.sum(AmazonOrder.order_total),
                                  func.count()).where(*where)
                           .group_by(AmazonOrder.currency)).all()
    return {currency: (Decimal(amount or 0), count) for currency, amount, count in rows}


@dataclass(frozen=True)
class CurrencySales:
    currency: str
    amount: Decimal  # this period
    orders: int
    previous_amount: Decimal  # the period before, as long
    lifetime_amount: Decimal
    lifetime_orders: int

    @property
    def change(self) -> Decimal | None:
        """Percent against the previous period; None when it had no sales to compare with."""
        if not self.previous_amount:
            return None
        return ((self.amount - self.previous_amount) / self.previous_amount * 100).quantize(
            Decimal("0.1"))


def sales_by_currency(session: Session, store_id: int, days: int, today: date
                      ) -> list[CurrencySales]:
    """Per currency: this period's sales (the last ``days`` days up to ``today``), the
    period before, and lifetime; most sold first."""
    first = today - timedelta(days=days - 1)
    current = _totals(session, store_id, first, today)
    previous = _totals(session, store_id, first - timedelta(days=days),
                       first - timedelta(days=1))
    lifetime = _totals(session, store_id, None, None)
    found = [CurrencySales(code, *current.get(code, (Decimal(0), 0)),
                           previous.get(code, (Decimal(0), 0))[0], *lifetime[code])
             for code in lifetime]
    return sorted(found, key=lambda s: (-s.amount, -s.lifetime_amount, s.currency))


def status_counts(session: Session, store_id: int) -> list[tuple[str, int]]:
    """Orders by grid status (every order the store has), in the grids' order; statuses
    with no order left out."""
    counts = dict(session.execute(select(AmazonOrder.status, func.count())
                                  .where(AmazonOrder.store_id == store_id)
                                  .group_by(AmazonOrder.status)).all())
    return [(status, counts[status]) for status in GRID_STATUSES if counts.get(status)]
