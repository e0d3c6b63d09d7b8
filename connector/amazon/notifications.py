"""Notifications API v1: where Amazon sends a seller's ORDER_CHANGE notifications (an SQS
destination) and the seller's subscription to them.

Destinations belong to the app, not to a seller: ``getDestinations``, ``createDestination`` and
``deleteSubscriptionById`` are grantless (a ``client_credentials`` token with scope
``sellingpartnerapi::notifications``); ``getSubscription`` and ``createSubscription`` act for
the seller, with the store's own token. Each operation is 1 request per second, burst 5.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from connector.amazon.auth import LwaCredentials, exchange_client_credentials
from connector.amazon.errors import MalformedResponse, NotFound
from connector.amazon.transport import Transport

SCOPE = "sellingpartnerapi::notifications"
ORDER_CHANGE = "ORDER_CHANGE"
PAYLOAD_VERSION = "1.0"
BASE = "/notifications/v1"


class Notifications:
    def __init__(self, transport: Transport):
        self._transport = transport

    def _grantless(self) -> str:
        t = self._transport
        # The cache keys tokens by credentials: the scope stands in for the refresh token.
        key = LwaCredentials(t.credentials.client_id, t.credentials.client_secret,
                             f"grantless:{SCOPE}")

        def fetch() -> tuple[str, float]:
            t.calls["lwaGrantless"] += 1
            return exchange_client_credentials(
                t.session, t.lwa_url, t.credentials.client_id, t.credentials.client_secret,
                SCOPE, timeout=t.timeout, headers={"user-agent": t.user_agent})

        return t.token_cache.get(key, t.lwa_url, fetch)[0]

    @staticmethod
    def _payload(body, operation: str):
        if not isinstance(body, dict) or "payload" not in body:
            raise MalformedResponse(f"{operation}: answer has no payload", operation=operation)
        return body["payload"]

    def destinations(self) -> list[dict]:
        body = self._transport.call("getDestinations", "GET", f"{BASE}/destinations",
                                    token=self._grantless())
        payload = self._payload(body, "getDestinations")
        if not isinstance(payload, list):
            raise MalformedResponse("getDestinations: payload is not a list",
                                    operation="getDestinations")
        return payload

    def create_destination(self, name: str, queue_arn: str) -> dict:
        """Sent once: Amazon sends a test message to the queue before it answers."""
        body = self._transport.call(
            "createDestination", "POST", f"{BASE}/destinations", token=self._grantless(),
            body={"name": name, "resourceSpecification": {"sqs": {"arn": queue_arn}}},
            retry=False)
        return self._payload(body, "createDestination")

    def subscription(self, notification_type: str = ORDER_CHANGE) -> dict | None:
        """The seller's subscription, or None when there is none."""
        try:
            body = self._transport.call(
                "getSubscription", "GET", f"{BASE}/subscriptions/{notification_type}",
                params={"payloadVersion": PAYLOAD_VERSION})
        except NotFound:
            return None
        return self._payload(body, "getSubscription")

    def create_order_change_subscription(self, destination_id: str,
                                         marketplace_ids: Sequence[str],
                                         change_types: Sequence[str]) -> dict:
        body = {"payloadVersion": PAYLOAD_VERSION, "destinationId": destination_id,
                "processingDirective": {"eventFilter": {
                    "eventFilterType": ORDER_CHANGE,
                    "orderChangeTypes": list(change_types),
                    "marketplaceIds": list(marketplace_ids)}}}
        answer = self._transport.call("createSubscription", "POST",
                                      f"{BASE}/subscriptions/{ORDER_CHANGE}", body=body,
                                      retry=False)
        return self._payload(answer, "createSubscription")

    def delete_subscription(self, subscription_id: str,
                            notification_type: str = ORDER_CHANGE) -> None:
        self._transport.call(
            "deleteSubscriptionById", "DELETE",
            f"{BASE}/subscriptions/{notification_type}/{quote(subscription_id, safe='')}",
            token=self._grantless(), retry=True)
