"""Storage: migrations, constraints, exact money, encrypted secrets."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

from connector import db
from connector.models import AmazonOrder, Base, Store, exists_on
from connector.stores import add_store

STORE = {
    "name": "EU store", "region": "EU", "marketplace_ids": ["A1PA6795UKMFR9"],
    "seller_id": "A2SELLER", "lwa_client_id": "amzn1.application-oa2-client.x",
    "lwa_client_secret": "lwa-secret-value-123", "refresh_token": "Atzr|refresh-value-456",
    "commerce_url": "https://shop.example.com", "commerce_token": "commerce-token-789",
}
TABLES = {"stores", "order_settings", "amazon_orders", "amazon_order_items", "order_notes",
          "sku_matches", "sync_state", "confirmed_shipments", "resync_requests",
          "scheduler_heartbeats", "admin_sessions", "used_admin_tokens", "cancellation_feeds",
          "store_wizards"}


def order_row(store_id, amazon_order_id="111-0000000-0000001", total="0"):
    now = datetime.now(UTC)
    return AmazonOrder(store_id=store_id, amazon_order_id=amazon_order_id, status="Pending",
                       amazon_status="Pending", fulfilled_by="MERCHANT", purchase_date=now,
                       last_updated=now, order_total=Decimal(total), currency="EUR",
                       order_data={})


def check_up_and_down(url):
    db.upgrade(url)
    engine = create_engine(url)
    try:
        assert TABLES <= set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_object": exists_on(conn.dialect.name)})
            diff = compare_metadata(context, Base.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        db.downgrade(url, "base")
        assert not TABLES & set(inspect(engine).get_table_names())
        db.upgrade(url)
        assert TABLES <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_migrations_go_up_and_down_on_sqlite(tmp_path):
    check_up_and_down(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_migrations_go_up_and_down_on_postgres(postgres_url):
    check_up_and_down(postgres_url)


def test_an_amazon_order_is_stored_once_per_store(app):
    database = app.extensions["connector_db"]
    with database.session() as s:
        store = add_store(s, STORE)
        s.add(order_row(store.id))
    with pytest.raises(IntegrityError), database.session() as s:
        s.add(order_row(store.id))
    with database.session() as s:
        count = s.scalar(select(text("count(*)")).select_from(AmazonOrder))
        assert count == 1


@pytest.mark.parametrize("amount", ["0.1", "19.99", "12345678901234.5678", "0.0001"])
def test_money_round_trips_exactly(app, amount):
    database = app.extensions["connector_db"]
    with database.session() as s:
        store = add_store(s, {**STORE, "name": f"s-{amount}"})
        s.add(order_row(store.id, total=amount))
    with database.session() as s:
        stored = s.scalar(select(AmazonOrder.order_total))
    assert isinstance(stored, Decimal)
    assert stored == Decimal(amount)


def test_secrets_are_encrypted_in_the_raw_rows(app):
    database = app.extensions["connector_db"]
    with database.session() as s:
        store_id = add_store(s, STORE).id
    with database.engine.connect() as conn:
        raw = conn.execute(text("SELECT lwa_client_secret, refresh_token, commerce_credentials "
                                "FROM stores")).one()
    dump = " ".join(raw)
    for secret in ("lwa-secret-value-123", "refresh-value-456", "commerce-token-789"):
        assert secret not in dump
    with database.session() as s:
        store = s.get(Store, store_id)
        assert store.lwa_client_secret == "lwa-secret-value-123"
        assert store.refresh_token == "Atzr|refresh-value-456"


def test_times_come_back_as_aware_utc(app):
    database = app.extensions["connector_db"]
    when = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    with database.session() as s:
        store = add_store(s, {**STORE, "integration_time": when.isoformat()})
        store_id = store.id
    with database.session() as s:
        assert s.get(Store, store_id).integration_time == when
        assert s.get(Store, store_id).integration_time.tzinfo is not None


def test_sqlite_files_are_readable_by_their_owner_only(tmp_path):
    from connector import create_app

    app = create_app({"instance_path": str(tmp_path / "instance")})
    url = app.extensions["connector_settings"].database_url
    try:
        db.upgrade(url)
        with app.extensions["connector_db"].session() as session:
            add_store(session, STORE)
        files = [p for p in (tmp_path / "instance").iterdir() if p.name.startswith("connector.db")]
        assert {p.name for p in files} >= {"connector.db", "connector.db-wal"}
        for path in files:
            assert path.stat().st_mode & 0o777 == 0o600, path.name
    finally:
        app.extensions["connector_db"].dispose()


def test_an_existing_sqlite_file_is_tightened(tmp_path):
    path = tmp_path / "old.db"
    path.touch(mode=0o644)
    path.chmod(0o644)
    db.upgrade(f"sqlite:///{path}")
    assert path.stat().st_mode & 0o777 == 0o600
