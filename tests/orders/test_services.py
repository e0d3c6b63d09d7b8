"""The lifecycle's default Commerce client: one per run, shared by the import threads."""

import dataclasses
import json
from types import SimpleNamespace

from connector.commerce import CommerceClient
from connector.orders.services import Services, default_commerce

STORE = SimpleNamespace(commerce_url="https://shop.example.com",
                        commerce_credentials=json.dumps({"token": "t0k3n"}),
                        commerce_store_code="default")


def pool_maxsize(client: CommerceClient) -> int:
    adapter = client.session.get_adapter(client.url("/V1/orders"))
    return adapter.poolmanager.connection_pool_kw["maxsize"]


def test_the_default_client_keeps_a_connection_for_each_import_thread():
    for services in (Services(db=None, owner="test", import_concurrency=16),
                     Services(db=None, owner="test", import_concurrency=16,
                              commerce_factory=default_commerce)):
        with services.commerce_for(STORE) as client:
            assert pool_maxsize(client) == 16


def test_the_pool_follows_the_concurrency_of_the_lifecycle_that_builds_it():
    services = Services(db=None, owner="test", import_concurrency=16)
    copy = dataclasses.replace(services, import_concurrency=2)
    with copy.commerce_for(STORE) as client:
        assert pool_maxsize(client) == 2
    services.import_concurrency = 8
    with services.commerce_for(STORE) as client:
        assert pool_maxsize(client) == 8


def test_a_factory_of_ones_own_is_used_as_given():
    def own(store, pool_size=1):
        return CommerceClient(store.commerce_url, {"token": "x"})

    assert Services(db=None, owner="test", commerce_factory=own).commerce_factory is own
