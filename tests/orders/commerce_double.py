"""An in-memory Commerce for the lifecycle's rules: products, MSI salable quantities and legacy
stock, answered the way the Commerce client answers (``None`` for an unknown SKU,
``CommerceNotFound`` where Commerce has no MSI), with every call recorded."""

from __future__ import annotations

from connector.commerce import CommerceNotFound


class InMemoryCommerce:
    def __init__(self, products: dict[str, dict] | None = None, *,
                 salable: dict[str, float] | None = None, msi: bool = True,
                 stock: dict[str, dict] | None = None):
        self.products = {sku: {"sku": sku, "id": n, "name": sku, "type_id": "simple",
                               "status": 1, **extra}
                         for n, (sku, extra) in enumerate((products or {}).items(), start=1)}
        self.salable_qty = dict(salable or {})
        self.msi = msi
        self.stock = dict(stock or {})
        self.calls: list[tuple] = []

    def get_product(self, sku: str) -> dict | None:
        self.calls.append(("get_product", sku))
        return self.products.get(sku)

    def is_salable(self, sku: str, qty: float, stock_id: int) -> bool:
        self.calls.append(("is_salable", sku, qty, stock_id))
        if not self.msi:
            raise CommerceNotFound("no such route", status=404, method="GET", url="/V1/inventory")
        return self.salable_qty.get(sku, 0) >= qty

    def stock_item(self, sku: str) -> dict | None:
        self.calls.append(("stock_item", sku))
        return self.stock.get(sku)
