"""SKU matching: Amazon SKUs that block orders because Commerce has no such product."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from connector.commerce import CommerceError
from connector.db import get_db
from connector.models import SkuMatch
from connector.orders.sku_matching import MatchRefused, match_sku, unmatched_skus
from connector.web.admin.blueprint import admin_session, bp, lifecycle, load_store
from connector.web.admin.outcomes import describe_outcome


def _render(store_id: int, errors: dict | None = None, values: dict | None = None,
            status: int = 200):
    with get_db().session() as db:
        store = load_store(db, store_id)
        matches = list(db.scalars(select(SkuMatch).where(SkuMatch.store_id == store_id)
                                  .order_by(SkuMatch.amazon_sku)))
        return render_template("admin/sku_matching.html", store=store,
                               unmatched=unmatched_skus(lifecycle(), store_id),
                               matches=matches, errors=errors or {},
                               values=values or {}), status


@bp.get("/stores/<int:store_id>/sku-matching")
def sku_matching(store_id: int):
    return _render(store_id)


@bp.post("/stores/<int:store_id>/sku-matching")
def assign_sku(store_id: int):
    """Assign Catalog Product: checked against Commerce; the orders it blocked are retried."""
    amazon_sku = request.form.get("amazon_sku", "")
    commerce_sku = request.form.get("commerce_sku", "")
    with get_db().session() as db:
        load_store(db, store_id)
    try:
        result = match_sku(lifecycle(), store_id, amazon_sku, commerce_sku)
    except MatchRefused as refused:
        return _render(store_id, {(amazon_sku, refused.field): refused.message},
                       {amazon_sku: commerce_sku}, 400)
    except CommerceError as exc:
        return _render(store_id, {(amazon_sku, "commerce_sku"): (
            f"Commerce could not be reached to check the SKU ({exc}). Try again.")},
            {amazon_sku: commerce_sku}, 502)
    message, kind = describe_outcome(result["outcome"]) if result["retried"] else (
        "No blocked order had this SKU.", "success")
    admin_session().flash(f'Matched Amazon SKU "{result["amazon_sku"]}" to Commerce SKU '
                          f'"{result["commerce_sku"]}". {message}', kind)
    return redirect(url_for("admin.sku_matching", store_id=store_id), code=303)
