"""The store page's Check connection button, against the sandboxes over HTTP."""

from __future__ import annotations

import json

from connector.models import Store
from connector.orders import services_for


def use_world_clients(app, world):
    """The page's lifecycle talks to the world's sandboxes on the world's clock."""
    services = services_for(app)
    services.amazon_factory = world.lifecycle.amazon_factory
    services.commerce_factory = world.lifecycle.commerce_factory
    services.clock = world.clock.now


def check(admin, store_id) -> str:
    answer = admin.post(f"/admin/stores/{store_id}/check", form_page=f"/admin/stores/{store_id}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_data(as_text=True)


def test_the_button_shows_every_check_passing(app, admin, world):
    use_world_clients(app, world)
    dashboard = admin.get(f"/admin/stores/{world.store_id}").get_data(as_text=True)
    assert ">Check connection</button>" in dashboard
    page = check(admin, world.store_id)
    assert "Every check passed: Demo US can sync orders." in page
    assert page.count('class="connection-check check-ok"') == 6
    assert "check-failed" not in page


def test_the_button_shows_what_to_fix(app, admin, world):
    use_world_clients(app, world)
    with world.db().session() as session:
        session.get(Store, world.store_id).commerce_credentials = json.dumps(
            {"token": "revoked-token"})
    world.amazon_faults(throttle_rate=1, operations=["searchOrders"])
    page = check(admin, world.store_id)
    assert "5 of 6 checks failed" in page
    assert ("Commerce answered 401: the integration token was revoked or Bearer tokens are not "
            "enabled, see docs/commerce-setup.md") in page
    assert "Amazon is throttling this seller&#39;s calls right now" in page
    assert page.count('class="connection-check check-ok"') == 1  # Amazon sign-in


def test_the_check_needs_the_page_csrf_token(app, admin, world):
    answer = admin.client.post(f"/admin/stores/{world.store_id}/check")
    assert answer.status_code in (400, 403)
    assert "connection-check" not in answer.get_data(as_text=True)


def test_an_unknown_store(admin):
    answer = admin.post("/admin/stores/999/check", form_page="/admin/")
    assert answer.status_code == 404
