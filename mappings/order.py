"""An Amazon order -> the body of Commerce's ``POST /V1/orders``.

Commerce stores that body as sent: it computes no totals, no tax, places no stock reservation
and creates no invoice or shipment. So the body carries Amazon's own amounts, consistent in
order and base currency, and the grand total is checked against Amazon's order total: when
the parts do not add up the body is still returned, with a ``total_mismatch`` finding that
gives the difference and its likely cause. Nothing is adjusted to make it fit.

The body is built by ``ORDER_RULES``, a list of small named rules; each reads the order (and
the amounts worked out once per order) and returns its part of the ``entity``.

Amounts. Amazon's line price is before tax and holds the whole line; per line:

- ``row_total`` = line price, ``price`` = line price / quantity (4 decimals when it does not
  divide evenly, as Commerce's columns), ``discount_amount`` = promotion discount;
- ``tax_amount`` = item tax - tax on the promotion discount; ``tax_percent`` = that tax over
  the discounted row;

and for the order: ``subtotal`` = sum of rows; ``shipping_amount`` = Amazon's shipping price
(plus gift wrap, which Commerce Open Source has no total for; reported as a finding);
``tax_amount`` = item tax + shipping tax (each net of the tax on its discount);
``discount_amount`` = -(promotion discounts + shipping discounts);
``grand_total`` = subtotal + shipping + tax + discount. Base amounts equal order amounts
(rates 1): the order is booked in Amazon's currency.

Amazon-fulfilled (FBA) orders are imported already shipped by Amazon: the body marks every
item shipped and invoiced (``qty_shipped``, ``qty_invoiced``, ``row_invoiced``...), the order
paid (``total_paid``, ``total_invoiced``, payment ``amount_paid``), nothing due, and state and
status ``complete``. ``POST /V1/orders`` writes those columns as given, without
``OrderService::setState``, so the protected state is accepted; the admin then offers neither
Invoice nor Ship (nothing is left to invoice or ship), and since this endpoint never places
an inventory reservation nor deducts source quantity, the import has no stock effect. No
invoice or shipment document exists for these orders: Amazon holds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from connector.domain.statuses import CommerceState, FulfilledBy
from mappings.addresses import PLACEHOLDERS, order_address, split_name, usable_email
from mappings.catalog import Catalog, CatalogProduct, matched_product
from mappings.findings import (
    CURRENCY_MISMATCH,
    GIFT_WRAP_IN_SHIPPING,
    NO_ITEMS,
    ORDER_TOTAL_MISSING,
    PII_MISSING,
    REGION_NOT_RECOGNISED,
    TOTAL_MISMATCH,
    Finding,
)
from mappings.regions import RegionList
from mappings.settings import MappingSettings

if TYPE_CHECKING:
    from connector.domain import Money, Order, OrderItem

ZERO = Decimal(0)
FOUR_PLACES = Decimal("0.0001")  # Commerce stores amounts as decimal(20,4)
HUNDRED = Decimal(100)

AMAZON_FULFILLED = FulfilledBy.AMAZON
PAYMENT_TITLE = "Amazon Channel Payment"
STATE_PROCESSING = CommerceState.PROCESSING
STATE_COMPLETE = CommerceState.COMPLETE


@dataclass(frozen=True)
class MappedOrder:
    """The ``{"entity": ...}`` body for ``POST /V1/orders`` and what the mapping noticed."""

    body: dict
    findings: tuple[Finding, ...] = ()

    def finding(self, code: str) -> Finding | None:
        return next((f for f in self.findings if f.code == code), None)

    @property
    def balanced(self) -> bool:
        """Commerce's grand total equals Amazon's order total."""
        return self.finding(TOTAL_MISMATCH) is None and self.finding(ORDER_TOTAL_MISSING) is None


# -- amounts, worked out once per order ---------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One Amazon item with its Commerce product and amounts in the order's currency."""

    item: OrderItem
    product: CatalogProduct
    qty: int
    row_total: Decimal
    price: Decimal
    tax: Decimal
    discount: Decimal
    tax_percent: Decimal

    @property
    def row_total_incl_tax(self) -> Decimal:
        return self.row_total + self.tax

    @property
    def price_incl_tax(self) -> Decimal:
        return divide(self.row_total_incl_tax, self.qty)


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    item_tax: Decimal
    item_discount: Decimal
    shipping: Decimal
    shipping_tax: Decimal
    shipping_discount: Decimal
    gift_wrap: Decimal
    qty: int

    @property
    def tax(self) -> Decimal:
        return self.item_tax + self.shipping_tax

    @property
    def discount(self) -> Decimal:
        """Negative, as Commerce stores an order's discount."""
        return ZERO - (self.item_discount + self.shipping_discount)

    @property
    def grand_total(self) -> Decimal:
        return self.subtotal + self.shipping + self.tax + self.discount


