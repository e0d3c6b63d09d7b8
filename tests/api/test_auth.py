"""Every API endpoint needs a key; a missing or wrong one is a 401 with a Bearer challenge."""

import pytest

from connector.web.api.auth import key_matches
from tests.api.conftest import KEY, OTHER_KEY, conform

ENDPOINTS = [
    ("GET", "/api/v1/stores", "/api/v1/stores"),
    ("GET", "/api/v1/stores/1", "/api/v1/stores/{store_id}"),
    ("GET", "/api/v1/stores/1/orders", "/api/v1/stores/{store_id}/orders"),
    ("GET", "/api/v1/stores/1/orders/113-0000001-0000001",
     "/api/v1/stores/{store_id}/orders/{amazon_order_id}"),
    ("GET", "/api/v1/system-messages", "/api/v1/system-messages"),
    ("POST", "/api/v1/stores/1/resync", "/api/v1/stores/{store_id}/resync"),
    ("POST", "/api/v1/stores/1/orders/113-0000001-0000001/cancellation",
     "/api/v1/stores/{store_id}/orders/{amazon_order_id}/cancellation"),
    ("GET", "/api/v1/stores/1/orders/113-0000001-0000001/cancellation",
     "/api/v1/stores/{store_id}/orders/{amazon_order_id}/cancellation"),
    ("GET", "/api/v1/resyncs/0b7c", "/api/v1/resyncs/{resync_id}"),
]


BAD_HEADERS = [None, "Bearer wrong-key", f"Basic {KEY}", "Bearer ", f"Bearer {KEY[:-1]}"]


def test_every_endpoint_refuses_a_missing_or_wrong_key(client, spec):
    for method, url, template in ENDPOINTS:
        for header in BAD_HEADERS:
            headers = {"Authorization": header} if header is not None else {}
            response = client.open(url, method=method, headers=headers,
                                   json={"amazon_order_ids": ["113-0000001-0000001"]})
            assert response.status_code == 401, (url, header)
            assert response.headers["WWW-Authenticate"].startswith("Bearer "), (url, header)
            body = conform(spec, response, template, method)
            assert body["code"] == 401 and body["message"]


def test_a_wrong_key_is_named_as_such_in_the_challenge(client):
    response = client.get("/api/v1/stores", headers={"Authorization": "Bearer nope"})
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    assert response.get_json()["message"] == "The API key is not valid."


@pytest.mark.parametrize("key", [KEY, OTHER_KEY])
def test_every_configured_key_is_accepted(client, key):
    response = client.get("/api/v1/stores", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


def test_the_scheme_is_case_insensitive(client):
    response = client.get("/api/v1/stores", headers={"Authorization": f"bearer {KEY}"})
    assert response.status_code == 200


def test_without_configured_keys_nothing_gets_in(app_config):
    from connector import create_app, db

    app = create_app({**app_config, "api_keys": ""})
    db.upgrade(app_config["database_url"])
    response = app.test_client().get("/api/v1/stores", headers={"Authorization": "Bearer x"})
    assert response.status_code == 401
    assert "CONNECTOR_API_KEYS" in response.get_json()["message"]
    app.extensions["connector_db"].dispose()


def test_the_openapi_document_and_health_need_no_key(client):
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/health").status_code == 200
    assert client.get("/health/ready").status_code == 200


def test_key_comparison_accepts_only_whole_keys():
    assert key_matches("abc", ("zzz", "abc"))
    assert not key_matches("ab", ("abc",))
    assert not key_matches("abcd", ("abc",))
    assert not key_matches("", ("abc",))
