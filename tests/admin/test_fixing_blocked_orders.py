"""Fixing what blocks an order from the pages, against the real sandboxes: SKU matching and
the shipping address. Saving retries the blocked order at once."""

from __future__ import annotations

import re
from html import unescape

import pytest

from connector.models import AmazonOrder, SkuMatch
from tests.admin.conftest import sign_in


@pytest.fixture
def shop(app, world, client):
    """The pages use the world's lifecycle (its clock and sandbox clients)."""
    app.extensions["connector_services"] = world.lifecycle
    return world


def row(world, amazon_order_id) -> AmazonOrder:
    from sqlalchemy import select

    with world.db().session() as session:
        return session.scalar(select(AmazonOrder).where(
            AmazonOrder.amazon_order_id == amazon_order_id))


def test_matching_a_sku_imports_the_blocked_order_and_clears_the_banner(shop, client):
    blocked = shop.place_order([("AMZ-ONLY-SKU", 1, "9.99")], status="UNSHIPPED")
    assert shop.run().imports == {"blocked": 1}
    admin = sign_in(client)
    url = f"/admin/stores/{shop.store_id}/sku-matching"
    page = admin.get(url).get_data(as_text=True)
    assert '<td class="sku">AMZ-ONLY-SKU</td>' in page and "cannot be imported" in page

    refused = admin.post(url, {"amazon_sku": "AMZ-ONLY-SKU", "commerce_sku": "NOPE-1"})
    assert refused.status_code == 400
    assert 'Commerce has no product with SKU "NOPE-1".' in unescape(
        refused.get_data(as_text=True))
    with shop.db().session() as session:
        assert session.query(SkuMatch).count() == 0
    assert row(shop, blocked).status == "Error"

    answer = admin.post(url, {"amazon_sku": "AMZ-ONLY-SKU", "commerce_sku": "MUG-1"})
    assert answer.status_code == 303
    page = admin.get(url).get_data(as_text=True)
    assert ('Matched Amazon SKU &#34;AMZ-ONLY-SKU&#34; to Commerce SKU &#34;MUG-1&#34;. '
            "1 order imported into Commerce.") in page
    assert "system-message" not in page
    assert "No order is blocked by an unknown SKU." in page
    assert row(shop, blocked).status == "Unshipped"
    assert shop.commerce_order_for(blocked)["items"][0]["sku"] == "MUG-1"


def test_saving_the_address_of_a_blocked_order_retries_it_at_once(shop, client):
    sold_out = shop.place_order([("EMPTY-1", 1, "20.00")], status="UNSHIPPED")
    shop.run()
    assert row(shop, sold_out).status == "Error"
    admin = sign_in(client)
    url = f"/admin/stores/{shop.store_id}/orders/{sold_out}"
    address = {"line1": "1420 Maple Avenue", "line2": "Apt 4", "line3": "",
               "city": "Denver", "state_or_region": "Colorado", "postal_code": "80202",
               "country_code": "US"}
    # Still not salable: saved, retried, and the page says it is still blocked and why.
    admin.post(url, address)
    page = unescape(admin.get(url).get_data(as_text=True))
    assert "You saved the order. 1 order is still blocked: Cannot create sales order: " \
           'Product "EMPTY-1" in order is not salable' in page
    # Restocked in Commerce: the next Save Order imports it at once.
    shop.seed_products({"sku": "EMPTY-1", "name": "Sold out", "price": 20, "qty": 5})
    admin.post(url, {**address, "line2": "Apt 5"})
    page = admin.get(url).get_data(as_text=True)
    assert "You saved the order. 1 order imported into Commerce." in page
    created = shop.commerce_order_for(sold_out)
    assert created["extension_attributes"]["shipping_assignments"][0]["shipping"][
        "address"]["street"] == ["1420 Maple Avenue", "Apt 5"]
    assert row(shop, sold_out).status == "Unshipped"
    assert re.search(r'href="[^"]+/admin/sales/order/view/order_id/\d+/" target="_top"', page)
    assert 'id="shipping-address"' not in page  # imported: no longer editable


