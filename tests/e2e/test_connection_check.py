"""Check connection: what a merchant learns about the credentials and settings just entered,
asked of the Amazon and Commerce sandboxes over HTTP, with each failure injected."""

from __future__ import annotations

import json
import socket

import pytest

from connector.models import OrderSettings, Store
from connector.orders import check_connection, find_store, reading, stores_by_id
from tests.e2e.world import make_world

NAMES = ["Amazon sign-in", "Amazon marketplace ATVPDKIKX0DER", "Commerce sign-in",
         "Commerce store view", "Payment method", "Shipping method"]


def unsaved_store(world, settings: dict | None = None, **changes) -> Store:
    """A store as a wizard holds it before saving: never added to a session."""
    fields = dict(name="New store", region="NA", marketplace_ids=["ATVPDKIKX0DER"],
                  seller_id="A1SELLER", lwa_client_id="sandbox-client",
                  lwa_client_secret="sandbox-secret", refresh_token="Atzr|sandbox",
                  amazon_api="v2026", amazon_endpoint=world.amazon_url,
                  amazon_lwa_url=f"{world.amazon_url}/auth/o2/token",
                  commerce_url=world.commerce_url, commerce_store_code="default",
                  commerce_credentials=json.dumps({"token": "sandbox-token"}))
    fields.update(changes)
    store = Store(**fields)
    if settings is not None:
        store.settings = OrderSettings(**settings)
    return store


def checks_of(world, store) -> dict[str, tuple[bool, str]]:
    found = check_connection(world.lifecycle, store)
    return {c.name: (c.ok, c.message) for c in found}


def failed(results) -> dict[str, str]:
    return {name: message for name, (ok, message) in results.items() if not ok}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_every_check_passes_for_good_credentials_on_an_unsaved_store(world):
    before = world.amazon_calls()["calls"]
    results = checks_of(world, unsaved_store(world))
    assert list(results) == NAMES
    assert failed(results) == {}
    with reading(world.lifecycle) as session:
        assert [s.name for s in stores_by_id(session)] == ["Demo US"]  # nothing saved
    calls = world.amazon_calls()["calls"]
    assert calls.get("searchOrders", 0) - before.get("searchOrders", 0) == 1
    assert world.commerce_orders() == []


def test_a_saved_store_is_checked_with_its_order_settings(world):
    with reading(world.lifecycle) as session:
        store = find_store(session, world.store_id)
        store.settings.payment_method_code = "banktransfer"  # not saved: read only here
        results = checks_of(world, store)
        session.rollback()
    assert list(failed(results)) == ["Payment method"]
    assert "banktransfer" in results["Payment method"][1]
    assert "Stores > Configuration > Sales > Payment Methods" in results["Payment method"][1]


def test_one_marketplace_probe_per_marketplace(world):
    store = unsaved_store(world, marketplace_ids=["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"])
    before = world.amazon_calls()["calls"].get("searchOrders", 0)
    results = checks_of(world, store)
    assert "Amazon marketplace A2EUQ1WTGCTBG2" in results and failed(results) == {}
    assert world.amazon_calls()["calls"]["searchOrders"] - before == 2


def test_a_marketplace_the_seller_does_not_sell_in(world):
    world.http.post(f"{world.amazon_url}/_sandbox/seller", json={"marketplaces": [
        "ATVPDKIKX0DER"]}).raise_for_status()
    store = unsaved_store(world, marketplace_ids=["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"])
    results = checks_of(world, store)
    assert failed(results) == {"Amazon marketplace A2EUQ1WTGCTBG2": (
        "Amazon refused this seller's orders in A2EUQ1WTGCTBG2 (403): the seller does not "
        "sell there, or the app was not granted the Orders roles; check the marketplace id "
        "and the app's roles in Seller Central.")}


