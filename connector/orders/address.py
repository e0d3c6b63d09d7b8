"""Fixing the shipping address of an order that is not imported yet ("Save Order").

Commerce refuses an order whose address it cannot use (a state it does not know, a malformed
postcode). The merchant corrects the address here; the order's stored snapshot is corrected
too (the import maps from it) and a note records who changed it. Retrying a blocked order
afterwards is the caller's (``actions.fix_shipping_address``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from connector.domain import GridStatus
from connector.models import AmazonOrder
from connector.orders.records import add_note
from connector.orders.services import Services
from mappings.regions import find_region, has_regions

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

COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())

POSTCODES = {
    "US": (re.compile(r"^\d{5}(-\d{4})?$"), "a ZIP code such as 80202 or 80202-1234"),
    "CA": (re.compile(r"^[A-Z]\d[A-Z] ?\d[A-Z]\d$"), "a postal code such as K1A 0B1"),
    "MX": (re.compile(r"^\d{5}$"), "a five-digit postal code"),
    "DE": (re.compile(r"^\d{5}$"), "a five-digit postal code"),
    "FR": (re.compile(r"^\d{5}$"), "a five-digit postal code"),
    "JP": (re.compile(r"^\d{3}-?\d{4}$"), "a postal code such as 100-0001"),
    "AU": (re.compile(r"^\d{4}$"), "a four-digit postcode"),
}
_ANY_POSTCODE = re.compile(r"^[A-Z0-9][A-Z0-9 -]{1,11}$")


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
    def _by_country(self, data, **_):
        errors: dict[str, list[str]] = {}
        country = (data.get("country_code") or "").upper()
        if "country_code" in data and country not in COUNTRIES:
            errors["country_code"] = ["Enter the shipping country as a two-letter code such "
                                      "as US."]
        elif country:
            region = data.get("state_or_region")
            if has_regions(country):
                if not region:
                    errors["state_or_region"] = [f"Enter the state or region ({country} "
                                                 "addresses need one)."]
                elif find_region(country, region) is None:
                    errors["state_or_region"] = [f'"{region}" is not a state or region of '
                                                 f"{country} that Commerce knows."]
            postcode = (data.get("postal_code") or "").upper()
            pattern, example = POSTCODES.get(country, (_ANY_POSTCODE, "a postal code"))
            if postcode and not pattern.match(postcode):
                errors["postal_code"] = [f"Enter {example}."]
        if errors:
            raise ValidationError(errors)


def clean_address(data) -> dict:
    """The seven fields, checked and tidied; ``ValidationError`` (field -> messages)."""
    values = ShippingAddressSchema().load(data)
    values["country_code"] = values["country_code"].upper()
    values["postal_code"] = values["postal_code"].upper()
    return values


def address_editable(row: AmazonOrder) -> bool:
    """Editable while no Commerce order exists and there is still an address to fix."""
    return (row.commerce_order_id is None and row.status != GridStatus.CANCELED
            and row.pii_removed_at is None)


@dataclass(frozen=True)
class AddressSaved:
    row_id: int
    changed: bool
    blocked: bool  # the order is in Error: retry it now


def update_shipping_address(svc: Services, store_id: int, amazon_order_id: str, data, *,
                            user: str) -> AddressSaved:
    """Save the corrected address and note who changed what.

    Raises ``ValidationError`` (nothing saved), ``AddressNotEditable`` or ``LookupError``."""
    values = clean_address(data)
    with svc.db.session() as session:
        row = session.scalar(select(AmazonOrder).where(
            AmazonOrder.store_id == store_id, AmazonOrder.amazon_order_id == amazon_order_id))
        if row is None:
            raise LookupError(f"no order {amazon_order_id} in store {store_id}")
        if not address_editable(row):
            raise AddressNotEditable("The order is imported into Commerce already; change the "
                                     "address in the Commerce order.")
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
