"""Broken Amazon orders never crash the sync: each is read or refused by field path, the bad
order is isolated with a note, and the good orders of the same page are kept.

Starts from the project's own sample orders (the sandbox's and ``tests/amazon/data``) and
breaks one value at a time: removed, wrong type, unknown enum value, huge or odd string,
money with many decimals, times out of range."""

from __future__ import annotations

import copy
import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.amazon.errors import InvalidOrderData
from connector.amazon.parse import parse_v0_order, parse_v2026_order
from connector.domain import Order
from connector.models import AmazonOrder, SyncState
from connector.orders.services import Services
from connector.orders.sync import sync_store
from tests.fuzz.pages import PagedAmazon, v0_pages, v2026_pages
from tests.fuzz.payloads import (
    broken_order,
    broken_v2026,
    describe,
    mutate,
    paths,
    v0_samples,
    v2026_samples,
)
from tests.orders.factories import make_store

CANNOT_READ = "Amazon sent this order in a form the connector cannot read: "
FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
_ids = itertools.count(1)


def fresh_id() -> str:
    return f"555-{next(_ids):07d}-0000001"


def renumbered(order: dict, order_id: str | None = None) -> dict:
    order = copy.deepcopy(order)
    order["orderId"] = order_id or fresh_id()
    return order


def read_or_refuse(parse, *args):
    """Parse; an ``InvalidOrderData`` naming a field is an acceptable answer, anything
    else (KeyError, TypeError, OverflowError...) is a crash."""
    try:
        return parse(*args)
    except InvalidOrderData as refused:
        assert refused.field and str(refused).startswith(refused.field)
        return refused


@FUZZ
@given(broken=broken_v2026())
def test_a_broken_v2026_order_is_read_or_refused_by_field(broken):
    path, order = broken
    result = read_or_refuse(parse_v2026_order, order)
    assert isinstance(result, Order | InvalidOrderData), describe(path)


@FUZZ
@given(data=st.data())
def test_a_broken_v0_order_is_read_or_refused_by_field(data):
    bundle = data.draw(st.sampled_from(v0_samples()))
    path, broken = data.draw(broken_order(bundle, min_depth=2))
    result = read_or_refuse(parse_v0_order, broken["order"], broken["items"],
                            broken.get("address"), broken.get("buyer"))
    assert isinstance(result, Order | InvalidOrderData), describe(path)


@FUZZ
@given(broken=broken_v2026())
def test_a_broken_order_in_a_page_leaves_its_neighbours_readable(broken):
    path, bad = broken
    good = [renumbered(o) for o in v2026_samples()[:2]]
    [page] = v2026_pages([good[0], bad, good[1]])
    read = [o.order_id for o in page.orders]
    assert good[0]["orderId"] in read and good[1]["orderId"] in read, describe(path)
    assert len(page.orders) + len(page.rejected) == 3
    for rejected in page.rejected:
        assert rejected.error.field


@FUZZ
@given(data=st.data())
def test_a_broken_v0_order_in_a_page_leaves_its_neighbours_readable(data):
    bundle = data.draw(st.sampled_from(v0_samples()))
    path, broken = data.draw(broken_order(bundle, min_depth=2))
    good = copy.deepcopy(bundle)
    good["order"]["AmazonOrderId"] = fresh_id()
    bad_id = broken["order"].get("AmazonOrderId") if isinstance(broken["order"], dict) else None
    items = {good["order"]["AmazonOrderId"]: good["items"]}
    if isinstance(bad_id, str):
        items[bad_id] = broken["items"]
    [page] = v0_pages([broken["order"], good["order"]], items)
    assert good["order"]["AmazonOrderId"] in [o.order_id for o in page.orders], describe(path)
    assert len(page.orders) + len(page.rejected) == 2


# -- through the sync, into the database ----------------------------------------------------

@pytest.fixture
def lifecycle(app):
    db = app.extensions["connector_db"]
    with db.session() as s:
        store_id = make_store(s, integration_time=datetime(2000, 1, 1, tzinfo=UTC)).id
    return Services(db=db, owner="fuzz"), store_id


def rows(lc, store_id, ids) -> dict[str, AmazonOrder]:
    with lc.db.session() as s:
        return {r.amazon_order_id: r for r in s.query(AmazonOrder).filter(
            AmazonOrder.store_id == store_id, AmazonOrder.amazon_order_id.in_(ids))}


def sync_page(lc, store_id, *raw_pages):
    return sync_store(lc, store_id, PagedAmazon(v2026_pages(*raw_pages)))


@FUZZ
@given(data=st.data())
def test_the_sync_never_crashes_isolates_the_bad_order_and_keeps_the_good_ones(lifecycle,
                                                                                 data):
    lc, store_id = lifecycle
    base = renumbered(data.draw(st.sampled_from(v2026_samples())))
    known_id = base["orderId"]
    sync_page(lc, store_id, [base])  # the order is known before Amazon sends it broken
    base["lastUpdatedTime"] = "2029-06-01T00:00:00Z"
    path, bad = data.draw(broken_order(base))
    good = [renumbered(o) for o in v2026_samples()[:2]]
    report = sync_page(lc, store_id, [good[0], bad, good[1]])
    stored = rows(lc, store_id, [known_id, *(g["orderId"] for g in good)])
    assert {g["orderId"] for g in good} <= set(stored), describe(path)
    rejected_ids = [r.split(":")[0] for r in report.rejected]
    if known_id in rejected_ids:
        assert stored[known_id].latest_note.startswith(CANNOT_READ), describe(path)
    with lc.db.session() as s:
        assert s.get(SyncState, store_id).watermark is not None  # the sync went through