@dataclass
class Context:
    order: Order
    settings: MappingSettings
    customer_id: int | None
    customer_group_id: int
    currency: str
    lines: tuple[Line, ...]
    totals: Totals
    findings: list[Finding] = field(default_factory=list)
    regions: RegionList | None = None  # Commerce's region list (default: ISO 3166-2)

    @property
    def fulfilled_by_amazon(self) -> bool:
        return self.order.fulfilled_by == AMAZON_FULFILLED

    def note(self, finding: Finding) -> None:
        if all(f.code != finding.code for f in self.findings):
            self.findings.append(finding)


def divide(amount: Decimal, quantity: int) -> Decimal:
    """``amount / quantity``, exact when it divides evenly, else to Commerce's 4 places."""
    if quantity <= 0:
        return amount
    quotient = amount / quantity
    rounded = quotient.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    return quotient if quotient == rounded else rounded


def percent(part: Decimal, whole: Decimal) -> Decimal:
    if whole == 0 or part == 0:
        return ZERO
    value = (part * HUNDRED / whole).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    return value.normalize() if value == value.to_integral_value() else value


def _amount(money: Money | None, currency: str, odd: list[str], label: str) -> Decimal:
    if money is None:
        return ZERO
    if money.currency != currency:
        odd.append(f"{label} in {money.currency}")
    return money.amount


def _line(item: OrderItem, catalog: Catalog | None, currency: str, odd: list[str]) -> Line:
    qty = item.quantity_ordered
    row_total = _amount(item.line_price, currency, odd, "item price")
    if item.line_price is None and item.unit_price is not None:
        row_total = _amount(item.unit_price, currency, odd, "unit price") * qty
    discount = abs(_amount(item.promotion_discount, currency, odd, "promotion discount"))
    tax = (_amount(item.item_tax, currency, odd, "item tax")
           - abs(_amount(item.promotion_discount_tax, currency, odd, "discount tax")))
    amazon_sku = item.seller_sku or item.asin or item.order_item_id
    return Line(item=item, product=matched_product(catalog, amazon_sku), qty=qty,
                row_total=row_total, price=divide(row_total, qty), tax=tax, discount=discount,
                tax_percent=percent(tax, row_total - discount))


def _totals(lines: Iterable[Line], currency: str, odd: list[str]) -> Totals:
    lines = tuple(lines)
    shipping = shipping_tax = shipping_discount = gift_wrap = ZERO
    for line in lines:
        item = line.item
        gift = (_amount(item.gift_wrap_price, currency, odd, "gift wrap")
                + _amount(item.gift_wrap_tax, currency, odd, "gift wrap tax"))
        gift_wrap += gift
        shipping += (_amount(item.shipping_price, currency, odd, "shipping")
                     + _amount(item.gift_wrap_price, currency, odd, "gift wrap"))
        shipping_tax += (_amount(item.shipping_tax, currency, odd, "shipping tax")
                         - abs(_amount(item.shipping_discount_tax, currency, odd,
                                       "shipping discount tax"))
                         + _amount(item.gift_wrap_tax, currency, odd, "gift wrap tax"))
        shipping_discount += abs(_amount(item.shipping_discount, currency, odd,
                                         "shipping discount"))
    return Totals(
        subtotal=sum((line.row_total for line in lines), ZERO),
        item_tax=sum((line.tax for line in lines), ZERO),
        item_discount=sum((line.discount for line in lines), ZERO),
        shipping=shipping, shipping_tax=shipping_tax, shipping_discount=shipping_discount,
        gift_wrap=gift_wrap, qty=sum(line.qty for line in lines),
    )