@pytest.mark.parametrize("changes, check, words", [
    ({"refresh_token": "Atzr|revoked"}, "Amazon sign-in",
     "no longer accepts the refresh token (invalid_grant): authorise the app again"),
    ({"lwa_client_secret": "wrong"}, "Amazon sign-in",
     "copy the LWA client id and secret again"),
    ({"commerce_credentials": json.dumps({"token": "revoked"})}, "Commerce sign-in",
     "Commerce answered 401: the integration token was revoked or Bearer tokens are not "
     "enabled, see docs/commerce-setup.md; if the token is right, give the integration "
     "access to Magento_Backend::store"),
    ({"commerce_credentials": json.dumps({})}, "Commerce sign-in",
     "The Commerce credentials are incomplete"),
], ids=["invalid_grant", "invalid_client", "commerce-401", "commerce-no-token"])
def test_wrong_credentials_say_what_to_fix(world, changes, check, words):
    results = checks_of(world, unsaved_store(world, **changes))
    assert words in results[check][1]
    assert not results[check][0]
    # what depends on a failed sign-in is reported as not checked, never as passed
    side = check.split()[0]
    dependent = {n for n in NAMES if n.startswith(side) and n != check} | (
        {"Commerce store view", "Payment method", "Shipping method"} if side == "Commerce"
        else set())
    assert set(failed(results)) == {check} | dependent
    assert all("must work first" in failed(results)[n] for n in dependent)


def test_amazon_unreachable(world):
    results = checks_of(world, unsaved_store(
        world, amazon_lwa_url=f"http://127.0.0.1:{closed_port()}/auth/o2/token"))
    ok, message = results["Amazon sign-in"]
    assert not ok and message.startswith("Amazon could not be reached")
    assert results["Commerce sign-in"][0]


def test_commerce_unreachable(world):
    url = f"http://127.0.0.1:{closed_port()}"
    results = checks_of(world, unsaved_store(world, commerce_url=url))
    ok, message = results["Commerce sign-in"]
    assert not ok and message.startswith(f"Commerce could not be reached at {url}")
    assert results["Amazon sign-in"][0]


def test_commerce_url_of_something_else(world):
    url = f"{world.commerce_url}/shop"
    ok, message = checks_of(world, unsaved_store(world, commerce_url=url))["Commerce sign-in"]
    assert not ok and "404" in message and "without /rest" in message


@pytest.mark.parametrize("faults, words", [
    ({"throttle_rate": 1, "operations": ["searchOrders"]}, "throttling"),
    ({"error_rate": 1, "operations": ["searchOrders"]}, "problem on its side"),
], ids=["throttled", "server-error"])
def test_amazon_trouble_on_the_orders_call(world, faults, words):
    world.amazon_faults(**faults)
    results = checks_of(world, unsaved_store(world))
    assert list(failed(results)) == ["Amazon marketplace ATVPDKIKX0DER"]
    assert words in results["Amazon marketplace ATVPDKIKX0DER"][1]


@pytest.mark.parametrize("settings, check, words", [
    ({"store_view_code": "wholesale"}, "Commerce store view",
     'Commerce has no store view "wholesale": choose one of default in the Order settings'),
    ({"payment_method_code": "banktransfer"}, "Payment method",
     '"banktransfer" is not an active method in Commerce: enable it under Stores > '
     "Configuration > Sales > Payment Methods, or choose one of amazon_channel, checkmo, free"),
    ({"shipping_method_code": "ups_GND"}, "Shipping method",
     '"ups_GND" is not an active method in Commerce: enable it under Stores > Configuration > '
     "Sales > Delivery Methods"),
], ids=["store-view", "payment", "shipping"])
def test_order_settings_commerce_does_not_have(world, settings, check, words):
    results = checks_of(world, unsaved_store(world, settings=settings))
    assert list(failed(results)) == [check]
    assert words in results[check][1]


def test_methods_checked_against_what_the_commerce_instance_has(app, live_server):
    world = make_world(app, live_server, commerce_options={
        "payment_methods": ["amazon_channel"], "shipping_methods": ["ups_GND"]})
    results = checks_of(world, unsaved_store(world, settings={
        "payment_method_code": "amazon_channel", "shipping_method_code": "flatrate_flatrate"}))
    assert list(failed(results)) == ["Shipping method"]
    assert "choose one of ups_GND" in results["Shipping method"][1]


def test_integration_without_the_module_resource(app, live_server):
    world = make_world(app, live_server, commerce_options={
        "denied_resources": ("AmazonOrders_Bridge::reservations",)})
    results = checks_of(world, unsaved_store(world))
    assert list(failed(results)) == ["Payment method", "Shipping method"]
    assert "give the integration the Amazon Orders resource" in results["Payment method"][1]


def test_integration_without_the_store_resource(app, live_server):
    world = make_world(app, live_server, commerce_options={
        "denied_resources": ("Magento_Backend::store",)})
    ok, message = checks_of(world, unsaved_store(world))["Commerce sign-in"]
    assert not ok and "give the integration access to Magento_Backend::store" in message
