"""Add store from the admin pages: each step saved only when valid, the store only when every
connection check passes; Amazon's authorization workflow against the Amazon sandbox."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import requests
from sqlalchemy import func, select

from connector.models import Store, StoreWizard
from tests.admin.conftest import sign_in

CALLBACK = "http://localhost/integrations/amazon/callback"
PASTED_AMAZON = {"seller_id": "A1SELLER", "lwa_client_id": "sandbox-client",
                 "lwa_client_secret": "sandbox-secret", "refresh_token": "Atzr|sandbox"}


def stores(world) -> list[Store]:
    with world.db().session() as session:
        return list(session.scalars(select(Store).order_by(Store.id)))


def start(admin, name="Second store") -> str:
    answer = admin.post("/admin/stores/new", {"name": name, "region": "NA",
                                              "marketplace_ids": "ATVPDKIKX0DER"},
                        form_page="/admin/stores/new")
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return answer.headers["Location"].split("/")[3]


def commerce_step(admin, wizard, world, **fields):
    page = f"/admin/connect/{wizard}/commerce"
    return admin.post(page, {"commerce_url": world.commerce_url, "way": "token",
                             "commerce_token": "sandbox-token", **fields}, form_page=page)


def test_pasted_credentials_connect_a_store_like_the_command_line(admin, sandboxes):
    world = sandboxes
    wizard = start(admin)
    page = f"/admin/connect/{wizard}/amazon"
    refused = admin.post(page, {**PASTED_AMAZON, "refresh_token": ""}, form_page=page)
    assert refused.status_code == 400
    assert 'id="error-refresh_token"' in refused.get_data(as_text=True)
    assert admin.post(page, PASTED_AMAZON, form_page=page).status_code == 303
    shown = admin.get(page).get_data(as_text=True)
    assert "Amazon is connected" in shown and "sandbox-secret" not in shown
    assert "Atzr|sandbox" not in shown
    # Commerce: a token and OAuth values at once are refused with the field named.
    mixed = commerce_step(admin, wizard, world, way="oauth", commerce_consumer_key="k")
    assert mixed.status_code == 400 and 'id="error-commerce_token"' in mixed.get_data(
        as_text=True)
    assert commerce_step(admin, wizard, world).status_code == 303
    assert len(stores(world)) == 1  # nothing saved before the check
    check = f"/admin/connect/{wizard}/check"
    done = admin.post(check, form_page=check)
    assert done.status_code == 303, done.get_data(as_text=True)
    new = stores(world)[-1]
    assert (new.name, new.status, new.seller_id, new.refresh_token, new.commerce_url) == (
        "Second store", "Active", "A1SELLER", "Atzr|sandbox", world.commerce_url)
    assert json.loads(new.commerce_credentials) == {"token": "sandbox-token"}
    assert done.headers["Location"] == f"/admin/stores/{new.id}/settings"
    assert "The store is connected and active" in admin.get(done.headers["Location"]).get_data(
        as_text=True)
    with world.db().session() as session:
        assert session.scalar(select(func.count()).select_from(StoreWizard)) == 0


def test_a_failing_check_saves_nothing_and_says_what_failed(admin, sandboxes):
    world = sandboxes
    wizard = start(admin)
    page = f"/admin/connect/{wizard}/amazon"
    admin.post(page, {**PASTED_AMAZON, "refresh_token": "Atzr|not-the-one"}, form_page=page)
    commerce_step(admin, wizard, world, commerce_token="wrong-token")
    check = f"/admin/connect/{wizard}/check"
    failed = admin.post(check, form_page=check)
    text = failed.get_data(as_text=True)
    assert failed.status_code == 400
    assert "Amazon no longer accepts the refresh token" in text
    assert "Commerce answered 401" in text
    assert len(stores(world)) == 1


def test_a_name_in_use_or_a_marketplace_of_another_region_is_refused(admin, sandboxes):
    answer = admin.post("/admin/stores/new", {"name": "Demo US", "region": "EU",
                                              "marketplace_ids": "ATVPDKIKX0DER"},
                        form_page="/admin/stores/new")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "exists already" in text or "is in region NA, not EU" in text
    assert "is in region NA, not EU" in text


def test_another_session_cannot_see_or_finish_a_wizard(app, admin, sandboxes):
    wizard = start(admin)
    other = sign_in(app.test_client(), user="someone-else")
    assert other.get(f"/admin/connect/{wizard}/amazon").status_code == 404


def authorize(admin, wizard) -> str:
    """Authorize with Amazon: the consent URL the page links to."""
    page = f"/admin/connect/{wizard}/amazon"
    answer = admin.post(f"{page}/authorize", form_page=page)
    assert answer.status_code == 200
    return re.search(r'id="open-seller-central" href="([^"]+)"',
                     answer.get_data(as_text=True)).group(1).replace("&amp;", "&")


def consent(world, url: str, decision="authorize") -> requests.Response:
    """The seller on Seller Central (the sandbox): Confirm or Cancel."""
    form = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    return requests.post(f"{world.amazon_url}/apps/authorize/consent",
                         data={**form, "decision": decision}, allow_redirects=False,
                         timeout=10)


def callback(client, location: str):
    query = urlparse(location).query
    return client.get(f"/integrations/amazon/callback?{query}")


def test_authorize_with_amazon_keeps_the_refresh_token_and_seller(admin, client, sandboxes):
    world = sandboxes
    world.http.post(f"{world.amazon_url}/_sandbox/app", json={"redirect_uris": [CALLBACK]})
    wizard = start(admin)
    url = authorize(admin, wizard)
    assert "redirect_uri=" in url and "version=beta" not in url
    went = consent(world, url)
    assert went.status_code == 302 and went.headers["Location"].startswith(CALLBACK)
    answer = callback(client, went.headers["Location"])
    assert answer.status_code == 200, answer.get_data(as_text=True)
    with world.db().session() as session:
        row = session.get(StoreWizard, wizard)
        assert (row.amazon_way, row.seller_id, row.refresh_token) == (
            "authorized", "A1SANDBOXSELLER", "Atzr|sandbox")
    assert len(stores(world)) == 1  # the callback never saves a store
    # The state is good once: the same answer again is refused.
    again = callback(client, went.headers["Location"])
    assert again.status_code == 400
    assert "already used" in again.get_data(as_text=True)
    commerce_step(admin, wizard, world)
    check = f"/admin/connect/{wizard}/check"
    assert admin.post(check, form_page=check).status_code == 303
    assert stores(world)[-1].seller_id == "A1SANDBOXSELLER"


def test_an_expired_code_a_wrong_state_and_a_refusal_say_what_to_do(admin, client, sandboxes):
    world = sandboxes
    world.http.post(f"{world.amazon_url}/_sandbox/app", json={"redirect_uris": [CALLBACK]})
    wizard = start(admin)
    # A state this connector never issued.
    forged = client.get("/integrations/amazon/callback?state=forged&selling_partner_id=A1"
                        "&spapi_oauth_code=ANx")
    assert forged.status_code == 400 and "not started here" in forged.get_data(as_text=True)
    # The code is older than five minutes when it reaches LWA.
    went = consent(world, authorize(admin, wizard))
    world.http.post(f"{world.amazon_url}/_sandbox/authorization-codes/expire")
    expired = callback(client, went.headers["Location"])
    assert expired.status_code == 400
    page = admin.get(f"/admin/connect/{wizard}/amazon").get_data(as_text=True)
    assert "expired or was already used" in page
    # The seller cancels on Seller Central: no redirect, nothing saved.
    canceled = consent(world, authorize(admin, wizard), decision="cancel")
    assert canceled.status_code == 200 and "did not authorize" in canceled.text
    with world.db().session() as session:
        assert session.get(StoreWizard, wizard).amazon_way is None


def test_seller_central_explains_a_draft_app_and_an_unregistered_redirect(admin, sandboxes):
    world = sandboxes
    world.http.post(f"{world.amazon_url}/_sandbox/app",
                    json={"redirect_uris": ["https://elsewhere.example/cb"], "draft": False})
    wizard = start(admin)
    mismatch = requests.get(authorize(admin, wizard), timeout=10)
    assert mismatch.status_code == 400 and "MD5101" in mismatch.text
    world.http.post(f"{world.amazon_url}/_sandbox/app",
                    json={"redirect_uris": [CALLBACK], "draft": True})
    draft = requests.get(authorize(admin, wizard), timeout=10)
    assert draft.status_code == 400 and "MD1000" in draft.text
    assert "MD1000" in admin.get(f"/admin/connect/{wizard}/amazon").get_data(as_text=True)


def test_the_store_page_disconnects_reconnects_and_deletes(admin, sandboxes):
    world = sandboxes
    dashboard = f"/admin/stores/{world.store_id}"
    assert admin.post(f"{dashboard}/disconnect", form_page=dashboard).status_code == 303
    page = admin.get(dashboard).get_data(as_text=True)
    assert "The store is disconnected" in page and ">Activate<" not in page
    with world.db().session() as session:
        assert session.get(Store, world.store_id).refresh_token == ""
    # Reconnect: the wizard's Amazon, Commerce and check steps, for this store.
    went = admin.post(f"{dashboard}/reconnect", form_page=dashboard)
    wizard = went.headers["Location"].split("/")[3]
    page = f"/admin/connect/{wizard}/amazon"
    admin.post(page, PASTED_AMAZON, form_page=page)
    commerce_step(admin, wizard, world)
    check = f"/admin/connect/{wizard}/check"
    assert admin.post(check, form_page=check).status_code == 303
    with world.db().session() as session:
        store = session.get(Store, world.store_id)
        assert (store.status, store.refresh_token) == ("Active", "Atzr|sandbox")
    assert len(stores(world)) == 1
    # Delete says what happens to the data, then removes the store.
    confirm = admin.get(f"{dashboard}/delete").get_data(as_text=True)
    assert "Nothing changes in Amazon or Commerce" in confirm
    gone = admin.post(f"{dashboard}/delete", form_page=f"{dashboard}/delete")
    assert gone.status_code == 303 and stores(world) == []
    assert "is deleted" in admin.get("/admin/").get_data(as_text=True)


def test_no_store_yet_offers_add_store(admin, app):
    page = admin.get("/admin/").get_data(as_text=True)
    assert "No Amazon store is connected yet" in page and 'href="/admin/stores/new"' in page


def test_the_four_oauth_values_pasted_connect_commerce(app, client, live_server):
    """A Commerce that takes the integration's four OAuth 1.0a values (no bearer token)."""
    from tests.e2e.world import make_world

    oauth = {"oauth_consumer_key": "ck-1", "oauth_consumer_secret": "cs-1",
             "oauth_access_token": "at-1", "oauth_access_token_secret": "ats-1"}
    world = make_world(app, live_server, commerce_options={"token": "not-used-here-123",
                                                           **oauth})
    try:
        app.extensions["connector_services"] = world.lifecycle
        app.extensions["connector_amazon_endpoints"] = {
            "amazon_endpoint": world.amazon_url,
            "amazon_lwa_url": f"{world.amazon_url}/auth/o2/token"}
        admin = sign_in(client)
        wizard = start(admin)
        page = f"/admin/connect/{wizard}/amazon"
        admin.post(page, PASTED_AMAZON, form_page=page)
        commerce = f"/admin/connect/{wizard}/commerce"
        saved = admin.post(commerce, {
            "commerce_url": world.commerce_url, "way": "oauth", "commerce_token": "ignored",
            "commerce_consumer_key": "ck-1", "commerce_consumer_secret": "cs-1",
            "commerce_access_token": "at-1", "commerce_access_token_secret": "ats-1"},
            form_page=commerce)
        assert saved.status_code == 303, saved.get_data(as_text=True)
        check = f"/admin/connect/{wizard}/check"
        assert admin.post(check, form_page=check).status_code == 303
        assert json.loads(stores(world)[-1].commerce_credentials) == {
            "consumer_key": "ck-1", "consumer_secret": "cs-1", "access_token": "at-1",
            "access_token_secret": "ats-1"}
    finally:
        world.http.close()
