"""Pure mappings from the internal Amazon order model to Commerce REST bodies.

No I/O, no Flask, no database, and nothing imported from ``connector`` at run time."""

from mappings.catalog import CatalogProduct
from mappings.findings import (
    CURRENCY_MISMATCH,
    GIFT_WRAP_IN_SHIPPING,
    NO_ITEMS,
    ORDER_TOTAL_MISSING,
    PII_MISSING,
    REGION_NOT_RECOGNISED,
    TOTAL_MISMATCH,
    Finding,
)
from mappings.jsonbody import to_json
from mappings.order import ORDER_RULES, MappedOrder, order_body
from mappings.settings import MappingSettings, SettingsError
from mappings.shipment import CARRIERS, ShipmentMappingError, shipment_confirmation
from mappings.shipped_on_amazon import made_on_amazon, shipment_for_amazon_shipped
from mappings.status import (
    AMAZON_TO_GRID,
    GRID_STATUSES,
    IMPORTABLE_STATUSES,
    grid_status,
    is_importable,
    order_is_importable,
)

__all__ = [
    "AMAZON_TO_GRID",
    "CARRIERS",
    "CURRENCY_MISMATCH",
    "GIFT_WRAP_IN_SHIPPING",
    "GRID_STATUSES",
    "IMPORTABLE_STATUSES",
    "NO_ITEMS",
    "ORDER_RULES",
    "ORDER_TOTAL_MISSING",
    "PII_MISSING",
    "REGION_NOT_RECOGNISED",
    "TOTAL_MISMATCH",
    "CatalogProduct",
    "Finding",
    "MappedOrder",
    "MappingSettings",
    "SettingsError",
    "ShipmentMappingError",
    "grid_status",
    "is_importable",
    "made_on_amazon",
    "order_body",
    "order_is_importable",
    "shipment_confirmation",
    "shipment_for_amazon_shipped",
    "to_json",
]
