"""Fixing the shipping address of an order that is not imported yet ("Save Order").

Commerce refuses an order whose address it cannot use (a state it does not know, a malformed
postcode). The merchant corrects the address here; the order's stored snapshot is corrected
too (the import maps from it) and a note records who changed it. Retrying a blocked order
afterwards is the caller's (``actions.fix_shipping_address``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pycountry
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from connector.domain import Address, GridStatus
from connector.models import AmazonOrder, Store
from connector.orders.importer import left_to_seller_central
from connector.orders.queries import order_or_lookup_error
from connector.orders.records import add_note
from connector.orders.regions import regions_for_page
from connector.orders.services import Services
from mappings.address_normalisation import normalise_address
from mappings.regions import RegionList

# The seven fields Amazon Order Details lets the merchant edit, with their labels.
FIELDS = {
    "line1": "Shipping address 1",
    "line2": "Shipping address 2",
    "line3": "Shipping address 3",
    "city": "Shipping city",
    "state_or_region": "Shipping region",
    "postal_code": "Shipping postal code",
    "country_code": "Shipping country",
}

class AddressNotEditable(Exception):
    """The order is imported (or canceled, or its address was removed): change it elsewhere."""


def _text(max_length: int, *, required: bool = False, label: str = "") -> fields.String:
    checks = [validate.Length(max=max_length, error=f"Enter at most {max_length} characters.")]
    if required:
        checks.insert(0, validate.Length(min=1, error=f"Enter the {label.lower()}."))
        return fields.String(required=True, validate=checks,
                             error_messages={"required": f"Enter the {label.lower()}."})
    return fields.String(load_default=None, allow_none=True, validate=checks)


class ShippingAddressSchema(Schema):
    class Meta:
        unknown = RAISE

    line1 = _text(120, required=True, label="shipping address")
    line2 = _text(120)
    line3 = _text(120)
    city = _text(80, required=True, label="shipping city")
    state_or_region = _text(80)
    postal_code = _text(20, required=True, label="shipping postal code")
    country_code = fields.String(required=True, error_messages={
        "required": "Enter the shipping country as a two-letter code such as US."})

    def load(self, data, **kwargs):
        cleaned = {k: (" ".join(v.split()) if isinstance(v, str) else v)
                   for k, v in dict(data).items()}
        for optional in ("line2", "line3", "state_or_region"):
            if cleaned.get(optional) == "":
                cleaned[optional] = None
        return super().load(cleaned, **kwargs)

    @validates_schema(skip_on_field_errors=False)
    def _country(self, data, **_):
        country = (data.get("country_code") or "").upper()
        if "country_code" in data and (len(country) != 2
                                       or pycountry.countries.get(alpha_2=country) is None):
            raise ValidationError({"country_code": [
                "Enter the shipping country as a two-letter code such as US."]})


def clean_address(data, regions: RegionList | None = None) -> dict:
    """The seven fields, checked and normalised as the import will (region code, postal code
    form); ``ValidationError`` (field -> messages)."""
    values = ShippingAddressSchema().load(data)
    values["country_code"] = values["country_code"].upper()
    result = normalise_address(Address(**values), regions)
    if result.problems:
        raise ValidationError({p.field: [p.message] for p in result.problems})
    return {name: getattr(result.address, name) for name in FIELDS}


def address_editable(row: AmazonOrder, import_enabled: bool = True) -> bool:
    """Editable while the order is on its way into Commerce (import on, not left to Seller
    Central) and there is still an address to fix."""
    return (import_enabled and row.commerce_order_id is None
            and row.status != GridStatus.CANCELED and row.pii_removed_at is None
            and not left_to_seller_central(row))


def not_editable_reason(row: AmazonOrder, import_enabled: bool) -> str:
    if row.commerce_order_id is not None:
        return ("The order is imported into Commerce already; change the address in the "
                "Commerce order.")
    if left_to_seller_central(row):
        return "Import was disabled when this order arrived: manage it in Seller Central."
    if not import_enabled:
        return "Import is disabled for this store: the order is view-only here."
    return "The order's address can no longer be changed here."


@dataclass(frozen=True)
class AddressSaved:
    row_id: int
    changed: bool
    blocked: bool  # the order is in Error: retry it now


def update_shipping_address(svc: Services, store_id: int, amazon_order_id: str, data, *,
                            user: str) -> AddressSaved:
    """Save the corrected address and note who changed what.

    Raises ``ValidationError`` (nothing saved), ``AddressNotEditable`` or ``LookupError``."""
    with svc.db.session() as session:
        row = order_or_lookup_error(session, store_id, amazon_order_id)
        store = session.get(Store, store_id)
        if not address_editable(row, store.settings.import_enabled):
            raise AddressNotEditable(not_editable_reason(row, store.settings.import_enabled))
        session.expunge(store)
    values = clean_address(data, regions_for_page(svc, store))
    with svc.db.session() as session:
        row = order_or_lookup_error(session, store_id, amazon_order_id)
        before = dict(row.shipping_address or {})
        after = {**before, **values}
        changed = after != before
        if changed:
            row.shipping_address = after
            snapshot = dict(row.order_data)
            snapshot["shipping_address"] = {**(snapshot.get("shipping_address") or {}),
                                            **values}
            row.order_data = snapshot
            row.shipping_address_edited_at = svc.clock()
            edited = ", ".join(FIELDS[k] for k in FIELDS if before.get(k) != after.get(k))
            add_note(session, row, f"Shipping address changed by {user} ({edited}).",
                     svc.clock())
        return AddressSaved(row.id, changed, row.status == GridStatus.ERROR)
