"""Text rules applied while parsing (``connector.amazon.sanitize``), on both API versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import responses

from connector.amazon import AmazonClient, LwaCredentials
from connector.amazon.errors import InvalidOrderData
from connector.amazon.parse import parse_v0_order, parse_v2026_order
from connector.amazon.sanitize import TEXT_LIMIT, TITLE_LIMIT

DATA = Path(__file__).parent / "data"


def load(name: str):
    return json.loads((DATA / name).read_text())


def test_v2026_text_is_cleaned_cut_and_listed():
    raw = load("v2026_order.json")
    raw["buyer"]["buyerName"] = "Ann\x00 \u202eeeB" + "n" * 100_000
    item = raw["orderItems"][0]["product"]
    item["sellerSku"] = "SKU\u202eTXT.EXE"
    item["title"] = "T" * 10_000
    raw["recipient"]["deliveryAddress"]["addressLine1"] = "1 Main St\r\nFlat 2"
    order = parse_v2026_order(raw)
    assert order.buyer.name.startswith("Ann eeBnnn") and len(order.buyer.name) == TEXT_LIMIT
    assert order.items[0].seller_sku == "SKUTXT.EXE"
    assert len(order.items[0].title) == TITLE_LIMIT
    assert order.shipping_address.line1 == "1 Main St Flat 2"
    assert order.text_changes == (
        "buyer.buyerName: control characters removed",
        f"buyer.buyerName: cut to {TEXT_LIMIT} characters",
        "recipient.deliveryAddress.addressLine1: control characters removed",
        "orderItems[0].product.sellerSku: control characters removed",
        f"orderItems[0].product.title: cut to {TITLE_LIMIT} characters",
    )
    assert parse_v2026_order(load("v2026_order.json")).text_changes == ()


def test_v0_text_is_cleaned_and_a_bad_id_refused():
    raw = load("v0_order.json")
    raw["items"][0]["SellerSKU"] = "\u2066SKU-1\u2069"
    order = parse_v0_order(raw["order"], raw["items"], raw["address"], raw["buyer"])
    assert order.items[0].seller_sku == "SKU-1"
    assert order.text_changes == ("OrderItems[0].SellerSKU: control characters removed",)
    raw["order"]["AmazonOrderId"] = "1"
    with pytest.raises(InvalidOrderData) as refused:
        parse_v0_order(raw["order"], raw["items"], raw["address"], raw["buyer"])
    assert refused.value.field == "AmazonOrderId"


@responses.activate
def test_v0_never_asks_for_the_items_of_a_bad_order_id():
    base = "https://sellingpartnerapi-na.amazon.com"
    responses.add(responses.POST, "https://api.amazon.com/auth/o2/token",
                  json={"access_token": "Atza|x", "expires_in": 3600})
    responses.add(responses.POST, f"{base}/tokens/2021-03-01/restrictedDataToken",
                  json={"restrictedDataToken": "Atz.sprdt|x", "expiresIn": 3600})
    raw = load("v0_order.json")["order"]
    responses.add(responses.GET, f"{base}/orders/v0/orders", json={"payload": {
        "Orders": [{**raw, "AmazonOrderId": "../x"}], "LastUpdatedBefore": raw["LastUpdateDate"]}})
    from datetime import UTC, datetime

    with AmazonClient(LwaCredentials("c", "s", "Atzr|r"), "NA", api="v0",
                      sleep=lambda s: None) as client:
        [page] = list(client.iter_orders_updated(["ATVPDKIKX0DER"],
                                                 datetime(2026, 1, 1, tzinfo=UTC)))
    assert page.orders == [] and page.rejected[0].order_id == "../x"
    assert page.rejected[0].error.field == "AmazonOrderId"
    assert not any("orderItems" in call.request.url for call in responses.calls)