# -- the rules ------------------------------------------------------------------------------

def both(name: str, amount: Decimal) -> dict:
    """An amount in order currency and, with the ``base_`` prefix, in base currency."""
    return {name: amount, f"base_{name}": amount}


def identity(ctx: Context) -> dict:
    """Amazon's order number: always as ``ext_order_id``; as Commerce's order number when
    the store is set to "Build Using Amazon Order Number", else Commerce numbers it."""
    part = {"ext_order_id": ctx.order.order_id}
    if ctx.settings.uses_amazon_order_number:
        part["increment_id"] = ctx.order.order_id
    return part


def store(ctx: Context) -> dict:
    part = {"store_id": ctx.settings.store_id, "is_virtual": 0}
    purchased = ctx.order.purchase_date
    if purchased is not None:
        part["created_at"] = purchased.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return part


def customer(ctx: Context) -> dict:
    """A guest order, or the customer the import found or created."""
    buyer = ctx.order.buyer
    address = ctx.order.shipping_address
    person = split_name(buyer.name) or split_name(address.name if address else None)
    part = {
        "customer_email": usable_email(buyer.email) or ctx.settings.placeholder_email,
        "customer_firstname": person.firstname if person else PLACEHOLDERS["firstname"],
        "customer_lastname": person.lastname if person else PLACEHOLDERS["lastname"],
    }
    if ctx.customer_id is None:
        part.update(customer_is_guest=1, customer_group_id=0)
    else:
        part.update(customer_is_guest=0, customer_id=ctx.customer_id,
                    customer_group_id=ctx.customer_group_id)
    return part


def currency(ctx: Context) -> dict:
    code = ctx.currency
    return {"base_currency_code": code, "global_currency_code": code,
            "order_currency_code": code, "store_currency_code": code,
            "base_to_global_rate": Decimal(1), "base_to_order_rate": Decimal(1),
            "store_to_base_rate": Decimal(1), "store_to_order_rate": Decimal(1)}


def totals(ctx: Context) -> dict:
    t = ctx.totals
    part = {"total_qty_ordered": t.qty, "total_item_count": len(ctx.lines)}
    part |= both("subtotal", t.subtotal)
    part |= both("subtotal_incl_tax", t.subtotal + t.item_tax)
    part |= both("shipping_amount", t.shipping)
    part |= both("shipping_tax_amount", t.shipping_tax)
    part |= both("shipping_incl_tax", t.shipping + t.shipping_tax)
    part |= both("shipping_discount_amount", t.shipping_discount)
    part |= both("tax_amount", t.tax)
    part |= both("discount_amount", t.discount)
    part |= both("grand_total", t.grand_total)
    part |= both("total_due", ZERO if ctx.fulfilled_by_amazon else t.grand_total)
    promotions = sorted({p for line in ctx.lines for p in line.item.promotion_ids})
    if promotions and t.discount:
        part["discount_description"] = "Amazon promotions: " + ", ".join(promotions)
    return part


def items(ctx: Context) -> dict:
    return {"items": [item_body(ctx, line) for line in ctx.lines]}


