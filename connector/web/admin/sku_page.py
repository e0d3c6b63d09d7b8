"""SKU matching: Amazon SKUs that block orders, the catalogue picker that finds the Commerce
product to match, and the matches made (each can be changed or removed)."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from connector.orders import (
    MatchRefused,
    match_sku,
    search_catalogue,
    sku_matches_of,
    unmatch_sku,
    unmatched_skus,
)
from connector.web.admin.blueprint import admin_session, bp, load_store, read, services
from connector.web.admin.outcomes import describe_outcome


def _picker(store, pick: str | None):
    """The catalogue page the request asks for (``q``, ``page``), for Amazon SKU ``pick``."""
    query = request.args.get("q", "")
    page = request.args.get("page", 1, type=int) or 1
    return search_catalogue(services(), store, query, max(1, page))


def _render(store_id: int, errors: dict | None = None, values: dict | None = None,
            status: int = 200, pick: str | None = None):
    pick = pick if pick is not None else (request.args.get("pick") or "").strip() or None
    with read() as db:
        store = load_store(db, store_id)
        catalogue = _picker(store, pick) if pick else None
        return render_template("admin/sku_matching.html", store=store,
                               unmatched=unmatched_skus(services(), store_id),
                               matches=sku_matches_of(db, store_id), errors=errors or {},
                               values=values or {}, pick=pick, catalogue=catalogue), status


@bp.get("/stores/<int:store_id>/sku-matching")
def sku_matching(store_id: int):
    return _render(store_id)


@bp.get("/stores/<int:store_id>/sku-matching/catalogue")
def catalogue_results(store_id: int):
    """The picker's results alone, for the page's script to show as the merchant types."""
    pick = (request.args.get("pick") or "").strip()
    with read() as db:
        store = load_store(db, store_id)
        return render_template("admin/_catalogue.html", store=store, pick=pick,
                               catalogue=_picker(store, pick), errors={})


def _back(store_id: int):
    return redirect(url_for("admin.sku_matching", store_id=store_id), code=303)


@bp.post("/stores/<int:store_id>/sku-matching")
def assign_sku(store_id: int):
    """Assign (or change) the Commerce product of an Amazon SKU: checked against Commerce
    (exists, enabled, a type an order can carry); the orders it blocked are retried."""
    amazon_sku = request.form.get("amazon_sku", "")
    commerce_sku = request.form.get("commerce_sku", "")
    picked = request.form.get("from") == "catalogue"
    with read() as db:
        load_store(db, store_id)
    try:
        result = match_sku(services(), store_id, amazon_sku, commerce_sku)
    except MatchRefused as refused:
        return _render(store_id, {(amazon_sku, refused.field): refused.message},
                       {amazon_sku: commerce_sku}, 400, pick=amazon_sku if picked else None)
    if not result.saved:  # Commerce could not say whether the product can be matched
        return _render(store_id, {(amazon_sku, "commerce_sku"): (
            f"Commerce could not be reached to check the SKU ({result.not_saved.detail}). "
            "Nothing was saved; try again.")}, {amazon_sku: commerce_sku},
            pick=amazon_sku if picked else None)
    message, kind = describe_outcome(result.imports) if result.retried else (
        "No blocked order had this SKU.", "success")
    admin_session().flash(f'Matched Amazon SKU "{result.amazon_sku}" to Commerce SKU '
                          f'"{result.commerce_sku}". {message}', kind)
    return _back(store_id)


@bp.post("/stores/<int:store_id>/sku-matching/remove")
def remove_sku_match(store_id: int):
    """Remove a match; the blocked orders with that SKU are looked at again at once."""
    amazon_sku = request.form.get("amazon_sku", "")
    with read() as db:
        load_store(db, store_id)
    result = unmatch_sku(services(), store_id, amazon_sku)
    if result is None:
        admin_session().flash(f'Amazon SKU "{amazon_sku}" has no match to remove.', "warning")
    elif result.retried:
        message, kind = describe_outcome(result.imports)
        admin_session().flash(f'Removed the match of Amazon SKU "{amazon_sku}". {message}',
                              kind)
    else:
        admin_session().flash(f'Removed the match of Amazon SKU "{amazon_sku}": its orders '
                              "will look for the same SKU in Commerce.")
    return _back(store_id)
