"""Commerce's integration activation against the Commerce sandbox: Activate posts the consumer
credentials to the connector's callback, the identity link exchanges them for an access token
(OAuth 1.0a), and the wizard's Commerce step is done; each documented failure says what to do."""

from __future__ import annotations

import json

import requests

from connector.models import Store, StoreWizard
from tests.onboarding.test_wizard import PASTED_AMAZON, start, stores


def waiting_wizard(admin, world) -> str:
    wizard = start(admin)
    page = f"/admin/connect/{wizard}/amazon"
    admin.post(page, PASTED_AMAZON, form_page=page)
    commerce = f"/admin/connect/{wizard}/commerce"
    answer = admin.post(f"{commerce}/activation", {"commerce_url": world.commerce_url},
                        form_page=commerce)
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return wizard


def add_integration(world, connector) -> None:
    r = requests.post(f"{world.commerce_url}/admin/integrations", data={
        "name": "Amazon Orders", "callback_url": f"{connector.url}/integrations/commerce/callback",
        "identity_url": f"{connector.url}/integrations/commerce/identity"}, timeout=10)
    assert r.ok, r.text


def activate(world) -> requests.Response:
    """The merchant clicks Activate in Commerce; the browser follows the identity link."""
    return requests.post(f"{world.commerce_url}/admin/integrations/1/activate", timeout=20)


def test_activate_in_commerce_connects_the_wizard(admin, app, sandboxes, live_server):
    world = sandboxes
    connector = live_server(app)
    wizard = waiting_wizard(admin, world)
    assert "Waiting for Commerce" in admin.get(f"/admin/connect/{wizard}/commerce").get_data(
        as_text=True)
    add_integration(world, connector)
    done = activate(world)
    assert done.status_code == 200 and "<td class='status'>Active</td>" in done.text
    with world.db().session() as session:
        credentials = json.loads(session.get(StoreWizard, wizard).commerce_credentials)
    assert set(credentials) == {"consumer_key", "consumer_secret", "access_token",
                                "access_token_secret"}
    assert len(stores(world)) == 1  # Commerce's calls never save a store
    check = f"/admin/connect/{wizard}/check"
    assert admin.post(check, form_page=check).status_code == 303
    with world.db().session() as session:
        saved = session.get(Store, stores(world)[-1].id)
        assert json.loads(saved.commerce_credentials) == credentials


def test_an_expired_consumer_key_says_how_to_activate_again(admin, app, sandboxes,
                                                            live_server):
    world = sandboxes
    connector = live_server(app)
    wizard = waiting_wizard(admin, world)
    add_integration(world, connector)

    # The key expires before the connector exchanges it.
    world.http.post(f"{world.commerce_url}/_sandbox/integrations/settings",
                    json={"consumer_expiry": 0})
    failed = activate(world)
    assert failed.status_code == 400 and "expired" in failed.text
    page = admin.get(f"/admin/connect/{wizard}/commerce").get_data(as_text=True)
    assert "Reauthorize (or Activate) on the integration again" in page
    # Activating again works: the wizard waits again.
    world.http.post(f"{world.commerce_url}/_sandbox/integrations/settings",
                    json={"consumer_expiry": 300})
    assert "<td class='status'>Active</td>" in activate(world).text


def test_a_bad_signature_is_refused_and_shown(admin, app, sandboxes, live_server):
    world = sandboxes
    connector = live_server(app)
    wizard = waiting_wizard(admin, world)
    add_integration(world, connector)
    world.http.post(f"{world.commerce_url}/_sandbox/integrations/settings",
                    json={"post_wrong_secret": True})
    failed = activate(world)
    assert failed.status_code == 400 and "Invalid signature" in failed.text
    with world.db().session() as session:
        assert session.get(StoreWizard, wizard).commerce_credentials is None


def test_a_callback_for_no_waiting_wizard_or_from_another_commerce_is_refused(
        admin, client, sandboxes):
    world = sandboxes
    post = {"oauth_consumer_key": "k" * 32, "oauth_consumer_secret": "s" * 32,
            "oauth_verifier": "v" * 32}
    nobody = client.post("/integrations/commerce/callback",
                         data={**post, "store_base_url": f"{world.commerce_url}/"})
    assert nobody.status_code == 403 and "No store being connected" in nobody.json["message"]
    wizard = waiting_wizard(admin, world)
    other = client.post("/integrations/commerce/callback",
                        data={**post, "store_base_url": "https://elsewhere.example/"})
    assert other.status_code == 403
    with world.db().session() as session:
        row = session.get(StoreWizard, wizard)
        assert row.commerce_handshake is None and row.commerce_waiting_until is not None
    # Missing or oversized values are refused before anything is looked up.
    for bad in ({**post}, {**post, "store_base_url": world.commerce_url,
                           "oauth_consumer_secret": "s" * 5000}):
        assert client.post("/integrations/commerce/callback", data=bad).status_code == 403
    # An identity link for a consumer key never posted leads nowhere.
    stray = client.get("/integrations/commerce/identity?oauth_consumer_key=nope&"
                       "success_call_back=https://elsewhere.example/")
    assert stray.status_code == 400 and "Location" not in stray.headers


def test_no_credential_of_either_handshake_reaches_a_log(admin, app, client, sandboxes,
                                                         live_server, caplog):
    """The suite's log scan knows the fixed sandbox secrets; the handshakes' secrets are
    made on the fly, so this test looks for those it was given."""
    import logging

    from tests.onboarding.test_wizard import CALLBACK, authorize, callback, consent

    caplog.set_level(logging.DEBUG)
    world = sandboxes
    connector = live_server(app)
    wizard = waiting_wizard(admin, world)
    add_integration(world, connector)
    assert "Active" in activate(world).text
    world.http.post(f"{world.amazon_url}/_sandbox/app", json={"redirect_uris": [CALLBACK]})
    went = consent(world, authorize(admin, wizard))
    assert callback(client, went.headers["Location"]).status_code == 200
    with world.db().session() as session:
        row = session.get(StoreWizard, wizard)
        secrets = [*json.loads(row.commerce_credentials).values(), row.refresh_token,
                   row.lwa_client_secret]
    secrets.remove(json.loads(row.commerce_credentials)["consumer_key"])  # in Commerce's link
    lines = [r.getMessage() for r in caplog.records if not r.name.startswith("sqlalchemy")]
    assert lines, "nothing was logged: the scan would prove nothing"
    assert not [(s, line[:300]) for s in secrets for line in lines if s in line]