def item_body(ctx: Context, line: Line) -> dict:
    item = line.item
    body = {
        "sku": line.product.sku,
        "name": line.product.name or item.title or line.product.sku,
        "product_type": line.product.type_id,
        "ext_order_item_id": item.order_item_id,
        "qty_ordered": line.qty,
        "is_virtual": 0,
        "store_id": ctx.settings.store_id,
        "tax_percent": line.tax_percent,
    }
    if line.product.product_id is not None:
        body["product_id"] = line.product.product_id
    body |= both("price", line.price)
    body |= both("original_price", line.price)
    body |= both("price_incl_tax", line.price_incl_tax)
    body |= both("row_total", line.row_total)
    body |= both("row_total_incl_tax", line.row_total_incl_tax)
    body |= both("tax_amount", line.tax)
    body |= both("discount_amount", line.discount)
    if ctx.fulfilled_by_amazon:
        body |= {"qty_shipped": line.qty, "qty_invoiced": line.qty}
        body |= both("row_invoiced", line.row_total)
        body |= both("tax_invoiced", line.tax)
        body |= both("discount_invoiced", line.discount)
    return body


def addresses(ctx: Context) -> dict:
    """Billing address on the order; the shipping address can only travel inside
    ``extension_attributes.shipping_assignments`` (``OrderRepository::save`` reads it there)."""
    order = ctx.order
    email = usable_email(order.buyer.email) or ctx.settings.placeholder_email
    recipient = split_name(order.shipping_address.name if order.shipping_address else None)
    payer = split_name(order.buyer.name) or recipient
    billing = order_address(order, "billing", email=email, person=payer, regions=ctx.regions)
    shipping = order_address(order, "shipping", email=email, person=recipient,
                             regions=ctx.regions)
    withheld = list(dict.fromkeys(billing.withheld + shipping.withheld))
    if usable_email(order.buyer.email) is None:
        withheld.append("email")
    if withheld:
        ctx.note(Finding(PII_MISSING, "Amazon did not provide " + ", ".join(withheld) +
                         "; placeholders were sent"))
    if shipping.unrecognised_region:
        ctx.note(Finding(REGION_NOT_RECOGNISED,
                         f"region {shipping.unrecognised_region!r} is not one of Commerce's "
                         f"regions for {shipping.fields['country_id']}; sent as text"))
    return {"billing_address": billing.fields,
            "extension_attributes": {"shipping_assignments": [{
                "shipping": {
                    "address": shipping.fields,
                    "method": ctx.settings.shipping_method_code,
                    "total": shipping_total(ctx),
                },
                "items": [],
            }]}}


def shipping_total(ctx: Context) -> dict:
    t = ctx.totals
    return (both("shipping_amount", t.shipping) | both("shipping_tax_amount", t.shipping_tax)
            | both("shipping_incl_tax", t.shipping + t.shipping_tax)
            | both("shipping_discount_amount", t.shipping_discount))


def shipping_method(ctx: Context) -> dict:
    level = ctx.order.ship_service_level
    if level and level.isupper():
        level = level.replace("_", " ").title()
    return {"shipping_description": f"Amazon - {level}" if level else "Amazon"}


def payment(ctx: Context) -> dict:
    """The configured method, titled "Amazon Channel Payment" with Amazon's order number."""
    grand_total = ctx.totals.grand_total
    part = {"method": ctx.settings.payment_method_code,
            "additional_information": [PAYMENT_TITLE,
                                       f"Amazon Order Number: {ctx.order.order_id}"]}
    part |= both("amount_ordered", grand_total)
    part |= both("shipping_amount", ctx.totals.shipping)
    if ctx.fulfilled_by_amazon:
        part |= both("amount_paid", grand_total)
        part |= both("shipping_captured", ctx.totals.shipping)
    if ctx.order.buyer.purchase_order_number:
        part["po_number"] = ctx.order.buyer.purchase_order_number
    return {"payment": part}


