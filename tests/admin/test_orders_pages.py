"""All Orders and Amazon Order Details as the merchant sees them."""

from __future__ import annotations

import re
from html import unescape

from connector.models import AmazonOrder, OrderNote
from tests.admin.conftest import add_order, hours
from tests.orders.factories import T0

XSS = "<img src=x onerror=alert(1)>"


def order_numbers(html: str) -> list[str]:
    return re.findall(r'class="order-number"[^>]*>([^<]+)<', html)


def field_errors(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'class="field-error"[^>]*>([^<]+)<', html)]


def test_all_orders_lists_the_columns_and_pages_through_sorted_orders(admin, db, store_id):
    for n in range(55):
        add_order(db, store_id, f"111-{n:07d}-0000001", total=f"{n}.25",
                  purchased=T0 - hours(n), note=f"Note {n}")
    url = f"/admin/stores/{store_id}/orders"
    page = admin.get(url).get_data(as_text=True)
    for column in ("Purchase Date", "Order Number", "Status", "Buyer&#39;s Name", "Total",
                   "Order Notes"):
        assert column in page
    assert "55 records found" in page and "1 of 2" in page
    assert order_numbers(page)[0] == "111-0000000-0000001"  # newest first
    assert "$0.25" in page and "Note 0" in page
    # Sort by total, ascending, across pages: page 2 continues page 1.
    first = admin.get(f"{url}?sort=total&dir=asc").get_data(as_text=True)
    second = admin.get(f"{url}?sort=total&dir=asc&page=2").get_data(as_text=True)
    numbers = order_numbers(first) + order_numbers(second)
    assert numbers == [f"111-{n:07d}-0000001" for n in range(55)]
    assert "2 of 2" in second
    # The header link flips the direction and keeps the filters.
    filtered = admin.get(f"{url}?status=Unshipped&sort=total&dir=asc").get_data(as_text=True)
    link = unescape(re.search(r'href="([^"]+)" data-sort="total"', filtered).group(1))
    assert "dir=desc" in link and "status=Unshipped" in link
    flipped = admin.get(link).get_data(as_text=True)
    assert order_numbers(flipped)[0] == "111-0000054-0000001"


def test_filters_show_as_removable_chips_and_clear_all(admin, db, store_id):
    add_order(db, store_id, "111-0000001-0000001", status="Shipped", total="30.00",
              buyer="Jane Doe")
    add_order(db, store_id, "111-0000002-0000001", status="Error", total="80.00",
              buyer="John Roe")
    add_order(db, store_id, "112-0000003-0000001", status="Shipped", total="50.50",
              buyer="jane Poe")
    url = (f"/admin/stores/{store_id}/orders?total_min=25&total_max=75.5&status=Shipped"
           "&buyer_name=JANE")
    page = admin.get(url).get_data(as_text=True)
    assert sorted(order_numbers(page)) == ["111-0000001-0000001", "112-0000003-0000001"]
    chips = dict(re.findall(r'<span class="chip">([^<]+?) <a href="([^"]+)"', page))
    assert set(chips) == {"Total: $25.00 - $75.50", "Status: Shipped",
                          "Buyer&#39;s Name: JANE"}
    without_total = admin.get(unescape(chips["Total: $25.00 - $75.50"])).get_data(as_text=True)
    assert "Total:" not in without_total and "Status: Shipped" in without_total
    assert sorted(order_numbers(without_total)) == ["111-0000001-0000001",
                                                    "112-0000003-0000001"]
    clear = unescape(re.search(r'href="([^"]+)" class="clear-all"', page).group(1))
    assert clear == f"/admin/stores/{store_id}/orders"
    assert len(order_numbers(admin.get(clear).get_data(as_text=True))) == 3


