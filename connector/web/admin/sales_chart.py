"""The store dashboard's sales chart: revenue per day over the last 7 or 30 days, drawn on the
server as SVG (no script, no chart library).

Only orders with an amount count (a Pending order has no total yet); Canceled and Error
orders are left out, as Adobe's "Amazon Store Sales Revenue" does. Amounts are never added
across currencies: the chart plots one currency, named on it (the one asked for, else the one
with the most sales in the period), and the page offers the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from connector.orders import daily_sales

PERIODS = (7, 30)
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 720, 220, 64, 28, 12


@dataclass(frozen=True)
class Bar:
    day: date
    amount: Decimal
    orders: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class SalesChart:
    days: int
    currency: str | None
    total: Decimal
    orders: int
    bars: list[Bar]
    ticks: list[tuple[float, Decimal]]  # (y, amount) of the horizontal guide lines
    currencies: list[str]  # every currency sold in the period, most sold first
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = BOTTOM


def _nice_ceiling(value: Decimal) -> Decimal:
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        ceiling = magnitude * Decimal(str(step))
        if ceiling >= value:
            return ceiling
    return magnitude * 10


def sales_chart(session, store_id: int, days: int, today: date | None = None,
                currency: str | None = None) -> SalesChart:
    days = days if days in PERIODS else PERIODS[0]
    today = today or datetime.now(UTC).date()
    first = today - timedelta(days=days - 1)
    per_currency: dict[str, dict[date, tuple[Decimal, int]]] = {}
    for sold in daily_sales(session, store_id, first, today):
        per_currency.setdefault(sold.currency, {})[sold.day] = (Decimal(sold.amount), sold.orders)
    sums = {c: sum((a for a, _ in s.values()), Decimal(0)) for c, s in per_currency.items()}
    currencies = sorted(sums, key=lambda c: (-sums[c], c))
    main = currency if currency in sums else (currencies[0] if currencies else None)
    series = per_currency.get(main, {}) if main is not None else {}
    peak = _nice_ceiling(max((a for a, _ in series.values()), default=Decimal(0)))
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / days
    bars = []
    for n in range(days):
        on = first + timedelta(days=n)
        amount, count = series.get(on, (Decimal(0), 0))
        height = float(amount / peak) * plot_h if peak else 0.0
        bars.append(Bar(on, amount, count, x=LEFT + n * slot + slot * 0.15,
                        y=TOP + plot_h - height, width=slot * 0.7, height=height))
    ticks = [(TOP + plot_h - plot_h * i / 4, peak * i / 4) for i in range(5)]
    return SalesChart(days=days, currency=main,
                      total=sum((a for a, _ in series.values()), Decimal(0)),
                      orders=sum(c for _, c in series.values()), bars=bars, ticks=ticks,
                      currencies=currencies)
