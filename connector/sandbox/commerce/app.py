"""The sandbox's Flask app and its command line."""

from __future__ import annotations

import copy
import random

import click
from flask import Flask

from connector.sandbox.commerce import control, inventory, pages, rest
from connector.sandbox.commerce.auth import DEFAULT_TOKEN, Credentials
from connector.sandbox.commerce.faults import roll
from connector.sandbox.commerce.instance import PAYMENT_METHODS, SHIPPING_METHODS
from connector.sandbox.commerce.state import CommerceState


class CommerceSandbox:
    """One sandbox: what it accepts as credentials, its shop settings, its fault dice and its
    state. The app keeps it in ``app.extensions["commerce_sandbox"]``."""

    def __init__(self, *, token: str = DEFAULT_TOKEN, oauth_consumer_key: str | None = None,
                 oauth_consumer_secret: str | None = None, oauth_access_token: str | None = None,
                 oauth_access_token_secret: str | None = None, hang_seconds: float = 5.0,
                 seed: int | None = None, denied_resources: tuple[str, ...] = (),
                 currency: str = "USD", timezone: str = "UTC", locale: str = "en_US",
                 products: list[dict] | None = None,
                 payment_methods: list[str] | None = None,
                 shipping_methods: list[str] | None = None):
        oauth = None
        if oauth_consumer_key:
            oauth = {"consumer_key": oauth_consumer_key,
                     "consumer_secret": oauth_consumer_secret or "",
                     "access_token": oauth_access_token or "",
                     "access_token_secret": oauth_access_token_secret or ""}
        self.credentials = Credentials(token, oauth, denied_resources)
        self.hang_seconds = hang_seconds
        self.currency, self.timezone, self.locale = currency, timezone, locale
        self.payment_methods = list(PAYMENT_METHODS if payment_methods is None
                                    else payment_methods)
        self.shipping_methods = list(SHIPPING_METHODS if shipping_methods is None
                                     else shipping_methods)
        self.seed = seed
        self.random = random.Random(seed)
        self.initial_products = copy.deepcopy(products or [])
        self.state = CommerceState()
        self.reset()

    def reset(self) -> None:
        """Back to how the app started: its own products only, no orders, reservations, calls
        or faults, and the fault dice seeded again."""
        with self.state.lock:
            self.state.clear()
            self.random.seed(self.seed)
            if self.initial_products:
                inventory.seed_products(self.state, copy.deepcopy(self.initial_products))

    def roll_fault(self, operation: str) -> str | None:
        """The fault, if any, this call of ``operation`` meets (after its latency)."""
        with self.state.lock:
            settings = dict(self.state.faults)
            chance = self.random.random()
        return roll(settings, chance, operation)


def create_commerce_sandbox(**options) -> Flask:
    """The sandbox app. Options: ``token``, ``oauth_consumer_key``, ``oauth_consumer_secret``,
    ``oauth_access_token``, ``oauth_access_token_secret``, ``hang_seconds`` (5), ``seed``,
    ``denied_resources``, ``currency``, ``timezone``, ``locale``, ``products``,
    ``payment_methods``, ``shipping_methods`` (the module's lists)."""
    app = Flask(__name__)
    app.extensions["commerce_sandbox"] = CommerceSandbox(**options)
    app.register_blueprint(rest.blueprint)
    app.register_blueprint(control.blueprint)
    app.register_blueprint(pages.blueprint)
    return app


@click.command(help="Run the Commerce REST sandbox (a stand-in for Adobe Commerce).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8102, show_default=True, type=click.IntRange(1, 65535))
@click.option("--token", default=DEFAULT_TOKEN, show_default=True,
              help="The bearer token the sandbox accepts.")
@click.option("--hang-seconds", default=5.0, show_default=True, type=float,
              help="How long a timeout fault leaves a call hanging.")
def command(host: str, port: int, token: str, hang_seconds: float) -> None:
    app = create_commerce_sandbox(token=token, hang_seconds=hang_seconds)
    click.echo(f"Commerce sandbox on http://{host}:{port}/  (REST: http://{host}:{port}/rest/V1/"
               f", token {token!r})")
    app.run(host=host, port=port, threaded=True, use_reloader=False)
