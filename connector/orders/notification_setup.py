"""Setting a store up for ORDER_CHANGE notifications, and what they are doing.

``setup_notifications`` is safe to run again: Amazon's destination for the queue is reused when
it exists (destinations belong to the app, one per queue), and the seller's subscription is
reused when it already sends to that destination. Each refusal Amazon documents becomes a
``NotificationsRefused`` with a field and the words to act on.

While messages flow, the store's sync may relax to ``relaxed_interval_minutes`` (polling stays
the safety net); when no message came for ``silence_minutes`` while the sync kept finding
changed orders, the store's own interval applies again, by itself (``effective_interval``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from connector.amazon import AmazonError, InvalidInput, NotFound
from connector.models import AmazonOrder, NotificationSubscription, OrderSettings, Store
from connector.notifications import QueueArnError, parse_arn
from connector.orders.services import Services

#: The change types the connector acts on: status changes, and buyers' cancellation requests.
CHANGE_TYPES = ("OrderStatusChange", "BuyerRequestedChange")
#: The account Amazon's Selling Partner API sends from; the queue's policy must let it send.
AMAZON_ACCOUNT = "437568002678"
POLICY_HELP = (f"the queue's access policy must allow Amazon (principal "
               f"arn:aws:iam::{AMAZON_ACCOUNT}:root) sqs:SendMessage and sqs:GetQueueAttributes")
RELAXED_DEFAULT, SILENCE_DEFAULT = 15, 30


class NotificationsRefused(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NotificationSetup:
    store_id: int
    queue_arn: str
    destination_id: str
    subscription_id: str
    destination_created: bool
    subscription_created: bool


@dataclass(frozen=True)
class NotificationState:
    """A store's notifications as ``/health/ready``, the CLI and the metrics show them."""

    queue_arn: str
    subscription_id: str
    last_message_at: datetime | None
    #: Seconds from Amazon publishing the last message to its order committed here.
    lag_seconds: float | None
    messages: int
    #: Messages are flowing: the sync runs every ``sync_interval_minutes``.
    healthy: bool
    sync_interval_minutes: int


def _store(session, store_id: int) -> Store:
    store = session.get(Store, store_id)
    if store is None:
        raise LookupError(store_id)
    return store


def _amazon_words(exc: AmazonError) -> str:
    first = exc.errors[0] if getattr(exc, "errors", None) else None
    return f"{first.code}: {first.message}" if first else str(exc)


def _unreachable(exc: AmazonError) -> NotificationsRefused:
    """Amazon could not be asked, or refused the app (not authorised for the Notifications
    API, throttled, down): the client's words, as a refusal the caller shows."""
    return NotificationsRefused("amazon", f"Amazon: {exc}")


def _destination(amazon, queue_arn: str) -> tuple[str, bool]:
    def existing() -> str | None:
        for destination in amazon.notifications.destinations():
            sqs = ((destination.get("resource") or {}).get("sqs") or {})
            if sqs.get("arn") == queue_arn:
                return destination.get("destinationId")
        return None

    found = existing()
    if found:
        return found, False
    name = "amazon-orders-" + parse_arn(queue_arn)[2]
    try:
        created = amazon.notifications.create_destination(name[:256], queue_arn)
    except InvalidInput as exc:
        if exc.status == 409:  # created meanwhile (another process, an earlier try)
            found = existing()
            if found:
                return found, False
        raise NotificationsRefused("queue_arn", "Amazon refused the queue as a destination "
                                   f"({_amazon_words(exc)}): {POLICY_HELP}.") from None
    return created["destinationId"], True


def _subscription(amazon, destination_id: str, marketplaces) -> tuple[str, bool]:
    current = amazon.notifications.subscription()
    if current is not None:
        if current.get("destinationId") == destination_id:
            return current["subscriptionId"], False
        raise NotificationsRefused(
            "store", "this seller already has an ORDER_CHANGE subscription to another "
            f"destination ({current.get('destinationId')}); remove it first "
            "(connector notifications remove).")
    try:
        created = amazon.notifications.create_order_change_subscription(
            destination_id, marketplaces, CHANGE_TYPES)
    except InvalidInput as exc:
        if exc.status == 409:
            current = amazon.notifications.subscription()
            if current is not None and current.get("destinationId") == destination_id:
                return current["subscriptionId"], False
            raise NotificationsRefused("store", "Amazon says an ORDER_CHANGE subscription "
                                       f"exists already ({_amazon_words(exc)}).") from None
        raise NotificationsRefused("store", "Amazon refused the subscription: "
                                   f"{_amazon_words(exc)}.") from None
    return created["subscriptionId"], True


