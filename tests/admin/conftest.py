"""Admin pages through Flask's test client: a signed-in admin, a store, orders."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest

from connector.models import AmazonOrder, OrderNote
from connector.orders.snapshot import dump_order
from connector.web.admin_token import mint
from tests.orders.factories import T0, make_order, make_store

SECRET = "admin-pages-test-secret-" + "x" * 50
COMMERCE_ADMIN = "https://shop-admin.example.com"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "admin_jwt_secret": SECRET, "commerce_admin_origins": COMMERCE_ADMIN}


class Admin:
    """The test client of a signed-in admin; ``post`` sends the page's CSRF token."""

    def __init__(self, client):
        self.client = client

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def csrf(self, path="/admin/"):
        page = self.client.get(path).get_data(as_text=True)
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def post(self, path, data=None, *, form_page=None, **kwargs):
        data = {**(data or {}), "csrf_token": self.csrf(form_page or path)}
        return self.client.post(path, data=data, **kwargs)


def sign_in(client, user="merchant"):
    answer = client.get(f"/admin/?token={mint(SECRET, user)}")
    assert answer.status_code == 303, answer.get_data(as_text=True)
    return Admin(client)


@pytest.fixture
def admin(client):
    return sign_in(client)


@pytest.fixture
def db(app):
    return app.extensions["connector_db"]


@pytest.fixture
def store_id(db):
    with db.session() as session:
        return make_store(session, name="Demo US").id


def add_order(db, store_id, order_id, *, status="Unshipped", buyer="Jane Doe",
              total="10.00", purchased=T0, note=None, currency="USD", **fields) -> int:
    """One order row as the lifecycle would have stored it (fast: no Amazon, no Commerce)."""
    order = make_order(order_id, buyer=buyer, purchased=purchased, updated=purchased)
    data = dump_order(order)
    data["order_total"] = {"amount": total, "currency": currency}
    row = AmazonOrder(
        store_id=store_id, amazon_order_id=order_id, marketplace_id=order.marketplace_id,
        status=status, amazon_status=fields.pop("amazon_status", "Unshipped"),
        fulfilled_by="MERCHANT", purchase_date=purchased, last_updated=purchased,
        buyer_name=buyer, buyer_name_key=buyer.casefold() if buyer else None,
        buyer_email="buyer@example.com", shipping_address=data["shipping_address"],
        currency=currency, order_total=Decimal(total), order_data=data,
        latest_note=note, **fields)
    with db.session() as session:
        session.add(row)
        if note:
            session.add(OrderNote(order=row, text=note, created_at=purchased))
        session.flush()
        return row.id


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
