"""The admin blueprint and what every admin page shares: sign-in, CSRF, the banner."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g

from connector.orders import (
    Services,
    buyer_requests_message,
    find_store,
    reading,
    services_for,
    stores_with_blocked_orders,
    stores_with_buyer_requests,
    system_message,
)
from connector.web.admin import security

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates",
               static_folder="static")
bp.before_request(security.require_admin)
bp.after_request(security.save_session)


@bp.app_context_processor
def _page_context():
    """The banners, the CSRF token and the user for every admin template."""
    from flask import request

    if request.blueprint != "admin":
        return {}
    session = g.get("admin_session")
    message, blocked, asked = None, [], []
    if session is not None:
        with reading(services()) as db:
            message = system_message(db)
            blocked = [(s.id, s.name) for s in stores_with_blocked_orders(db)] if message else []
            asked = [(s.id, s.name, n) for s, n in stores_with_buyer_requests(db)]
    return {"system_message": message, "blocked_stores": blocked,
            "buyer_cancel_message": buyer_requests_message([(None, n) for *_, n in asked]),
            "buyer_cancel_stores": asked,
            "csrf_token": security.csrf_token,
            "admin_user": session.user if session else None,
            "flashes": session.take_flashes() if session else []}


def services() -> Services:
    return services_for(current_app)


def read():
    """A session for the page's reads (``connector.orders.queries``)."""
    return reading(services())


def commerce_lists():
    return current_app.extensions["connector_admin_commerce_lists"]


def admin_session() -> security.AdminSession:
    return g.admin_session


def load_store(db, store_id: int):
    store = find_store(db, store_id)
    if store is None:
        abort(404, description=f"There is no Amazon store with id {store_id}.")
    return store