def test_bad_filter_values_get_a_message_next_to_the_filter_not_an_error(admin, db,
                                                                         store_id):
    add_order(db, store_id, "111-0000001-0000001", status="Shipped")
    add_order(db, store_id, "111-0000002-0000001", status="Error")
    answer = admin.get(f"/admin/stores/{store_id}/orders?total_min=ten&purchased_from="
                       "2026-99-01&status=Shipped&page=abc&sort=nonsense&per_page=-1")
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert field_errors(page) == ["Enter a date as yyyy-mm-dd.",
                                  "Enter an amount such as 25 or 25.50."]
    assert order_numbers(page) == ["111-0000001-0000001"]  # the good filter still applies
    assert 'value="ten"' in page  # what the merchant typed stays to be corrected


def test_an_untrusted_buyer_name_is_shown_as_text(admin, db, store_id):
    add_order(db, store_id, "111-0000001-0000001", buyer=XSS, note=f"Note about {XSS}")
    for path in (f"/admin/stores/{store_id}", f"/admin/stores/{store_id}/orders",
                 f"/admin/stores/{store_id}/orders/111-0000001-0000001",
                 f"/admin/stores/{store_id}/orders?buyer_name=%3Cimg"):
        page = admin.get(path).get_data(as_text=True)
        assert "<img" not in page, path
        assert "&lt;img src=x onerror=alert(1)&gt;" in page, path


def test_order_details_shows_the_three_tabs_links_and_note_history(admin, db, store_id):
    row_id = add_order(db, store_id, "111-0000001-0000001", status="Unshipped",
                       commerce_order_id=77, commerce_increment_id="000000077")
    with db.session() as session:
        row = session.get(AmazonOrder, row_id)
        for text in ("Order received from Amazon with status Pending.",
                     "Status updated to Unshipped.", "Commerce order 000000077 created."):
            session.add(OrderNote(order=row, text=text, created_at=T0))
    url = f"/admin/stores/{store_id}/orders/111-0000001-0000001"
    page = admin.get(url).get_data(as_text=True)
    for tab in ("Order details and shipping", "Order items", "Tracking"):
        assert tab in page
    for label in ("Order number", "Buyer email", "Buyer name", "Currency", "Order total",
                  "Inventory reserved", "Premium", "Prime", "Purchase date",
                  "Latest ship date", "Shipping service level", "Shipped by Amazon",
                  "Business", "Items shipped", "Items unshipped", "Fulfillment channel",
                  "Shipping phone number", "Shipping address 1", "Shipping postal code"):
        assert f"<dt>{label}</dt>" in page, label
    assert ('href="http://127.0.0.1:1/admin/sales/order/view/order_id/77/" target="_top"'
            in page)
    assert "https://sellercentral.amazon.com/orders-v3/order/111-0000001-0000001" in page
    history = re.findall(r"<li><time>[^<]+</time> <span>([^<]+)</span>", page)
    assert history == ["Commerce order 000000077 created.", "Status updated to Unshipped.",
                       "Order received from Amazon with status Pending."]
    # Imported: the address is read-only, and a save is refused.
    assert 'id="shipping-address"' not in page
    refused = admin.post(url, form_page=f"/admin/stores/{store_id}", data={
        "line1": "2 Main St", "city": "Seattle", "state_or_region": "WA",
        "postal_code": "98101", "country_code": "US"})
    assert refused.status_code == 303
    after = admin.get(url).get_data(as_text=True)
    assert "imported into Commerce already" in after
    with db.session() as session:
        assert session.get(AmazonOrder, row_id).shipping_address["line1"] == "1 Main St"

    items = admin.get(f"{url}?tab=items").get_data(as_text=True)
    for column in ("Commerce Order Number", "Qty Shipped", "Qty Ordered", "Title", "ASIN",
                   "Amazon Seller SKU", "Condition", "Row Price", "Row Tax", "Shipping Price"):
        assert f"<th>{column}</th>" in items
    assert "B000TEST01" in items and "SKU-1" in items and "000000077" in items
    tracking = admin.get(f"{url}?tab=tracking").get_data(as_text=True)
    for column in ("Title", "Quantity", "Carrier Code", "Shipping Method", "Tracking Number"):
        assert f"<th>{column}</th>" in tracking
    assert "Commerce could not be reached" in tracking  # this store's Commerce is down


