"""Add store in the demo: a second store connected to the sandboxes, with Amazon's consent page
and Commerce's Integrations page served by the demo itself."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

from connector.models import StoreWizard
from connector.orders import (
    services_for,
    start_authorization,
    start_wizard,
    wait_for_activation,
)
from tests.demo.test_sandbox_mode import running  # noqa: F401  (fixture)


def test_the_api_adds_a_second_store_connected_to_the_sandboxes(running):  # noqa: F811
    built, http = running
    answer = built.app.test_client().post("/api/v1/stores", headers={
        "Authorization": f"Bearer {built.api_key}"}, json={
        "name": "Second demo store", "region": "NA", "marketplace_ids": ["ATVPDKIKX0DER"],
        "seller_id": "A2DEMO", "lwa_client_id": "sandbox-client",
        "lwa_client_secret": "sandbox-secret", "refresh_token": "Atzr|sandbox",
        "commerce_url": f"{built.base_url}/sandbox/commerce", "commerce_token": "sandbox-token"})
    assert answer.status_code == 201, answer.get_data(as_text=True)


def test_both_handshakes_run_against_the_demo_sandboxes(running):  # noqa: F811
    built, http = running
    services = services_for(built.app)
    wizard = start_wizard(services, "demo-session", "demo", {
        "name": "Second demo store", "region": "NA", "marketplace_ids": ["ATVPDKIKX0DER"]})
    # Amazon: the consent page, Confirm, the callback.
    consent = start_authorization(services, built.app.extensions["connector_spapi_app"],
                                  "demo-session", wizard,
                                  f"{built.base_url}/integrations/amazon/callback")
    page = http.get(consent)
    assert page.status_code == 200 and "Authorize this application?" in page.text
    form = {k: v[0] for k, v in parse_qs(urlparse(consent).query).items()}
    done = http.post(consent.split("?")[0], data={**form, "decision": "authorize"})
    assert done.status_code == 200 and "Amazon authorized" in done.text
    # Commerce: the Integrations page, Activate, the identity link, back to Commerce.
    commerce = f"{built.base_url}/sandbox/commerce"
    wait_for_activation(services, "demo-session", wizard, commerce)
    http.post(f"{commerce}/admin/integrations", data={
        "name": "Amazon Orders", "callback_url": f"{built.base_url}/integrations/commerce/callback",
        "identity_url": f"{built.base_url}/integrations/commerce/identity"})
    active = http.post(f"{commerce}/admin/integrations/1/activate")
    assert "<td class='status'>Active</td>" in active.text, active.text
    with built.app.extensions["connector_db"].session() as session:
        row = session.get(StoreWizard, wizard)
        assert row.amazon_way == "authorized"
        assert set(json.loads(row.commerce_credentials)) == {
            "consumer_key", "consumer_secret", "access_token", "access_token_secret"}
