"""connector.orders.grid: filters, sorting across pages, bounded paging."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from connector.orders.grid import (
    MAX_PER_PAGE,
    MAX_WINDOW,
    SORTS,
    FilterError,
    OrderFilters,
    filters_from_args,
    search_orders,
)
from tests.admin.conftest import add_order, hours
from tests.orders.factories import T0

STATUSES = ["Pending", "Unshipped", "Shipped", "Error", "Canceled", "Completed"]
BUYERS = ["Émile Zola", "anna Smith", "Bob Jones", "Zoë Brown", "carl Berg", None]


@pytest.fixture
def many(db, store_id):
    """67 orders with repeating statuses, buyers and totals (ties on every sort column)."""
    for n in range(67):
        add_order(db, store_id, f"{100 + n % 7}-{n:07d}-0000001", status=STATUSES[n % 6],
                  buyer=BUYERS[n % 6], total=f"{(n % 9) * 12.5:.2f}",
                  purchased=T0 - hours(n // 2))  # pairs share a purchase time
    return 67


def _key(sort, dialect):
    # The database's own NULL order (first on SQLite, last on PostgreSQL) keeps the index.
    nulls_first = dialect == "sqlite"
    return {
        "purchase_date": lambda r: (r.purchase_date, r.id),
        "order_number": lambda r: (r.amazon_order_id,),
        "status": lambda r: (r.status, r.purchase_date, r.id),
        "buyer_name": lambda r: ((r.buyer_name_key is not None) == nulls_first,
                                 r.buyer_name_key or "", r.id),
        "total": lambda r: (r.order_total, r.id),
    }[sort]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_every_column_sorts_across_all_pages_without_repeats(db, store_id, many, sort,
                                                            descending):
    seen = []
    with db.session() as session:
        for page in (1, 2, 3, 4):
            grid = search_orders(session, store_id, OrderFilters(), sort=sort,
                                 descending=descending, page=page, per_page=20)
            assert grid.total == many and grid.pages == 4 and grid.page == page
            seen.extend(grid.rows)
    assert len({r.id for r in seen}) == many  # no order twice, none missing
    assert seen == sorted(seen, key=_key(sort, db.engine.dialect.name), reverse=descending)


def test_filters_narrow_the_orders(db, store_id, many):
    def ids(**filters):
        with db.session() as session:
            grid = search_orders(session, store_id, OrderFilters(**filters), per_page=200)
            return {r.amazon_order_id for r in grid.rows}, grid.total

    everything, _ = ids()
    # Purchase dates are inclusive UTC days.
    day = (T0 - hours(30)).date()
    found, total = ids(purchased_from=day, purchased_to=day)
    with db.session() as session:
        rows = search_orders(session, store_id, OrderFilters(), per_page=200).rows
    expected = {r.amazon_order_id for r in rows if r.purchase_date.date() == day}
    assert found == expected and total == len(expected) and expected
    # Order number: prefix.
    found, _ = ids(order_number="103-")
    assert found == {o for o in everything if o.startswith("103-")} and found
    # Buyer's name: prefix, whatever the case, accents kept.
    found, _ = ids(buyer_name="ÉMILE")
    assert found and all(r.buyer_name == "Émile Zola"
                         for r in rows if r.amazon_order_id in found)
    found_lower, _ = ids(buyer_name="c")
    assert {r.buyer_name for r in rows if r.amazon_order_id in found_lower} == {"carl Berg"}
    # Total: inclusive range with decimals.
    found, _ = ids(total_min=Decimal("12.5"), total_max=Decimal("25.00"))
    assert {r.order_total for r in rows if r.amazon_order_id in found} == {
        Decimal("12.5"), Decimal("25")}
    # Statuses: any of.
    found, _ = ids(statuses=("Error", "Canceled"))
    assert {r.status for r in rows if r.amazon_order_id in found} == {"Error", "Canceled"}
    # Together.
    found, total = ids(statuses=("Error",), buyer_name="z")
    assert total == len(found) and all(
        r.status == "Error" and r.buyer_name == "Zoë Brown"
        for r in rows if r.amazon_order_id in found)


def test_filters_from_args_reads_the_query_string():
    args = MultiDict([("purchased_from", "2026-11-01"), ("purchased_to", "2026-11-03"),
                      ("order_number", " 111-22 "), ("buyer_name", "jane"),
                      ("total_min", "25"), ("total_max", "75.5"), ("status", "Shipped"),
                      ("status", "partially shipped"), ("status", "Error")])
    assert filters_from_args(args) == OrderFilters(
        purchased_from=date(2026, 11, 1), purchased_to=date(2026, 11, 3),
        order_number="111-22", buyer_name="jane", total_min=Decimal("25"),
        total_max=Decimal("75.5"), statuses=("Error", "Shipped", "PartiallyShipped"))
    assert filters_from_args({}) == OrderFilters()


@pytest.mark.parametrize("args, field, message", [
    ({"purchased_from": "01/11/2026"}, "purchased_from", "yyyy-mm-dd"),
    ({"purchased_to": "2026-02-30"}, "purchased_to", "yyyy-mm-dd"),
    ({"purchased_from": "2026-11-05", "purchased_to": "2026-11-01"}, "purchased_to",
     "before the start"),
    ({"total_min": "abc"}, "total_min", "amount such as"),
    ({"total_max": "25,50"}, "total_max", "amount such as"),
    ({"total_min": "1.23456"}, "total_min", "at most 4 decimals"),
    ({"total_min": "-5"}, "total_min", "0 or more"),
    ({"total_min": "NaN"}, "total_min", "amount such as"),
    ({"total_min": "80", "total_max": "20"}, "total_max", "below the minimum"),
    ({"order_number": "111'; drop table"}, "order_number", "Amazon order number"),
    ({"buyer_name": "x" * 65}, "buyer_name", "at most 64"),
    ({"status": "Lost"}, "status", "Unknown status"),
])
def test_bad_filter_values_name_their_field(args, field, message):
    with pytest.raises(FilterError) as bad:
        filters_from_args(args)
    assert bad.value.field == field
    assert message in bad.value.message


def test_paging_is_bounded(db, store_id, many):
    with db.session() as session:
        big = search_orders(session, store_id, OrderFilters(), per_page=10_000)
        assert big.per_page == MAX_PER_PAGE
        last = search_orders(session, store_id, OrderFilters(), page=999, per_page=20)
        assert last.page == 4 and len(last.rows) == 7
        first = search_orders(session, store_id, OrderFilters(), page=-3, per_page=20)
        assert first.page == 1 and len(first.rows) == 20
        with pytest.raises(FilterError):
            search_orders(session, store_id, OrderFilters(), sort="id; drop")


def test_deep_pages_stop_at_the_window(db, store_id, monkeypatch):
    import connector.orders.grid as grid_module

    for n in range(12):
        add_order(db, store_id, f"111-{n:07d}-0000001", purchased=T0 - timedelta(minutes=n))
    monkeypatch.setattr(grid_module, "MAX_WINDOW", 5)
    with db.session() as session:
        grid = grid_module.search_orders(session, store_id, OrderFilters(), page=9,
                                         per_page=2)
    assert grid.total == 12 and grid.pages == 3 and grid.page == 3 and grid.truncated
    assert MAX_WINDOW >= 10 * MAX_PER_PAGE


def test_other_stores_orders_never_show(db, store_id):
    from tests.orders.factories import make_store

    with db.session() as session:
        other = make_store(session, name="Demo CA").id
    add_order(db, store_id, "111-0000001-0000001")
    add_order(db, other, "111-0000002-0000001")
    with db.session() as session:
        grid = search_orders(session, store_id, OrderFilters())
    assert [r.amazon_order_id for r in grid.rows] == ["111-0000001-0000001"]


def test_a_count_limit_caps_the_count_and_says_so(db, store_id, monkeypatch):
    import connector.orders.grid as grid_module

    for n in range(7):
        add_order(db, store_id, f"111-{n:07d}-0000001", purchased=T0 - timedelta(minutes=n))
    monkeypatch.setattr(grid_module, "MAX_WINDOW", 4)
    with db.session() as session:
        capped = grid_module.search_orders(session, store_id, OrderFilters(), per_page=2,
                                           count_limit=5)
        exact = grid_module.search_orders(session, store_id, OrderFilters(), per_page=2,
                                          count_limit=7)
    assert (capped.total, capped.total_is_exact, capped.pages) == (5, False, 2)
    assert (exact.total, exact.total_is_exact) == (7, True)


@pytest.mark.parametrize("sort", SORTS)
def test_few_matches_sort_and_page_like_many(db, store_id, many, sort, monkeypatch):
    """Few matches are found through the filter's index and then sorted; many through the
    sort's index. Both read the same pages."""
    import connector.orders.grid as grid_module

    filters = OrderFilters(statuses=("Pending", "Error", "Canceled"), total_min=Decimal("0"))

    def pages():
        with db.session() as session:
            return [[r.id for r in grid_module.search_orders(
                session, store_id, filters, sort=sort, page=p, per_page=3).rows]
                for p in range(1, 11)]

    few = pages()  # 33 matches, within the window: found through the filter, then sorted
    monkeypatch.setattr(grid_module, "MAX_WINDOW", 30)
    assert pages() == few  # more than the window: walked along the sort's index
    flat = [i for page in few for i in page]
    assert len(flat) == len(set(flat)) == 30
