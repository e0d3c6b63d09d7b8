"""Check connection: the store page's button that asks Amazon and Commerce whether the store's
credentials and order settings work, and shows one line per check with what to fix."""

from __future__ import annotations

from flask import render_template

from connector.orders import check_connection
from connector.web.admin.blueprint import bp, load_store, read, services


@bp.post("/stores/<int:store_id>/check")
def check_store_connection(store_id: int):
    """A POST (with the page's CSRF token) because it calls Amazon and Commerce; it changes
    nothing, so the answer is the result page itself."""
    with read() as db:
        store = load_store(db, store_id)
        checks = check_connection(services(), store)
        passed = all(c.ok for c in checks)
        return render_template("admin/connection_check.html", store=store, checks=checks,
                               passed=passed)
