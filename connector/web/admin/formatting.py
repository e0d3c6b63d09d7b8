"""How amounts, times and statuses read on the pages."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from connector.domain import SellerCancelState
from connector.orders import has_open_request
from mappings.status import GRID_LABELS

#: What the grids say of the merchant's cancellation while it is under way or was refused
#: (once confirmed, the order's status says Canceled).
CANCELLATION_BADGES = {SellerCancelState.REQUESTED: "Cancellation requested",
                       SellerCancelState.SENT: "Cancellation sent to Amazon",
                       SellerCancelState.REFUSED: "Cancellation refused"}
CANCELLATION_STATES = {**CANCELLATION_BADGES,
                       SellerCancelState.CONFIRMED: "Canceled by Amazon at your request"}

SYMBOLS = {"USD": "$", "CAD": "CA$", "MXN": "MX$", "BRL": "R$", "GBP": "£", "EUR": "€",
           "JPY": "¥", "AUD": "A$", "SGD": "S$", "INR": "₹"}
NO_DECIMALS = {"JPY"}


def money(amount: Decimal | None, currency: str | None = None) -> str:
    """``$1,234.50``; the currency code when there is no common symbol."""
    if amount is None:
        return "—"
    places = Decimal("1") if currency in NO_DECIMALS else Decimal("0.01")
    value = Decimal(amount).quantize(places, rounding=ROUND_HALF_UP)
    text = f"{value:,.0f}" if places == 1 else f"{value:,.2f}"
    symbol = SYMBOLS.get(currency or "")
    if symbol is None:
        return f"{text} {currency}" if currency else text
    return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"


def when(value: datetime | None) -> str:
    """``Nov 2, 2026, 9:05 AM UTC`` (times are kept in UTC)."""
    if value is None:
        return "—"
    hour = value.hour % 12 or 12
    return (f"{value:%b} {value.day}, {value.year}, {hour}:{value:%M} "
            f"{'AM' if value.hour < 12 else 'PM'} UTC")


def day(value: datetime | None) -> str:
    return "—" if value is None else f"{value:%b} {value.day}, {value.year}"


def status_label(status: str | None) -> str:
    return GRID_LABELS.get(status or "", status or "—")


def status_class(status: str | None) -> str:
    """The colour of the status dot."""
    return "status-" + "".join(c for c in (status or "unknown").lower() if c.isalnum())


def quantity(value) -> str:
    """``1``, ``2.5``: a quantity as a person writes it, never ``1.0``."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    return f"{number.normalize():f}" if number != number.to_integral_value() else \
        f"{int(number):,}"


def yes_no(value) -> str:
    return "Yes" if value else "No"


def cancellation_badge(state: str | None) -> str | None:
    return CANCELLATION_BADGES.get(state or "")


def cancellation_state(state: str | None) -> str:
    return CANCELLATION_STATES.get(state or "", "—")


def register(app) -> None:
    app.add_template_filter(money, "money")
    app.add_template_filter(when, "when")
    app.add_template_filter(day, "day")
    app.add_template_filter(status_label, "status_label")
    app.add_template_filter(status_class, "status_class")
    app.add_template_filter(yes_no, "yes_no")
    app.add_template_filter(quantity, "quantity")
    app.add_template_filter(cancellation_badge, "cancellation_badge")
    app.add_template_filter(cancellation_state, "cancellation_state")
    app.add_template_global(has_open_request, "buyer_asked_to_cancel")
