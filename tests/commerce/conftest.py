"""Shared pieces for the Commerce client and sandbox tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

ORDER_BODY = json.loads((Path(__file__).parent / "data" / "order.json").read_text())
BASE = "https://shop.example.com"
TOKEN = {"token": "t0k3n"}
OAUTH = {"consumer_key": "ck", "consumer_secret": "cs", "access_token": "at",
         "access_token_secret": "ats"}


@pytest.fixture
def order_body():
    """A fresh copy of a valid ``POST /V1/orders`` body."""
    return copy.deepcopy(ORDER_BODY)


@pytest.fixture
def sleeps():
    """Records the backoff pauses instead of sleeping."""
    return []


@pytest.fixture
def make_client(sleeps):
    from connector.commerce import CommerceClient

    clients = []

    def make(base_url=BASE, credentials=None, **kwargs):
        kwargs.setdefault("sleep", sleeps.append)
        client = CommerceClient(base_url, credentials or TOKEN, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