def commerce_goes_down_after_the_product_check(shop):
    """Commerce answers the product lookup, then stops answering (a deploy, a crash)."""
    from connector.commerce import CommerceNetworkError

    build = shop.lifecycle.commerce_factory

    def factory(store, pool_size=1):
        client = build(store, pool_size=pool_size)

        def unreachable(*args, **kwargs):
            raise CommerceNetworkError("connection refused", method="GET",
                                       url=f"{store.commerce_url}/rest/V1/store/storeViews",
                                       maybe_applied=False)

        client.store_views = unreachable
        return client

    shop.lifecycle.commerce_factory = factory
    return build


def test_a_match_saved_while_commerce_goes_down_says_the_next_sync_retries(shop, client):
    blocked = shop.place_order([("AMZ-ONLY-SKU", 1, "9.99")], status="UNSHIPPED")
    assert shop.run().imports == {"blocked": 1}
    admin = sign_in(client)
    url = f"/admin/stores/{shop.store_id}/sku-matching"
    working = commerce_goes_down_after_the_product_check(shop)

    answer = admin.post(url, {"amazon_sku": "AMZ-ONLY-SKU", "commerce_sku": "MUG-1"})
    assert answer.status_code == 303  # saved: never a 5xx after saving
    page = unescape(admin.get(url).get_data(as_text=True))
    assert ('Matched Amazon SKU "AMZ-ONLY-SKU" to Commerce SKU "MUG-1". Commerce could not '
            "be reached to import it now; it will be retried at the next sync.") in page
    with shop.db().session() as session:
        assert [(m.amazon_sku, m.commerce_sku) for m in session.query(SkuMatch)] == [
            ("AMZ-ONLY-SKU", "MUG-1")]

    shop.lifecycle.commerce_factory = working  # Commerce is back: the next sync imports it
    assert shop.run().imports == {"created": 1}
    assert shop.commerce_order_for(blocked)["items"][0]["sku"] == "MUG-1"


def test_a_match_commerce_cannot_check_is_not_saved_and_the_page_says_why(shop, client):
    shop.place_order([("AMZ-ONLY-SKU", 1, "9.99")], status="UNSHIPPED")
    shop.run()
    admin = sign_in(client)
    url = f"/admin/stores/{shop.store_id}/sku-matching"
    shop.commerce_faults(error_rate=1.0)

    answer = admin.post(url, {"amazon_sku": "AMZ-ONLY-SKU", "commerce_sku": "MUG-1"})
    assert answer.status_code == 200
    assert "Commerce could not be reached to check the SKU" in unescape(
        answer.get_data(as_text=True))
    assert "Nothing was saved; try again." in answer.get_data(as_text=True)
    with shop.db().session() as session:
        assert session.query(SkuMatch).count() == 0


def test_save_order_with_commerce_down_saves_and_says_the_next_sync_retries(shop, client):
    sold_out = shop.place_order([("EMPTY-1", 1, "20.00")], status="UNSHIPPED")
    shop.run()
    assert row(shop, sold_out).status == "Error"
    admin = sign_in(client)
    url = f"/admin/stores/{shop.store_id}/orders/{sold_out}"
    shop.commerce_faults(error_rate=1.0)

    answer = admin.post(url, {"line1": "1420 Maple Avenue", "line2": "", "line3": "",
                              "city": "Denver", "state_or_region": "Colorado",
                              "postal_code": "80202", "country_code": "US"})
    assert answer.status_code == 303
    page = unescape(admin.get(url).get_data(as_text=True))
    assert ("You saved the order. Commerce could not be reached to import it now; it will be "
            "retried at the next sync.") in page
    assert row(shop, sold_out).shipping_address["line1"] == "1420 Maple Avenue"
