"""SKU matching: Amazon SKUs that block orders because Commerce has no such product."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from connector.orders import MatchRefused, match_sku, sku_matches_of, unmatched_skus
from connector.web.admin.blueprint import admin_session, bp, load_store, read, services
from connector.web.admin.outcomes import describe_outcome


def _render(store_id: int, errors: dict | None = None, values: dict | None = None,
            status: int = 200):
    with read() as db:
        store = load_store(db, store_id)
        return render_template("admin/sku_matching.html", store=store,
                               unmatched=unmatched_skus(services(), store_id),
                               matches=sku_matches_of(db, store_id), errors=errors or {},
                               values=values or {}), status


@bp.get("/stores/<int:store_id>/sku-matching")
def sku_matching(store_id: int):
    return _render(store_id)


@bp.post("/stores/<int:store_id>/sku-matching")
def assign_sku(store_id: int):
    """Assign Catalog Product: checked against Commerce; the orders it blocked are retried."""
    amazon_sku = request.form.get("amazon_sku", "")
    commerce_sku = request.form.get("commerce_sku", "")
    with read() as db:
        load_store(db, store_id)
    try:
        result = match_sku(services(), store_id, amazon_sku, commerce_sku)
    except MatchRefused as refused:
        return _render(store_id, {(amazon_sku, refused.field): refused.message},
                       {amazon_sku: commerce_sku}, 400)
    if not result.saved:  # Commerce could not say whether the product exists
        return _render(store_id, {(amazon_sku, "commerce_sku"): (
            f"Commerce could not be reached to check the SKU ({result.not_saved.detail}). "
            "Nothing was saved; try again.")}, {amazon_sku: commerce_sku})
    message, kind = describe_outcome(result.imports) if result.retried else (
        "No blocked order had this SKU.", "success")
    admin_session().flash(f'Matched Amazon SKU "{result.amazon_sku}" to Commerce SKU '
                          f'"{result.commerce_sku}". {message}', kind)
    return redirect(url_for("admin.sku_matching", store_id=store_id), code=303)