def workflow(ctx: Context) -> dict:
    """Merchant-fulfilled: ``processing`` (or the store's processing status), to be shipped
    from Commerce. Amazon-fulfilled: complete, shipped, invoiced and paid (module docstring)."""
    if not ctx.fulfilled_by_amazon:
        return {"state": STATE_PROCESSING, "status": ctx.settings.processing_status}
    t = ctx.totals
    part = {"state": STATE_COMPLETE, "status": STATE_COMPLETE}
    part |= both("total_paid", t.grand_total)
    part |= both("total_invoiced", t.grand_total)
    part |= both("subtotal_invoiced", t.subtotal)
    part |= both("tax_invoiced", t.tax)
    part |= both("shipping_invoiced", t.shipping)
    part |= both("discount_invoiced", t.discount)
    return part


Rule = Callable[[Context], dict]

ORDER_RULES: tuple[Rule, ...] = (
    identity, store, customer, workflow, currency, totals, items, addresses, shipping_method,
    payment,
)


# -- checks ----------------------------------------------------------------------------------

def check_total(ctx: Context) -> None:
    amazon = ctx.order.order_total
    ours = ctx.totals.grand_total
    if amazon is None:
        ctx.note(Finding(ORDER_TOTAL_MISSING, "Amazon sent no order total (the order is "
                         f"{ctx.order.status}); grand total {ours} is the sum of the items"))
        return
    difference = amazon.amount - ours
    if difference == 0:
        return
    ctx.note(Finding(TOTAL_MISMATCH, f"grand total {ours} {ctx.currency} differs from "
                     f"Amazon's order total {amazon.amount} {amazon.currency} by "
                     f"{difference}: {mismatch_cause(ctx, difference)}", difference))


def mismatch_cause(ctx: Context, difference: Decimal) -> str:
    if not ctx.lines:
        return "Amazon sent no items for this order"
    if any(line.item.line_price is None and line.item.unit_price is None for line in ctx.lines):
        return "Amazon sent no price for some items"
    if difference > 0:
        return ("Amazon's total holds charges its items do not itemise (for example a "
                "delivery tip, COD fee or an item not received)")
    return "the items add up to more than Amazon's total (for example a discount not itemised)"


def order_currency(order: Order) -> str:
    return order.currency or "USD"


def order_body(order: Order, settings: MappingSettings | None = None,
               catalog: Catalog | None = None, *, customer_id: int | None = None,
               customer_group_id: int | None = None,
               regions: RegionList | None = None) -> MappedOrder:
    """The Commerce order for an Amazon order.

    ``catalog`` maps Amazon seller SKUs to matched Commerce products (``CatalogProduct`` or
    Commerce's product JSON); an unmatched SKU is taken to be the same SKU in Commerce.
    ``customer_id`` (or ``settings.customer_id``) makes it a customer's order instead of a
    guest order, in ``customer_group_id`` (default ``settings.customer_group_id``).
    ``regions``: the region list of the Commerce it goes to (default: ISO 3166-2's)."""
    settings = settings or MappingSettings()
    code = order_currency(order)
    odd: list[str] = []
    lines = tuple(_line(item, catalog, code, odd) for item in order.items
                  if item.quantity_ordered > 0)
    ctx = Context(order=order, settings=settings,
                  customer_id=customer_id if customer_id is not None else settings.customer_id,
                  customer_group_id=(customer_group_id if customer_group_id is not None
                                     else settings.customer_group_id),
                  currency=code, lines=lines, totals=_totals(lines, code, odd),
                  regions=regions)
    entity: dict = {}
    for rule in ORDER_RULES:
        entity |= rule(ctx)
    if not lines:
        ctx.note(Finding(NO_ITEMS, "Amazon sent no items with a quantity; Commerce cannot "
                         "create an order without items"))
    if odd:
        ctx.note(Finding(CURRENCY_MISMATCH, f"amounts not in {code}: " +
                         ", ".join(dict.fromkeys(odd))))
    if ctx.totals.gift_wrap:
        ctx.note(Finding(GIFT_WRAP_IN_SHIPPING, f"gift wrap {ctx.totals.gift_wrap} {code} "
                         "is included in the shipping amount"))
    check_total(ctx)
    return MappedOrder(body={"entity": entity}, findings=tuple(ctx.findings))
