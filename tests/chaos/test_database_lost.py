"""The database connection lost mid-run (every connection of the connector terminated with
``pg_terminate_backend``, at the worst moments): the run stops with the error recorded, the
next run succeeds, and nothing is half-written."""

from __future__ import annotations

import json
import os

import psycopg
import pytest
from sqlalchemy import event, select

from connector.amazon import AmazonClient, LwaCredentials
from connector.commerce import CommerceClient
from connector.models import AmazonOrder, ConfirmedShipment, OrderNote, SyncState
from connector.orders.coordination import process_owner
from connector.orders.runner import run_store
from connector.orders.services import Services
from jobs.scheduler import shipments_job
from tests.chaos.campaign import Campaign, Server, connect_store
from tests.conftest import POSTGRES_URL
from tests.e2e.world import Clock

APP_NAME = f"chaos-connector-{os.getpid()}"  # this process's only: others may run it too


def terminate_connector_connections() -> int:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        return conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE application_name = %s", (APP_NAME,)).fetchone()[0]


class KillOn:
    """Terminates the connector's connections just before its ``nth`` statement that
    starts with ``prefix`` reaches the server."""

    def __init__(self, engine, prefix: str, nth: int):
        self.engine, self.prefix, self.nth, self.seen, self.killed = engine, prefix, nth, 0, 0
        event.listen(engine, "before_cursor_execute", self)

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        if statement.startswith(self.prefix):
            self.seen += 1
            if self.seen == self.nth:
                self.killed = terminate_connector_connections()

    def remove(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self)


@pytest.fixture
def setting(postgres_url, tmp_path):
    from connector import create_app, db
    from connector.sandbox.amazon import create_amazon_sandbox
    from connector.sandbox.commerce import create_commerce_sandbox

    url = f"{postgres_url}&application_name={APP_NAME}"
    app = create_app({"instance_path": str(tmp_path / "instance"), "database_url": url,
                      "scheduler": False})
    db.upgrade(url)
    database = app.extensions["connector_db"]
    clock = Clock()
    amazon = Server(create_amazon_sandbox(samples=False, time_scale=1000.0, now=clock.now))
    commerce = Server(create_commerce_sandbox())
    campaign = Campaign(amazon.url, commerce.url, clock.now, seed=3, blocked_share=0.0,
                        partial_share=0.0)
    campaign.seed_catalog()
    store_id = connect_store(database, amazon.url, commerce.url,
                             integration_time=clock.now() - _hours(1))

    def amazon_client(store):
        return AmazonClient(LwaCredentials(store.lwa_client_id, store.lwa_client_secret,
                                           store.refresh_token), store.region,
                            endpoint=store.amazon_endpoint, lwa_url=store.amazon_lwa_url,
                            now=clock.now, sleep=lambda s: None)

    def commerce_client(store, pool_size=1):
        return CommerceClient(store.commerce_url, json.loads(store.commerce_credentials),
                              timeout=10, sleep=lambda s: None)

    lc = Services(db=database, owner=process_owner(), amazon_factory=amazon_client,
                   commerce_factory=commerce_client, clock=clock.now, import_concurrency=1)
    yield lc, store_id, campaign, clock
    campaign.http.close()
    amazon.stop()
    commerce.stop()
    database.dispose()


def _hours(n):
    from datetime import timedelta

    return timedelta(hours=n)


def mfn_unshipped(campaign: Campaign, count: int) -> list[str]:
    placed = []
    while len(placed) < count:
        for order_id in campaign.place_orders(10):
            order = campaign.amazon_book()[order_id]
            if (order["fulfillment"]["fulfilledBy"] == "MERCHANT"
                    and order["fulfillment"]["fulfillmentStatus"] in ("PENDING", "UNSHIPPED")):
                if order["fulfillment"]["fulfillmentStatus"] == "PENDING":
                    campaign._move(order_id, "UNSHIPPED")
                placed.append(order_id)
    return placed


