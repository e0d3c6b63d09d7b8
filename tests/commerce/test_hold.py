"""Hold and unhold, through the client against the Commerce sandbox over real HTTP, as Magento
does them: a held order can be neither shipped, invoiced nor canceled until it is released,
and only a new or processing order can be held."""

from __future__ import annotations

import pytest

from connector.commerce import CommerceAuthError, CommerceValidationError
from connector.sandbox.commerce import create_commerce_sandbox

TOKEN = {"token": "sandbox-token"}
TRACK = {"carrier_code": "ups", "title": "UPS", "track_number": "1Z999"}


@pytest.fixture
def server(live_server):
    return live_server(create_commerce_sandbox(seed=1))


@pytest.fixture
def client(server, make_client):
    return make_client(server.url, TOKEN, timeout=5, max_retries=0)


def test_a_held_order_is_neither_shipped_invoiced_nor_canceled(client, order_body):
    order_id = client.create_order(order_body)
    client.invoice(order_id, {"capture": True, "items": [
        {"order_item_id": client.get_order(order_id)["items"][0]["item_id"], "qty": 1}]})
    before = client.get_order(order_id)
    assert client.hold(order_id) is True
    held = client.get_order(order_id)
    assert (held["state"], held["status"]) == ("holded", "holded")
    assert (held["hold_before_state"], held["hold_before_status"]) == (
        before["state"], before["status"])
    with pytest.raises(CommerceValidationError, match="status of holded"):
        client.ship(order_id, {"tracks": [TRACK]})
    with pytest.raises(CommerceValidationError, match="status of holded"):
        client.invoice(order_id)
    assert client.cancel(order_id) is False
    with pytest.raises(CommerceValidationError, match="A hold action is not available."):
        client.hold(order_id)

    assert client.unhold(order_id) is True
    released = client.get_order(order_id)
    assert (released["state"], released["status"]) == (before["state"], before["status"])
    assert "hold_before_state" not in released
    with pytest.raises(CommerceValidationError, match="You cannot remove the hold."):
        client.unhold(order_id)
    assert client.cancel(order_id) is True


@pytest.mark.parametrize("finish", ["cancel", "complete"])
def test_a_finished_order_cannot_be_held(client, order_body, finish):
    order_id = client.create_order(order_body)
    if finish == "cancel":
        client.cancel(order_id)
    else:
        client.invoice(order_id)
        client.ship(order_id, {"tracks": [TRACK]})
    with pytest.raises(CommerceValidationError, match="A hold action is not available."):
        client.hold(order_id)


@pytest.mark.parametrize("resource, call", [("Magento_Sales::hold", "hold"),
                                             ("Magento_Sales::unhold", "unhold")])
def test_hold_and_unhold_need_their_acl_resources(live_server, make_client, order_body,
                                                  resource, call):
    server = live_server(create_commerce_sandbox(denied_resources=(resource,)))
    client = make_client(server.url, TOKEN, timeout=5, max_retries=0)
    order_id = client.create_order(order_body)
    with pytest.raises(CommerceAuthError, match=resource):
        getattr(client, call)(order_id)
