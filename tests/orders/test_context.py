"""The lifecycle's default Commerce client: one per run, shared by the import threads."""

import dataclasses
import json
from types import SimpleNamespace

from connector.commerce import CommerceClient
from connector.orders.context import Lifecycle, default_commerce

STORE = SimpleNamespace(commerce_url="https://shop.example.com",
                        commerce_credentials=json.dumps({"token": "t0k3n"}),
                        commerce_store_code="default")


def pool_maxsize(client: CommerceClient) -> int:
    adapter = client.session.get_adapter(client.url("/V1/orders"))
    return adapter.poolmanager.connection_pool_kw["maxsize"]


def test_the_default_client_keeps_a_connection_for_each_import_thread():
    for lifecycle in (Lifecycle(db=None, owner="test", import_concurrency=16),
                      Lifecycle(db=None, owner="test", import_concurrency=16,
                                commerce_factory=default_commerce)):
        with lifecycle.commerce_factory(STORE) as client:
            assert pool_maxsize(client) == 16


def test_the_pool_follows_the_concurrency_of_the_lifecycle_that_builds_it():
    lifecycle = Lifecycle(db=None, owner="test", import_concurrency=16)
    copy = dataclasses.replace(lifecycle, import_concurrency=2)
    with copy.commerce_factory(STORE) as client:
        assert pool_maxsize(client) == 2
    lifecycle.import_concurrency = 8
    with lifecycle.commerce_factory(STORE) as client:
        assert pool_maxsize(client) == 8


def test_a_factory_of_ones_own_is_used_as_given():
    def own(store):
        return CommerceClient(store.commerce_url, {"token": "x"})

    assert Lifecycle(db=None, owner="test", commerce_factory=own).commerce_factory is own