def setup_notifications(svc: Services, store_id: int, queue_arn: str, *,
                        relaxed_interval_minutes: int | None = None,
                        silence_minutes: int | None = None) -> NotificationSetup:
    """Destination and subscription at Amazon, then the store's record of them. Raises
    ``LookupError`` (no such store), ``NotificationsRefused``, or the client's error when
    Amazon cannot be reached or refuses the app (the message says which)."""
    try:
        parse_arn(queue_arn)
    except QueueArnError as exc:
        raise NotificationsRefused("queue_arn", str(exc)) from None
    for name, value in (("relaxed_interval_minutes", relaxed_interval_minutes),
                        ("silence_minutes", silence_minutes)):
        if value is not None and not 1 <= value <= 1440:
            raise NotificationsRefused(name, "minutes from 1 to 1440")
    with svc.db.session() as session:
        store = _store(session, store_id)
        marketplaces = list(store.marketplace_ids)
        session.expunge(store)
    amazon = svc.amazon_for(store)
    try:
        destination_id, made_destination = _destination(amazon, queue_arn)
        subscription_id, made_subscription = _subscription(amazon, destination_id,
                                                           marketplaces)
    except AmazonError as exc:
        raise _unreachable(exc) from None
    finally:
        amazon.close()
    with svc.db.session() as session:
        row = session.get(NotificationSubscription, store_id)
        if row is None:
            row = NotificationSubscription(store_id=store_id, subscribed_at=svc.clock(),
                                           relaxed_interval_minutes=RELAXED_DEFAULT,
                                           silence_minutes=SILENCE_DEFAULT, messages=0)
            session.add(row)
        row.queue_arn, row.destination_id, row.subscription_id = (queue_arn, destination_id,
                                                                  subscription_id)
        if relaxed_interval_minutes is not None:
            row.relaxed_interval_minutes = relaxed_interval_minutes
        if silence_minutes is not None:
            row.silence_minutes = silence_minutes
    return NotificationSetup(store_id, queue_arn, destination_id, subscription_id,
                             made_destination, made_subscription)


def remove_notifications(svc: Services, store_id: int) -> bool:
    """Delete the seller's subscription at Amazon and the store's record; the destination
    stays (other sellers of the app may use the queue). Whether there was one."""
    with svc.db.session() as session:
        store = _store(session, store_id)
        row = session.get(NotificationSubscription, store_id)
        subscription_id = row.subscription_id if row is not None else None
        session.expunge(store)
    amazon = svc.amazon_for(store)
    try:
        removed = _delete_subscription(amazon, subscription_id)
    except AmazonError as exc:
        raise _unreachable(exc) from None
    finally:
        amazon.close()
    with svc.db.session() as session:
        row = session.get(NotificationSubscription, store_id)
        if row is not None:
            session.delete(row)
    return removed or row is not None


def _delete_subscription(amazon, subscription_id: str | None) -> bool:
    """Whether Amazon had a subscription to delete (the recorded one, else the seller's)."""
    if subscription_id is None:
        current = amazon.notifications.subscription()
        subscription_id = current.get("subscriptionId") if current else None
    if subscription_id is None:
        return False
    try:
        amazon.notifications.delete_subscription(subscription_id)
    except NotFound:
        return False  # gone already
    return True


def amazon_subscription(svc: Services, store_id: int) -> dict | None:
    """What Amazon says of the seller's ORDER_CHANGE subscription (``notifications status``)."""
    with svc.db.session() as session:
        store = _store(session, store_id)
        session.expunge(store)
    with svc.amazon_for(store) as amazon:
        try:
            return amazon.notifications.subscription()
        except AmazonError as exc:
            raise _unreachable(exc) from None


def _silent(session, row: NotificationSubscription, now: datetime) -> bool:
    """No message for ``silence_minutes`` while orders kept changing: the sync found orders
    changed on Amazon after the last message (a notification would have brought them)."""
    since = row.last_message_at or row.subscribed_at
    if now - since <= timedelta(minutes=row.silence_minutes):
        return False
    changed = session.scalar(select(func.count()).select_from(AmazonOrder).where(
        AmazonOrder.store_id == row.store_id, AmazonOrder.last_updated > since))
    return bool(changed)


def effective_interval(session, row: NotificationSubscription | None, store_minutes: int,
                       now: datetime) -> tuple[int, bool]:
    """(minutes between syncs, notifications healthy) for a store."""
    if row is None:
        return store_minutes, False
    if _silent(session, row, now):
        return store_minutes, False
    return max(store_minutes, row.relaxed_interval_minutes), True


def notification_states(session, now: datetime, store_minutes: dict[int, int] | None = None
                        ) -> dict[int, NotificationState]:
    """Per subscribed store: last message time, lag, health and the sync interval in force.
    ``store_minutes``: each store's own interval (read when not given)."""
    if store_minutes is None:
        store_minutes = dict(session.execute(select(OrderSettings.store_id,
                                                    OrderSettings.sync_interval_minutes)).all())
    states = {}
    for row in session.scalars(select(NotificationSubscription)):
        minutes, healthy = effective_interval(session, row, store_minutes.get(row.store_id, 5),
                                              now)
        states[row.store_id] = NotificationState(
            row.queue_arn, row.subscription_id, row.last_message_at, row.last_lag_seconds,
            row.messages or 0, healthy, minutes)
    return states
