"""``connector notifications setup|status|remove``: a store's Amazon ORDER_CHANGE
notifications, delivered to an SQS queue the seller owns (see the README for the queue and its
policy)."""

from __future__ import annotations

import click

from connector.cli.common import app_context, fail


@click.group(help="Amazon ORDER_CHANGE notifications: orders in Commerce within seconds.")
def notifications() -> None:
    pass


def _iso(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z") if moment else "never"


@notifications.command(name="setup", help="Create (or reuse) Amazon's destination for the SQS "
                                          "queue and the store's ORDER_CHANGE subscription.")
@click.option("--store", "store_id", required=True, type=int)
@click.option("--queue-arn", required=True,
              help="The SQS queue, arn:aws:sqs:<region>:<account>:<name>.")
@click.option("--relaxed-interval", type=int, default=None,
              help="Minutes between syncs while notifications flow (default 15).")
@click.option("--silence", type=int, default=None,
              help="Minutes without a message, while orders change, before the sync returns "
                   "to the store's own interval (default 30).")
def setup(store_id: int, queue_arn: str, relaxed_interval: int | None,
          silence: int | None) -> None:
    from connector.orders import NotificationsRefused, services_for, setup_notifications

    with app_context() as app:
        try:
            done = setup_notifications(services_for(app), store_id, queue_arn,
                                       relaxed_interval_minutes=relaxed_interval,
                                       silence_minutes=silence)
        except LookupError:
            fail(f"no store with id {store_id}")
        except NotificationsRefused as refused:
            fail(f"{refused.field}: {refused.message}")
    click.echo(f"destination {done.destination_id} "
               f"({'created' if done.destination_created else 'reused'})")
    click.echo(f"subscription {done.subscription_id} "
               f"({'created' if done.subscription_created else 'reused'})")
    click.echo(f"store {store_id}: ORDER_CHANGE notifications go to {queue_arn}")


@notifications.command(name="status", help="What Amazon and the connector say of the store's "
                                           "notifications.")
@click.option("--store", "store_id", required=True, type=int)
def status(store_id: int) -> None:
    from connector.orders import (
        NotificationsRefused,
        amazon_subscription,
        notification_states,
        reading,
        services_for,
    )

    with app_context() as app:
        services = services_for(app)
        with reading(services) as session:
            state = notification_states(session, services.clock()).get(store_id)
        try:
            at_amazon = amazon_subscription(services, store_id)
        except LookupError:
            fail(f"no store with id {store_id}")
        except NotificationsRefused as refused:
            fail(f"{refused.field}: {refused.message}")
    if at_amazon is None:
        click.echo("Amazon: no ORDER_CHANGE subscription")
    else:
        click.echo(f"Amazon: subscription {at_amazon.get('subscriptionId')} to destination "
                   f"{at_amazon.get('destinationId')}")
    if state is None:
        click.echo("connector: not set up (connector notifications setup)")
        return
    lag = "-" if state.lag_seconds is None else f"{state.lag_seconds:.1f}s"
    click.echo(f"connector: queue {state.queue_arn}; last message {_iso(state.last_message_at)}"
               f" (lag {lag}); {state.messages} message(s)")
    click.echo(f"sync every {state.sync_interval_minutes} minute(s): "
               + ("notifications are flowing" if state.healthy else
                  "no message lately while orders changed: polling at the store's interval"))


@notifications.command(name="remove", help="Delete the store's ORDER_CHANGE subscription at "
                                           "Amazon (the destination stays).")
@click.option("--store", "store_id", required=True, type=int)
def remove(store_id: int) -> None:
    from connector.orders import NotificationsRefused, remove_notifications, services_for

    with app_context() as app:
        try:
            removed = remove_notifications(services_for(app), store_id)
        except LookupError:
            fail(f"no store with id {store_id}")
        except NotificationsRefused as refused:
            fail(f"{refused.field}: {refused.message}")
    click.echo("subscription removed" if removed else "no subscription to remove")
