"""Connecting stores: the admin pages' wizard and the API, against both sandboxes over HTTP."""

from __future__ import annotations

import pytest

from connector.orders import SpApiApp
from connector.sandbox.amazon.consent import APP_ID
from tests.admin.conftest import SECRET, sign_in

COMMERCE_ADMIN = "https://shop-admin.example.com"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "admin_jwt_secret": SECRET, "commerce_admin_origins": COMMERCE_ADMIN,
            "api_keys": "onboarding-test-key-0123456789"}


@pytest.fixture
def sandboxes(app, world):
    """The world's sandboxes and clock; the connector's SP-API application is the Amazon
    sandbox's, and stores added here talk to the sandbox."""
    app.extensions["connector_services"] = world.lifecycle
    app.extensions["connector_spapi_app"] = SpApiApp(
        APP_ID, "sandbox-client", "sandbox-secret",
        consent_base=world.amazon_url, lwa_url=f"{world.amazon_url}/auth/o2/token")
    app.extensions["connector_amazon_endpoints"] = {
        "amazon_endpoint": world.amazon_url,
        "amazon_lwa_url": f"{world.amazon_url}/auth/o2/token"}
    return world


@pytest.fixture
def admin(client):
    return sign_in(client)
