"""Add store in Chromium, inside the Commerce admin's cross-origin iframe, against both
sandboxes over HTTP: Authorize with Amazon (Seller Central in a window of its own) and
Activate in Commerce (the integration handshake), pasted credentials both sides, and what the
merchant sees when something goes wrong."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from connector.models import Store
from connector.orders import SpApiApp
from connector.sandbox.amazon.consent import APP_ID
from tests.browser.conftest import screenshot
from tests.browser.test_admin_in_iframe import open_admin

pytestmark = pytest.mark.browser


@pytest.fixture
def connector(app, world, live_server):
    """The connector served over HTTP, its SP-API application the Amazon sandbox's, whose
    registered redirect URI is the connector's callback."""
    app.extensions["connector_services"] = world.lifecycle
    app.extensions["connector_spapi_app"] = SpApiApp(
        APP_ID, "sandbox-client", "sandbox-secret", consent_base=world.amazon_url,
        lwa_url=f"{world.amazon_url}/auth/o2/token")
    app.extensions["connector_amazon_endpoints"] = {
        "amazon_endpoint": world.amazon_url,
        "amazon_lwa_url": f"{world.amazon_url}/auth/o2/token"}
    live = live_server(app)
    world.http.post(f"{world.amazon_url}/_sandbox/app", json={
        "redirect_uris": [f"{live.url}/integrations/amazon/callback"]})
    return live


def saved_stores(world) -> list[Store]:
    with world.db().session() as session:
        return list(session.scalars(select(Store).order_by(Store.id)))


def first_step(frame, name="Second store"):
    frame.get_by_role("link", name="Add store").first.click()
    frame.get_by_role("heading", name="Add store").wait_for()
    frame.locator("#name").fill(name)
    frame.locator("#region").select_option("NA")
    frame.locator("#marketplace_ids").select_option(["ATVPDKIKX0DER"])
    frame.get_by_role("button", name="Next: Amazon").click()
    frame.get_by_role("heading", name="Connect Amazon").wait_for()


def paste_amazon_credentials(frame, refresh_token: str) -> None:
    """The Amazon step with private-app credentials pasted, on to the Commerce step."""
    frame.locator("#seller_id").fill("A1SELLER")
    frame.locator("#lwa_client_id").fill("sandbox-client")
    frame.locator("#lwa_client_secret").fill("sandbox-secret")
    frame.locator("#refresh_token").fill(refresh_token)
    frame.get_by_role("button", name="Save Amazon credentials").click()
    frame.get_by_role("heading", name="Connect Commerce").wait_for()


def seller_central(page, frame):
    """Authorize with Amazon, then the Seller Central window it opens."""
    if frame.get_by_role("link", name="Open Seller Central").count():
        frame.get_by_role("link", name="Continue").click()  # back to the Amazon step
    frame.get_by_role("button", name="Authorize with Amazon").click()
    with page.expect_popup() as opened:
        frame.get_by_role("link", name="Open Seller Central").click()
    window = opened.value
    window.wait_for_load_state()
    return window


def activate_in_commerce(page, world, live, commerce_url):
    """The merchant's other tab: Commerce's Integrations page, Add, Activate."""
    commerce = page.context.new_page()
    commerce.goto(f"{world.commerce_url}/admin/integrations")
    if commerce.locator("td.status").count() == 0:
        commerce.locator("input[name=callback_url]").fill(
            f"{live.url}/integrations/commerce/callback")
        commerce.locator("input[name=identity_url]").fill(
            f"{live.url}/integrations/commerce/identity")
        commerce.get_by_role("button", name="Save").click()
    commerce.get_by_role("button", name="Activate").or_(
        commerce.get_by_role("button", name="Reauthorize")).first.click()
    commerce.wait_for_load_state()
    return commerce


def test_a_merchant_connects_a_second_store_by_authorizing_both_sides(page, host, world,
                                                                      connector):
    frame = open_admin(page, host, connector)
    frame.get_by_role("heading", name="Amazon Stores").wait_for()
    first_step(frame)
    screenshot(page, "connect-01-amazon-step")

    window = seller_central(page, frame)
    assert "Authorize this application?" in window.content()
    window.get_by_role("button", name="Confirm").click()
    window.get_by_role("heading", name="Amazon authorized").wait_for()
    window.close()
    frame.get_by_role("link", name="Continue").click()
    frame.locator("#amazon-connected").wait_for()
    assert "seller A1SANDBOXSELLER" in frame.locator("#amazon-connected").inner_text()
    frame.get_by_role("link", name="Next: Commerce").click()

    frame.locator("#activation_commerce_url").fill(world.commerce_url)
    frame.get_by_role("button", name="Activate in Commerce").click()
    frame.locator("#commerce-waiting").wait_for()
    screenshot(page, "connect-02-commerce-step")
    commerce = activate_in_commerce(page, world, connector, world.commerce_url)
    assert commerce.locator("td.status").inner_text() == "Active"
    commerce.close()
    frame.get_by_role("link", name="Continue").click()
    frame.locator("#commerce-connected").wait_for()
    assert len(saved_stores(world)) == 1  # nothing saved before the check
    frame.get_by_role("link", name="Next: Check connection").click()
    frame.get_by_role("button", name="Check connection and save").click()
    frame.get_by_role("heading", name="Order settings").wait_for()
    assert "The store is connected and active" in frame.locator(".message").first.inner_text()
    screenshot(page, "connect-03-saved")
    store = saved_stores(world)[-1]
    assert (store.name, store.status, store.seller_id) == ("Second store", "Active",
                                                           "A1SANDBOXSELLER")
    # The secrets are never shown again: not on the store page either.
    frame.get_by_role("link", name="Second store").click()
    frame.locator("#connection").wait_for()
    assert "sandbox-secret" not in frame.locator("body").inner_html()


