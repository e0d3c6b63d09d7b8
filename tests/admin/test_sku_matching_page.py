"""SKU matching that cannot strand an order: the catalogue picker, refusals at save, and
matches that can be changed or removed, against the real Commerce sandbox."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import select

from connector.models import AmazonOrder, SkuMatch
from tests.admin.conftest import sign_in


@pytest.fixture
def shop(app, world):
    app.extensions["connector_services"] = world.lifecycle
    world.seed_products({"sku": "LAMP-CFG", "name": "Lamp (choose a colour)", "price": 30,
                         "type_id": "configurable"})
    return world


def status_of(world, order_id) -> str:
    with world.db().session() as session:
        return session.scalar(select(AmazonOrder.status).where(
            AmazonOrder.amazon_order_id == order_id))


def text(answer) -> str:
    return unescape(answer.get_data(as_text=True))


def blocked_order(shop):
    order_id = shop.place_order([("AMZ-ONLY-SKU", 1, "9.99")], status="UNSHIPPED")
    assert shop.run().imports == {"blocked": 1}
    return order_id


@pytest.mark.parametrize("commerce_sku, refusal", [
    ("OFF-1", 'The Commerce product "OFF-1" is disabled'),
    ("LAMP-CFG", 'is a configurable product, which an order cannot carry as such'),
    ("NOPE-1", 'Commerce has no product with SKU "NOPE-1".'),
])
def test_a_match_that_would_strand_the_order_is_refused_with_a_field_error(
        shop, client, commerce_sku, refusal):
    order_id = blocked_order(shop)
    admin = sign_in(client)
    url = f"/admin/stores/{shop.store_id}/sku-matching"
    answer = admin.post(url, {"amazon_sku": "AMZ-ONLY-SKU", "commerce_sku": commerce_sku})
    assert answer.status_code == 400
    assert refusal in text(answer)
    with shop.db().session() as session:
        assert session.query(SkuMatch).count() == 0
    assert status_of(shop, order_id) == "Error"


def test_the_catalogue_picker_finds_products_by_sku_or_name_a_page_at_a_time(shop, client):
    blocked_order(shop)
    admin = sign_in(client)
    base = f"/admin/stores/{shop.store_id}/sku-matching"
    page = text(admin.get(f"{base}?pick=AMZ-ONLY-SKU&q=kett"))
    assert "1 product found" in page and "KETTLE-1" in page and "MUG-1" not in page
    by_name = text(admin.get(f"{base}/catalogue?pick=AMZ-ONLY-SKU&q=old%20lamp"))
    assert "OFF-1" in by_name and "Disabled" in by_name  # shown, but cannot be assigned
    assert 'aria-label="Assign OFF-1' not in by_name
    everything = text(admin.get(f"{base}/catalogue?pick=AMZ-ONLY-SKU"))
    assert "5 products found" in everything
    # The salable quantity is the one on the store's stock.
    assert '<td class="sku"><bdi>EMPTY-1</bdi></td>' in everything
    past_the_end = text(admin.get(f"{base}/catalogue?pick=AMZ-ONLY-SKU&page=9"))
    assert "No Commerce product matches" in past_the_end


def test_a_match_can_be_changed_and_removed_and_the_orders_follow_at_once(shop, client):
    order_id = blocked_order(shop)
    admin = sign_in(client)
    url = f"/admin/stores/{shop.store_id}/sku-matching"
    assert admin.post(url, {"amazon_sku": "AMZ-ONLY-SKU", "commerce_sku": "EMPTY-1"}
                      ).status_code == 303
    assert status_of(shop, order_id) == "Error"  # matched to a product out of stock
    page = text(admin.get(url))
    assert 'aria-label="Commerce SKU matched to AMZ-ONLY-SKU" value="EMPTY-1"' in page
    assert 'aria-label="Remove the match of AMZ-ONLY-SKU"' in page
    # Removing it: the order is looked at again, blocked on its own SKU again.
    assert admin.post(f"{url}/remove", {"amazon_sku": "AMZ-ONLY-SKU"},
                      form_page=url).status_code == 303
    with shop.db().session() as session:
        assert session.query(SkuMatch).count() == 0
        row = session.scalar(select(AmazonOrder).where(
            AmazonOrder.amazon_order_id == order_id))
        assert row.blocked_reason == "not_in_catalog"
    # Matching again to an available product imports it at once.
    admin.post(url, {"amazon_sku": "AMZ-ONLY-SKU", "commerce_sku": "MUG-1"})
    assert status_of(shop, order_id) == "Unshipped"
    assert shop.commerce_order_for(order_id)["items"][0]["sku"] == "MUG-1"


def test_the_error_orders_page_links_to_matching_its_sku(shop, client):
    order_id = blocked_order(shop)
    admin = sign_in(client)
    page = text(admin.get(f"/admin/stores/{shop.store_id}/orders/{order_id}"))
    assert (f'href="/admin/stores/{shop.store_id}/sku-matching?pick=AMZ-ONLY-SKU#catalogue"'
            in page)


def test_commerce_away_after_the_check_saves_the_match_and_says_the_sync_retries(shop,
                                                                                client):
    order_id = blocked_order(shop)
    admin = sign_in(client)
    url = f"/admin/stores/{shop.store_id}/sku-matching"
    made = {"n": 0}
    factory = shop.lifecycle.commerce_factory

    def away_after_the_check(store, pool_size=1):
        made["n"] += 1
        if made["n"] == 2:  # the retry's client: Commerce answers 503 from now on
            shop.commerce_faults(error_rate=1.0)
        return factory(store, pool_size=pool_size)

    shop.lifecycle.commerce_factory = away_after_the_check
    answer = admin.post(url, {"amazon_sku": "AMZ-ONLY-SKU", "commerce_sku": "MUG-1"})
    assert answer.status_code == 303
    page = text(admin.get(url))
    assert ('Matched Amazon SKU "AMZ-ONLY-SKU" to Commerce SKU "MUG-1". Commerce could not be '
            "reached to import it now; it will be retried at the next sync.") in page
    assert status_of(shop, order_id) == "Error"
    # Commerce away before the check: nothing saved, and the page says why.
    refused = admin.post(url, {"amazon_sku": "AMZ-ONLY-SKU", "commerce_sku": "KETTLE-1"})
    assert refused.status_code == 200
    assert "Commerce could not be reached to check the SKU" in text(refused)
    assert "Nothing was saved" in text(refused)
