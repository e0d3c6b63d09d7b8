"""The integrator API under test: an app with two API keys, a client that sends one, and every
answer checked against the OpenAPI document the app serves."""

from __future__ import annotations

import time

import pytest
from openapi_schema_validator import OAS30Validator

KEY = "key-one-0123456789"
OTHER_KEY = "key-two-9876543210"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "api_keys": f"{KEY},{OTHER_KEY}"}


@pytest.fixture
def spec(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def documented_schema(spec: dict, path: str, method: str, status: int) -> dict:
    """The JSON schema the document gives for this answer (response refs resolved)."""
    operation = spec["paths"][path][method.lower()]
    answer = operation["responses"].get(str(status))
    assert answer is not None, f"{method} {path} does not document a {status} answer"
    if "$ref" in answer:
        answer = spec["components"]["responses"][answer["$ref"].rsplit("/", 1)[1]]
    return answer["content"]["application/json"]["schema"]


def conform(spec: dict, response, path: str, method: str = "GET") -> dict:
    """The answer's JSON, after checking it against the document (raises if it differs)."""
    schema = {**documented_schema(spec, path, method, response.status_code),
              "components": spec["components"]}
    body = response.get_json()
    OAS30Validator(schema).validate(body)
    return body


class Api:
    """A test client that sends the API key and checks every answer against the document."""

    def __init__(self, client, spec):
        self.client, self.spec = client, spec

    def call(self, method: str, url: str, template: str, *, expect: int, **kwargs):
        headers = {**AUTH, **kwargs.pop("headers", {})}
        response = self.client.open(url, method=method, headers=headers, **kwargs)
        assert response.status_code == expect, (response.status_code, response.get_data(True))
        return conform(self.spec, response, template, method)

    def get(self, url: str, template: str, expect: int = 200, **kwargs) -> dict:
        return self.call("GET", url, template, expect=expect, **kwargs)

    def post(self, url: str, template: str, expect: int = 202, **kwargs) -> dict:
        return self.call("POST", url, template, expect=expect, **kwargs)

    def resync(self, store_id: int, body: dict, expect: int = 202) -> dict:
        return self.post(f"/api/v1/stores/{store_id}/resync",
                         "/api/v1/stores/{store_id}/resync", expect, json=body)

    def wait(self, resync_id: str, timeout: float = 20.0) -> dict:
        """Poll the resync until it is done or failed."""
        deadline = time.monotonic() + timeout
        while True:
            body = self.get(f"/api/v1/resyncs/{resync_id}", "/api/v1/resyncs/{resync_id}")
            if body["state"] in ("done", "failed"):
                return body
            assert time.monotonic() < deadline, f"resync still {body['state']}"
            time.sleep(0.05)


@pytest.fixture
def api(client, spec):
    return Api(client, spec)


@pytest.fixture
def connected(app, world):
    """The world's store, with the API using the world's lifecycle (its clock and clients)."""
    app.extensions["connector_services"] = world.lifecycle
    return world