def consistent(lc, store_id: int, campaign: Campaign) -> None:
    """Nothing half-written: each bound order is bound to its own Commerce order, with one
    note saying so; each recorded confirmation was sent to Amazon."""
    commerce = {o["entity_id"]: o for o in campaign.commerce_orders()}
    sent = {(c["orderId"], c["body"]["packageDetail"]["packageReferenceId"])
            for c in campaign.http.get(f"{campaign.amazon_url}/_sandbox/calls")
            .json()["shipment_confirmations"]}
    with lc.db.session() as s:
        for row in s.scalars(select(AmazonOrder).where(AmazonOrder.store_id == store_id)):
            notes = s.scalars(select(OrderNote.text).where(OrderNote.order_id == row.id)).all()
            bound = [n for n in notes if n.startswith("Commerce order ")]
            if row.commerce_order_id is None:
                assert bound == [], (row.amazon_order_id, bound)
                continue
            assert commerce[row.commerce_order_id]["ext_order_id"] == row.amazon_order_id
            assert len(bound) == 1, (row.amazon_order_id, bound)
            for shipment in s.scalars(select(ConfirmedShipment.commerce_shipment_id)
                                      .where(ConfirmedShipment.order_id == row.id)):
                assert (row.amazon_order_id, str(shipment)) in sent


@pytest.mark.postgres
def test_losing_the_database_while_binding_an_order_fails_the_run_cleanly(setting):
    lc, store_id, campaign, clock = setting
    ids = mfn_unshipped(campaign, 8)
    killer = KillOn(lc.db.engine, "UPDATE amazon_orders SET commerce_order_id", nth=4)
    clock.advance(3)
    report = run_store(lc, store_id)  # returns: the scheduler is not brought down
    killer.remove()
    assert killer.killed >= 1
    assert report.error and report.error.startswith("Database: "), report
    with lc.db.session() as s:
        state = s.get(SyncState, store_id)
        assert state.last_error == report.error and state.lease_owner is None
    # Commerce saved one more order than is bound: its binding was lost with the connection.
    with lc.db.session() as s:
        bound = s.query(AmazonOrder).filter(AmazonOrder.commerce_order_id.is_not(None)).count()
    assert bound >= 3 and len(campaign.commerce_orders()) == bound + 1
    consistent(lc, store_id, campaign)
    clock.advance(3)  # the next run: no waiting for the interrupted order's claim to expire
    report = run_store(lc, store_id)
    assert report.error is None, report
    assert report.imports.get("already_imported") == 1, report.imports
    made = [o["ext_order_id"] for o in campaign.commerce_orders()]
    assert set(ids) <= set(made) and len(made) == len(set(made))
    assert campaign.check(lc.db, [store_id])[1] == []
    consistent(lc, store_id, campaign)


@pytest.mark.postgres
def test_losing_the_database_after_amazon_took_a_confirmation(setting):
    lc, store_id, campaign, clock = setting
    mfn_unshipped(campaign, 6)
    clock.advance(3)
    assert run_store(lc, store_id).error is None
    shipped = campaign.merchant_ships(count=6)
    assert shipped["full"] == 6
    killer = KillOn(lc.db.engine, "INSERT INTO confirmed_shipments", nth=3)
    shipments_job(lc)  # the job itself must not raise
    killer.remove()
    assert killer.killed >= 1
    with lc.db.session() as s:
        assert s.get(SyncState, store_id).last_error.startswith("Database: ")
        assert s.query(ConfirmedShipment).count() == 2
    consistent(lc, store_id, campaign)  # the third was sent, but not recorded as confirmed
    with lc.db.session() as s:
        recorded = set(s.scalars(select(ConfirmedShipment.commerce_shipment_id)))
    sent = {int(c["body"]["packageDetail"]["packageReferenceId"]) for c in campaign.http.get(
        f"{campaign.amazon_url}/_sandbox/calls").json()["shipment_confirmations"]}
    [lost] = sent - recorded  # Amazon has it; the record went down with the connection
    for _ in range(2):  # confirm what is left, then see Amazon's Shipped and complete
        clock.advance(3)
        assert run_store(lc, store_id).error is None
    counts, problems = campaign.check(lc.db, [store_id])
    assert counts["packages_confirmed"] == 6 and counts["completed"] == 6, counts
    # The lost record is mended: the package Amazon took is sent once more (an edit of the
    # same package on Amazon's side, acceptable only after such a loss) and recorded.
    assert counts["resends"] == 1
    assert problems == [], problems
    with lc.db.session() as s:
        assert lost in set(s.scalars(select(ConfirmedShipment.commerce_shipment_id)))
    consistent(lc, store_id, campaign)
