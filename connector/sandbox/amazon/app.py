"""Building a sandbox app, and ``connector sandbox amazon`` to run one alone."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import click
from flask import Flask

from connector.sandbox.amazon.auth import auth
from connector.sandbox.amazon.book import backdated
from connector.sandbox.amazon.catalog import DEFAULT_CATALOG
from connector.sandbox.amazon.consent import ConsentState, consent
from connector.sandbox.amazon.control import control
from connector.sandbox.amazon.feeds import feeds
from connector.sandbox.amazon.notifications import notifications
from connector.sandbox.amazon.orders_v0 import orders_v0
from connector.sandbox.amazon.orders_v2026 import orders_v2026
from connector.sandbox.amazon.page import page
from connector.sandbox.amazon.state import SandboxState


def utcnow() -> datetime:
    return datetime.now(UTC)


def create_amazon_sandbox(*, client_id: str = "sandbox-client",
                          client_secret: str = "sandbox-secret",
                          refresh_token: str = "Atzr|sandbox", expires_in: float = 3600,
                          time_scale: float = 1.0, generate: int = 0, seed: int = 0,
                          skus=None, samples: bool = True,
                          clock: Callable[[], float] = time.monotonic,
                          now: Callable[[], datetime] = utcnow, backdate_minutes: float = 0.0,
                          catalog: Mapping[str, tuple[str, str]] | None = None,
                          feed_seconds: float = 60.0, seller_id: str = "A1SELLER",
                          sqs=None) -> Flask:
    """The sandbox app. ``samples`` loads the bundled sample orders; ``generate`` adds that
    many generated ones (``seed``, ``skus`` as for ``generate_orders``).

    ``time_scale`` speeds the buckets' refill up (100 = a hundred times faster); ``clock``
    is what they refill by, ``now`` the wall clock orders are searched by.
    ``backdate_minutes`` stamps orders placed or changed here that many minutes in the past:
    Amazon only returns changes older than two minutes, so a demo with it set to 3 or more
    shows each change on the connector's next sync. ``catalog`` (SKU -> (title, unit price))
    is what the page at ``/`` sells; default the demo catalogue. ``feed_seconds``: how long
    Amazon takes to process a feed (on the ``now`` clock). ``seller_id`` is the seller whose
    ORDER_CHANGE notifications it sends, with ``sqs(region)`` (a boto3 SQS client; by default
    boto3's, configured the standard AWS way)."""
    if time_scale <= 0:
        raise ValueError("time_scale must be positive")
    if backdate_minutes < 0:
        raise ValueError("backdate_minutes must not be negative")
    app = Flask(__name__, static_folder=None)
    app.extensions["amazon_sandbox"] = SandboxState(
        client_id=client_id, client_secret=client_secret, refresh_token=refresh_token,
        expires_in=expires_in, time_scale=time_scale, generate=generate, seed=seed, skus=skus,
        samples=samples, clock=clock, now=now, stamp=backdated(now, backdate_minutes),
        catalog=catalog or DEFAULT_CATALOG, backdate_minutes=backdate_minutes,
        feed_seconds=feed_seconds, seller_id=seller_id, sqs=sqs)
    app.extensions["amazon_sandbox_consent"] = ConsentState()
    for blueprint in (auth, orders_v2026, orders_v0, feeds, notifications, control, page,
                      consent):
        app.register_blueprint(blueprint)
    return app


@click.command(help="Run the Amazon SP-API sandbox (LWA, Orders v2026 and v0, RDT, "
                    "confirmShipment, Feeds, control API under /_sandbox/).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8101, show_default=True, type=click.IntRange(1, 65535))
@click.option("--time-scale", default=1.0, show_default=True, type=click.FloatRange(min=0.001),
              help="Rate-limit refill speed-up (100 = a hundred times faster).")
@click.option("--generate", default=0, show_default=True, type=click.IntRange(min=0),
              help="Generate this many orders on start, besides the sample orders.")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--backdate-minutes", default=0.0, show_default=True,
              type=click.FloatRange(min=0),
              help="Stamp changes this many minutes in the past (3: a change shows on the "
                   "connector's next sync).")
def command(host: str, port: int, time_scale: float, generate: int, seed: int,
            backdate_minutes: float) -> None:
    app = create_amazon_sandbox(time_scale=time_scale, generate=generate, seed=seed,
                                backdate_minutes=backdate_minutes)
    click.echo(f"Amazon sandbox on http://{host}:{port}/  (client id sandbox-client, secret "
               "sandbox-secret, refresh token Atzr|sandbox)")
    app.run(host=host, port=port, threaded=True, use_reloader=False)