def test_pasted_credentials_and_a_failed_check(page, host, world, connector):
    frame = open_admin(page, host, connector)
    first_step(frame, "Pasted store")
    paste_amazon_credentials(frame, "Atzr|not-the-right-one")
    frame.locator("#commerce_url").fill(world.commerce_url)
    frame.locator("#commerce_token").fill("sandbox-token")
    frame.get_by_role("button", name="Save Commerce credentials").click()
    frame.get_by_role("button", name="Check connection and save").click()
    frame.locator(".connection-check.check-failed").first.wait_for()
    assert "Amazon no longer accepts the refresh token" in frame.locator(
        ".connection-checks").inner_text()
    screenshot(page, "connect-04-check-failed")
    assert len(saved_stores(world)) == 1
    # Fix the Amazon step and check again.
    frame.locator(".connection-check.check-failed").first.get_by_role("link",
                                                                       name="Change").click()
    paste_amazon_credentials(frame, "Atzr|sandbox")
    frame.get_by_role("link", name="Next: Check connection").click()
    frame.get_by_role("button", name="Check connection and save").click()
    frame.get_by_role("heading", name="Order settings").wait_for()
    assert saved_stores(world)[-1].name == "Pasted store"


def test_what_the_merchant_sees_when_authorization_fails(page, host, world, connector):
    frame = open_admin(page, host, connector)
    first_step(frame)
    # The seller cancels on Seller Central.
    window = seller_central(page, frame)
    window.get_by_role("button", name="Cancel").click()
    window.locator("#canceled").wait_for()
    window.close()
    # The code expires before it reaches LWA.
    world.http.post(f"{world.amazon_url}/_sandbox/app", json={"code_lifetime": -1})
    window = seller_central(page, frame)
    window.get_by_role("button", name="Confirm").click()
    window.get_by_role("heading", name="Amazon did not authorize").wait_for()
    assert "good for five minutes, once" in window.locator("#outcome").inner_text()
    # The same answer again: the state was used.
    window.reload()
    assert "already used" in window.locator("#outcome").inner_text()
    window.close()
    frame.get_by_role("link", name="Continue").click()
    assert "expired or was already used" in frame.locator("#amazon-problem").inner_text()
    screenshot(page, "connect-05-amazon-failed")
    # A redirect URI the application does not have: Seller Central says MD5101.
    world.http.post(f"{world.amazon_url}/_sandbox/app",
                    json={"redirect_uris": ["https://elsewhere.example/callback"]})
    window = seller_central(page, frame)
    assert "MD5101" in window.locator("#error-code").inner_text()
    window.close()
    assert not frame.locator("#amazon-connected").count()
    assert len(saved_stores(world)) == 1


def test_what_the_merchant_sees_when_activation_fails(page, host, world, connector):
    frame = open_admin(page, host, connector)
    first_step(frame)
    paste_amazon_credentials(frame, "Atzr|sandbox")
    # No wizard waits yet: Commerce's post is refused and Commerce says so.
    commerce = activate_in_commerce(page, world, connector, world.commerce_url)
    assert "Activation failed: the callback answered 403" in commerce.content()
    # Waiting for another Commerce: the post from this one is refused too.
    frame.locator("#activation_commerce_url").fill("https://other-shop.example")
    frame.get_by_role("button", name="Activate in Commerce").click()
    frame.locator("#commerce-waiting").wait_for()
    commerce.goto(f"{world.commerce_url}/admin/integrations")
    commerce.get_by_role("button", name="Activate").click()
    assert "the callback answered 403" in commerce.content()
    # The consumer key expires before the exchange.
    frame.locator("#activation_commerce_url").fill(world.commerce_url)
    frame.get_by_role("button", name="Activate in Commerce").click()
    world.http.post(f"{world.commerce_url}/_sandbox/integrations/settings",
                    json={"consumer_expiry": 0})
    commerce.goto(f"{world.commerce_url}/admin/integrations")
    commerce.get_by_role("button", name="Activate").click()
    assert "expired" in commerce.content()
    frame.get_by_role("link", name="Continue").click()
    assert "Reauthorize (or Activate)" in frame.locator("#commerce-problem").inner_text()
    screenshot(page, "connect-06-consumer-key-expired")
    # A signature Commerce refuses.
    world.http.post(f"{world.commerce_url}/_sandbox/integrations/settings",
                    json={"consumer_expiry": 300, "post_wrong_secret": True})
    commerce.goto(f"{world.commerce_url}/admin/integrations")
    commerce.get_by_role("button", name="Activate").click()
    assert "Invalid signature" in commerce.content()
    frame.get_by_role("link", name="Continue").click()
    assert "Invalid signature" in frame.locator("#commerce-problem").inner_text()
    assert not frame.locator("#commerce-connected").count()
    assert len(saved_stores(world)) == 1
