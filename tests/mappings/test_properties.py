"""Properties over generated Amazon orders: the body always validates, carries no float, and
its grand total either equals Amazon's or the difference is reported exactly."""

import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.domain import (
    Address,
    Buyer,
    FulfilledBy,
    Money,
    Order,
    OrderItem,
    OrderStatus,
)
from connector.sandbox.commerce.schemas import request_body_errors
from mappings import TOTAL_MISMATCH, MappingSettings, order_body, to_json
from tests.mappings.builders import PURCHASED, walk

CURRENCIES = st.sampled_from(["USD", "EUR", "JPY", "GBP", "BRL"])
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
               max_size=40)
MAYBE_TEXT = st.none() | TEXT


def amounts(places=2, max_value=10_000):
    return st.decimals(min_value=0, max_value=max_value, places=places, allow_nan=False,
                       allow_infinity=False)


@st.composite
def items(draw, currency: str, index: int):
    def money(probability_none=True):
        strategy = amounts().map(lambda a: Money(a, currency))
        return draw(st.none() | strategy) if probability_none else draw(strategy)

    return OrderItem(
        order_item_id=f"{index:014d}", seller_sku=draw(st.none() | st.text(min_size=1,
                                                                           max_size=20)),
        asin="B000000000", title=draw(MAYBE_TEXT), quantity_ordered=draw(st.integers(1, 50)),
        line_price=money(), item_tax=money(), shipping_price=money(), shipping_tax=money(),
        promotion_discount=money(), promotion_discount_tax=money(),
        shipping_discount=money(), shipping_discount_tax=money(), gift_wrap_price=money(),
        gift_wrap_tax=money(),
        promotion_ids=tuple(draw(st.lists(st.text(min_size=1, max_size=8), max_size=2))),
    )


@st.composite
def orders(draw):
    currency = draw(CURRENCIES)
    lines = tuple(draw(items(currency, i)) for i in range(draw(st.integers(1, 4))))
    address = draw(st.none() | st.builds(
        Address, name=MAYBE_TEXT, company=MAYBE_TEXT, line1=MAYBE_TEXT, line2=MAYBE_TEXT,
        city=MAYBE_TEXT, state_or_region=MAYBE_TEXT, postal_code=MAYBE_TEXT,
        country_code=st.none() | st.sampled_from(["US", "DE", "JP", "BR", "GB", "FR"]),
        phone=MAYBE_TEXT))
    total = draw(st.none() | amounts(max_value=100_000).map(lambda a: Money(a, currency)))
    return Order(
        order_id=draw(st.from_regex(r"\A\d{3}-\d{7}-\d{7}\Z")),
        marketplace_id=draw(st.none() | st.sampled_from(["ATVPDKIKX0DER", "A1PA6795UKMFR9"])),
        status=draw(st.sampled_from(list(OrderStatus))),
        fulfilled_by=draw(st.sampled_from(list(FulfilledBy))),
        purchase_date=PURCHASED, last_updated=PURCHASED, order_total=total,
        buyer=draw(st.builds(Buyer, name=MAYBE_TEXT, email=MAYBE_TEXT, company=MAYBE_TEXT)),
        shipping_address=address, ship_service_level=draw(MAYBE_TEXT), items=lines)


SETTINGS = st.builds(MappingSettings, order_number_source=st.sampled_from(["commerce",
                                                                          "amazon"]),
                     customer_id=st.none() | st.integers(1, 10_000))
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(orders(), SETTINGS)
def test_totals_balance_or_the_exact_difference_is_reported(order, mapping_settings):
    mapped = order_body(order, mapping_settings)
    entity = mapped.body["entity"]
    parts = (entity["subtotal"] + entity["shipping_amount"] + entity["tax_amount"]
             + entity["discount_amount"])
    assert entity["grand_total"] == parts
    assert sum((i["row_total"] for i in entity["items"]), Decimal(0)) == entity["subtotal"]
    if order.order_total is None:
        return
    mismatch = mapped.finding(TOTAL_MISMATCH)
    if entity["grand_total"] == order.order_total.amount:
        assert mismatch is None
    else:
        assert mismatch.amount == order.order_total.amount - entity["grand_total"]
        assert str(abs(mismatch.amount)) in mismatch.message


@FAST
@given(orders(), SETTINGS)
def test_the_body_always_validates_and_holds_no_float(order, mapping_settings):
    body = order_body(order, mapping_settings).body
    assert [path for path, leaf in walk(body) if isinstance(leaf, float)] == []
    wire = json.loads(to_json(body), parse_float=Decimal)
    assert wire == body
    assert request_body_errors("create_order", wire) == {}
