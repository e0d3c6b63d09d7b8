from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from connector.amazon import AmazonClient, LwaCredentials
from connector.sandbox.amazon import create_amazon_sandbox

CREDENTIALS = LwaCredentials("sandbox-client", "sandbox-secret", "Atzr|sandbox")
ALL_MARKETPLACES = ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "A1F83G8C2ARO7P", "A1PA6795UKMFR9",
                    "A13V1IB3VIYZZH", "APJ6JRA9NG5V4", "A1RKKUPIHCS9HS", "A1VC38T7YXB528"]


def a_month_ago() -> datetime:
    return datetime.now(UTC) - timedelta(days=30)


def token_headers(url: str) -> dict:
    """The headers of a call to the sandbox at ``url`` with a fresh LWA access token."""
    token = requests.post(f"{url}/auth/o2/token", data={
        "grant_type": "refresh_token", "refresh_token": "Atzr|sandbox",
        "client_id": "sandbox-client", "client_secret": "sandbox-secret"}).json()
    return {"x-amz-access-token": token["access_token"]}


class Sandbox:
    """A sandbox served over real HTTP, with helpers for its control API."""

    def __init__(self, server, app):
        self.url = server.url
        self.app = app
        self.http = requests.Session()

    def control(self, method: str, path: str, json=None):
        response = self.http.request(method, f"{self.url}/_sandbox{path}", json=json)
        return response

    def calls(self) -> dict:
        return self.control("GET", "/calls").json()

    def order(self, order_id: str) -> dict:
        return self.control("GET", f"/orders/{order_id}").json()

    def client(self, api: str = "v2026", credentials: LwaCredentials = CREDENTIALS,
               **kwargs) -> AmazonClient:
        return AmazonClient(credentials, "NA", endpoint=self.url,
                            lwa_url=kwargs.pop("lwa_url", f"{self.url}/auth/o2/token"),
                            api=api, **kwargs)


@pytest.fixture
def sandbox_factory(live_server):
    made: list[Sandbox] = []

    def make(**options) -> Sandbox:
        options.setdefault("time_scale", 1000)
        app = create_amazon_sandbox(**options)
        sandbox = Sandbox(live_server(app), app)
        made.append(sandbox)
        return sandbox

    yield make
    for sandbox in made:
        sandbox.http.close()


@pytest.fixture
def sandbox(sandbox_factory) -> Sandbox:
    return sandbox_factory()
