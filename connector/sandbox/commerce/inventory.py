"""The catalogue and MSI stock: products by SKU with a quantity per stock, the legacy stock item,
and salable quantities (source quantity plus reservations), as the connector's SKU matching
and stock checks read them.

Products come from the control API (``POST /_sandbox/products``) or the app's ``products``
option; Commerce's own product routes are read-only here, because the connector never writes
the catalogue.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from connector.sandbox.commerce.errors import NO_PRODUCT, MagentoError
from connector.sandbox.commerce.instance import STOCK_NAMES, WEBSITE_STOCKS
from connector.sandbox.commerce.orders import now
from connector.sandbox.commerce.state import CommerceState


class SeedProduct(Schema):
    """One product for ``POST /_sandbox/products``: ``qty`` is the default stock's quantity,
    ``stocks`` a quantity per stock id; ``status`` 1/"enabled" or 2/"disabled";
    ``manage_stock`` false for a product whose stock Commerce does not manage (seeded again
    without it, a product keeps its setting, as without ``qty`` it keeps its stock)."""

    sku = fields.String(required=True, validate=validate.Length(min=1, max=64))
    name = fields.String()
    price = fields.Float(validate=validate.Range(min=0))
    status = fields.Raw(load_default=1)
    type_id = fields.String(load_default="simple")
    website_ids = fields.List(fields.Integer(), load_default=lambda: [1])
    weight = fields.Float()
    qty = fields.Float(validate=validate.Range(min=0))
    stocks = fields.Dict(keys=fields.String(), values=fields.Float(validate=validate.Range(min=0)))
    manage_stock = fields.Boolean()


def seed_products(state: CommerceState, products: list[dict]) -> list[dict]:
    """Add or replace products (a SKU seeded again keeps its id); ``ValidationError`` names
    the bad fields."""
    loaded = SeedProduct(many=True).load(products)
    for index, data in enumerate(loaded):
        data["status"] = {"enabled": 1, "disabled": 2}.get(data["status"], data["status"])
        if data["status"] not in (1, 2):
            raise ValidationError({index: {"status": ["1 (enabled) or 2 (disabled)"]}})
    with state.lock:
        for data in loaded:
            existing = state.products.get(data["sku"])
            stocks = {int(k): float(v) for k, v in (data.get("stocks") or {}).items()}
            if "qty" in data:
                stocks[1] = float(data["qty"])
            state.products[data["sku"]] = {
                "id": existing["id"] if existing else state.next_id("product"),
                "sku": data["sku"], "name": data.get("name", data["sku"]),
                "attribute_set_id": 4, "price": data.get("price", 0.0),
                "status": data["status"], "visibility": 4, "type_id": data["type_id"],
                "weight": data.get("weight", 1.0), "created_at": now(), "updated_at": now(),
                "website_ids": data["website_ids"],
                "stocks": stocks or (existing or {}).get("stocks", {1: 0.0}),
                "manage_stock": data.get("manage_stock",
                                         (existing or {}).get("manage_stock", True))}
        return [product_view(state, p["sku"]) for p in loaded]


def product(state: CommerceState, sku: str) -> dict:
    """The stored product, or Magento's 404."""
    found = state.products.get(sku)
    if found is None:
        raise MagentoError(404, NO_PRODUCT)
    return found


def product_view(state: CommerceState, sku: str) -> dict:
    """The product as ``GET /V1/products/{sku}`` shows it, with its legacy stock item."""
    with state.lock:
        stored = product(state, sku)
        qty = stored["stocks"].get(1, 0.0)
        shown = {k: v for k, v in stored.items()
                 if k not in ("stocks", "website_ids", "manage_stock")}
        shown["extension_attributes"] = {
            "website_ids": list(stored["website_ids"]),
            "stock_item": _stock_item(stored, qty)}
        return shown


def _stock_item(stored: dict, qty: float) -> dict:
    managed = stored["manage_stock"]
    return {"item_id": stored["id"], "product_id": stored["id"], "stock_id": 1,
            "qty": qty, "is_in_stock": qty > 0 or not managed, "manage_stock": managed,
            "backorders": 0, "min_sale_qty": 1, "max_sale_qty": 10000, "qty_increments": 1,
            "is_qty_decimal": False}


def _known_stock(state: CommerceState, stock_id: int) -> int:
    known = set(STOCK_NAMES) | {s for p in state.products.values() for s in p["stocks"]}
    if stock_id not in known:
        raise MagentoError(404, 'Stock with id "%value" does not exist.',
                           {"value": str(stock_id)})
    return stock_id


def salable_quantity(state: CommerceState, sku: str, stock_id: int) -> float:
    """``GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}``."""
    with state.lock:
        product(state, sku)
        _known_stock(state, stock_id)
        return state.salable(sku, stock_id)


def salable_for(state: CommerceState, sku: str, stock_id: int, wanted: float) -> dict:
    """``GET /V1/inventory/is-product-salable-for-requested-qty/...``: MSI's answer with its
    reason (a product whose stock is not managed is always salable)."""
    with state.lock:
        enough = wanted <= salable_quantity(state, sku, stock_id)
        if enough or not product(state, sku)["manage_stock"]:
            return {"salable": True, "errors": []}
    return {"salable": False, "errors": [{
        "code": "is_salable_with_reservations-not_enough_qty",
        "message": "The requested qty is not available"}]}


def stock_resolver(kind: str, code: str) -> dict:
    """``GET /V1/inventory/stock-resolver/{type}/{code}``: the stock a website sells from."""
    if kind != "website" or code not in WEBSITE_STOCKS:
        raise MagentoError(404, "No linked stock found")
    stock_id = WEBSITE_STOCKS[code]
    return {"stock_id": stock_id, "name": STOCK_NAMES[stock_id], "extension_attributes": {
        "sales_channels": [{"type": "website", "code": c}
                           for c, s in WEBSITE_STOCKS.items() if s == stock_id]}}


def set_status(state: CommerceState, sku: str, status: str) -> None:
    """Enable or disable a product, as the merchant does in the admin (``KeyError``: no such
    product)."""
    with state.lock:
        state.products[sku]["status"] = 1 if status == "enabled" else 2
        state.products[sku]["updated_at"] = now()


def add_stock(state: CommerceState, sku: str, qty: float) -> float:
    """Add to the default stock's source quantity; the new quantity (``KeyError``: no such
    product)."""
    with state.lock:
        stocks = state.products[sku]["stocks"]
        stocks[1] = stocks.get(1, 0.0) + float(qty)
        state.products[sku]["updated_at"] = now()
        return stocks[1]