def test_an_unknown_order_or_store_is_a_404(admin, store_id):
    assert admin.get(f"/admin/stores/{store_id}/orders/111-9999999-9999999").status_code == 404
    assert admin.get("/admin/stores/4242/orders").status_code == 404


def test_the_shipping_address_is_validated_and_nothing_is_saved_when_wrong(admin, db,
                                                                          store_id):
    row_id = add_order(db, store_id, "111-0000001-0000001", status="Pending")
    url = f"/admin/stores/{store_id}/orders/111-0000001-0000001"
    good = {"line1": "1420 Maple Avenue", "line2": "", "line3": "", "city": "Denver",
            "state_or_region": "CO", "postal_code": "80202", "country_code": "us"}
    for bad, field, message in [
        ({"line1": " "}, "line1", "Enter the shipping address."),
        ({"city": ""}, "city", "Enter the shipping city."),
        ({"postal_code": "8O2O2"}, "postal_code", "Enter a ZIP code such as 80202"),
        ({"state_or_region": "Narnia"}, "state_or_region", "not a state or region of US"),
        ({"state_or_region": ""}, "state_or_region", "Enter the state or region"),
        ({"country_code": "XX"}, "country_code", "two-letter code"),
        ({"line2": "x" * 121}, "line2", "at most 120"),
    ]:
        answer = admin.post(url, {**good, **bad})
        assert answer.status_code == 400, field
        page = answer.get_data(as_text=True)
        error = re.search(rf'id="error-{field}"[^>]*>([^<]+)<', page)
        assert error and message in unescape(error.group(1)), (field, page[-3000:])
    with db.session() as session:
        row = session.get(AmazonOrder, row_id)
        assert row.shipping_address["city"] == "Seattle" and len(row.notes) == 0

    saved = admin.post(url, good)
    assert saved.status_code == 303
    assert "You saved the order." in admin.get(url).get_data(as_text=True)
    with db.session() as session:
        row = session.get(AmazonOrder, row_id)
        assert row.shipping_address["city"] == "Denver"
        assert row.shipping_address["country_code"] == "US"
        assert row.shipping_address["name"] == "Jane Doe"  # fields not edited stay
        assert row.order_data["shipping_address"]["postal_code"] == "80202"
        assert row.latest_note.startswith("Shipping address changed by merchant (")
        assert "Shipping city" in row.latest_note


def test_order_text_is_isolated_so_bidi_characters_cannot_reorder_the_page(admin, db,
                                                                            store_id):
    # A row stored before order text was cleaned: the page still keeps it in its own box.
    add_order(db, store_id, "111-0000001-0000001", buyer="Mallory \u202eexe.TXT",
              note="Blocked: SKU\u202eTXT.EXE")
    grid = admin.get(f"/admin/stores/{store_id}/orders").get_data(as_text=True)
    assert '<td class="buyer"><bdi>Mallory \u202eexe.TXT</bdi></td>' in grid
    assert '<td class="notes"><bdi>Blocked: SKU\u202eTXT.EXE</bdi></td>' in grid
    details = admin.get(f"/admin/stores/{store_id}/orders/111-0000001-0000001"
                        ).get_data(as_text=True)
    assert '<dd class="buyer"><bdi>Mallory \u202eexe.TXT</bdi></dd>' in details
    items = admin.get(f"/admin/stores/{store_id}/orders/111-0000001-0000001?tab=items"
                      ).get_data(as_text=True)
    assert re.search(r'<td class="sku"><bdi>[^<]+</bdi></td>', items)
    answer = admin.get("/admin/static/admin.css")
    css = answer.get_data(as_text=True)
    answer.close()
    assert "bdi, td.sku, .note-history li > span { unicode-bidi: isolate; }" in css
