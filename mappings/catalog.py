"""The Commerce product an Amazon SKU was matched to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SIMPLE = "simple"


@dataclass(frozen=True)
class CatalogProduct:
    """A Commerce product as ``GET /V1/products/{sku}`` describes it (``id``, ``sku``,
    ``name``, ``type_id``). ``product_id`` and ``name`` may be unknown (same-SKU matching
    without a catalog lookup)."""

    sku: str
    product_id: int | None = None
    name: str | None = None
    type_id: str = SIMPLE

    @classmethod
    def from_commerce(cls, product: Mapping) -> CatalogProduct:
        """From Commerce's product JSON (``id``, ``sku``, ``name``, ``type_id``)."""
        return cls(sku=product["sku"], product_id=product.get("id"), name=product.get("name"),
                   type_id=product.get("type_id") or SIMPLE)


Catalog = Mapping[str, "CatalogProduct | Mapping"]


def matched_product(catalog: Catalog | None, amazon_sku: str) -> CatalogProduct:
    """The product matched to an Amazon SKU; without a match, the same SKU in Commerce."""
    found = (catalog or {}).get(amazon_sku)
    if found is None:
        return CatalogProduct(sku=amazon_sku)
    if isinstance(found, CatalogProduct):
        return found
    return CatalogProduct.from_commerce(found)
