"""Order details against the real sandboxes: quantities as a person writes them on the
Tracking tab, the Commerce order link that opens a page, and Save Order when Commerce goes
away (saved, and the page says the next sync retries; never an error page)."""

from __future__ import annotations

import re
from html import unescape

import pytest
import requests
from sqlalchemy import select

from connector.models import AmazonOrder
from tests.admin.conftest import sign_in


@pytest.fixture
def shop(app, world):
    app.extensions["connector_services"] = world.lifecycle
    return world


def test_tracking_quantities_and_the_commerce_order_link(shop, client):
    order_id = shop.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    shop.run()
    commerce_order = shop.commerce_order_for(order_id)
    shop.merchant_ships(commerce_order["entity_id"])
    admin = sign_in(client)
    url = f"/admin/stores/{shop.store_id}/orders/{order_id}"
    tracking = admin.get(f"{url}?tab=tracking").get_data(as_text=True)
    cells = re.findall(r"<td>([^<]*)</td>", tracking.split("<tbody>")[1])
    assert cells[2] == "1", cells  # Commerce says 1.0; the page says 1, as on Items
    details = admin.get(url).get_data(as_text=True)
    link = unescape(re.search(r'<a href="([^"]+)" target="_top" class="commerce-link"',
                              details).group(1))
    assert link == (f"{shop.commerce_url}/admin/sales/order/view/order_id/"
                    f"{commerce_order['entity_id']}/")
    opened = requests.get(link, timeout=5)
    assert opened.status_code == 200 and f"Order # {commerce_order['increment_id']}" in \
        opened.text


def test_save_order_with_commerce_away_saves_and_says_the_next_sync_retries(shop, client):
    sold_out = shop.place_order([("EMPTY-1", 1, "20.00")], status="UNSHIPPED")
    shop.run()
    shop.commerce_faults(error_rate=1.0)
    admin = sign_in(client)
    url = f"/admin/stores/{shop.store_id}/orders/{sold_out}"
    answer = admin.post(url, {"line1": "1 Main St", "city": "Denver",
                              "state_or_region": "Colorado", "postal_code": "80203",
                              "country_code": "US"})
    assert answer.status_code == 303
    page = unescape(admin.get(url).get_data(as_text=True))
    assert ("You saved the order. Commerce could not be reached to import it now; it will be "
            "retried at the next sync.") in page
    with shop.db().session() as session:
        row = session.scalar(select(AmazonOrder).where(AmazonOrder.amazon_order_id == sold_out))
        assert (row.shipping_address["state_or_region"], row.shipping_address["postal_code"]) \
            == ("CO", "80203")