# -- regressions: what the fuzzing found ----------------------------------------------------

def sample(**changes) -> dict:
    order = renumbered(v2026_samples()[0])
    for dotted, value in changes.items():
        order = mutate(order, _path(order, dotted), value)
    return order


def _path(order: dict, dotted: str) -> tuple:
    wanted = tuple(int(p) if p.isdigit() else p for p in dotted.split("__"))
    assert wanted in paths(order), wanted
    return wanted


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-05:00"])
def test_a_time_with_no_utc_equivalent_is_refused_not_a_crash(stamp):
    with pytest.raises(InvalidOrderData, match="createdTime: out of range"):
        parse_v2026_order(sample(createdTime=stamp))


@pytest.mark.parametrize("amount,why", [("12.000000001", "more than 4 decimal places"),
                                        ("-1e-400", "more than 4 decimal places"),
                                        ("123456789012345678901234567890.99", "too large"),
                                        ("1E+999999", "too large")])
def test_money_an_order_cannot_keep_exactly_is_refused(amount, why):
    with pytest.raises(InvalidOrderData, match=why):
        parse_v2026_order(sample(proceeds__grandTotal__amount=amount))


def test_money_with_trailing_zeros_is_still_read_exactly():
    order = parse_v2026_order(sample(proceeds__grandTotal__amount="57.9000000"))
    assert str(order.order_total.amount.normalize()) == "57.9"


def test_an_incredible_quantity_is_refused():
    with pytest.raises(InvalidOrderData, match="quantityOrdered: not a credible quantity"):
        parse_v2026_order(sample(orderItems__0__quantityOrdered=10 ** 30))


def test_a_bad_order_with_an_unreadable_time_no_longer_stops_the_whole_sync(lifecycle):
    """It used to escape as OverflowError: the sync failed on every run and no later order
    of the store was ever synced."""
    lc, store_id = lifecycle
    good = sample()
    bad = sample(lastUpdatedTime="0001-01-01T00:00:00+14:00")
    report = sync_page(lc, store_id, [bad, good])
    assert report.rejected == [f"{bad['orderId']}: lastUpdatedTime: out of range: "
                               "'0001-01-01T00:00:00+14:00'"]
    assert set(rows(lc, store_id, [good["orderId"], bad["orderId"]])) == {good["orderId"]}


def test_an_order_the_database_cannot_hold_is_isolated_and_the_page_is_kept(lifecycle):
    """Amounts parse one by one but their line total (unit price x quantity) is beyond what
    the amount column holds: the page is stored without it, and the order gets a note."""
    lc, store_id = lifecycle
    base = sample()
    sync_page(lc, store_id, [base])
    huge = copy.deepcopy(base)
    huge["lastUpdatedTime"] = "2029-06-01T00:00:00Z"
    item = huge["orderItems"][0]
    item["quantityOrdered"] = 900_000
    item["product"]["price"]["unitPrice"]["amount"] = "99999999999999.99"
    neighbours = [sample(), sample()]
    report = sync_page(lc, store_id, [neighbours[0], huge, neighbours[1]])
    stored = rows(lc, store_id, [base["orderId"], *(n["orderId"] for n in neighbours)])
    assert len(stored) == 3
    assert report.fetched == 2 and len(report.rejected) == 1
    note = stored[base["orderId"]].latest_note
    assert note.startswith(CANNOT_READ + "order: cannot be stored: "), note
    assert stored[base["orderId"]].last_updated < datetime(2029, 1, 1, tzinfo=UTC)
    with lc.db.session() as s:
        assert s.get(SyncState, store_id).watermark is not None


def test_the_samples_are_valid_to_begin_with():
    """The fuzzing breaks good orders: were a sample already broken, it would prove nothing."""
    for order in v2026_samples():
        parse_v2026_order(order)
    for bundle in v0_samples():
        parse_v0_order(bundle["order"], bundle["items"], bundle.get("address"),
                       bundle.get("buyer"))


def test_an_order_id_the_database_refuses_does_not_stop_the_sync(lifecycle):
    """PostgreSQL refuses a NUL byte in text, even in a lookup: the order is isolated and
    the rest of the page is stored (SQLite stores it; the sync goes through either way)."""
    lc, store_id = lifecycle
    neighbours = [sample(), sample()]
    bad = sample()
    bad["orderId"] = "555-00\x0000-0000001"
    sync_page(lc, store_id, [neighbours[0], bad, neighbours[1]])
    ids = [n["orderId"] for n in neighbours]
    assert set(rows(lc, store_id, ids)) == set(ids)
    with lc.db.session() as s:
        assert s.get(SyncState, store_id).watermark is not None
