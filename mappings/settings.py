"""The order settings a mapping needs, with the defaults a new store starts from."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from connector.domain.statuses import CommerceState

COMMERCE_NUMBER = "commerce"
AMAZON_NUMBER = "amazon"

# The merchant's words on the Order settings page, accepted as well as the short codes.
ORDER_NUMBER_SOURCES = {
    COMMERCE_NUMBER: COMMERCE_NUMBER,
    AMAZON_NUMBER: AMAZON_NUMBER,
    "build using commerce order number": COMMERCE_NUMBER,
    "build using magento order number": COMMERCE_NUMBER,
    "build using amazon order number": AMAZON_NUMBER,
}

# Magento's order address validator checks the address syntactically and the domain's TLD,
# so the placeholder lives on a reserved (RFC 2606) domain with a real TLD.
DEFAULT_PLACEHOLDER_EMAIL = "amazon-buyer@example.com"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
SHIPPING_METHOD_MAX = 120  # sales_order.shipping_method is varchar(120)


class SettingsError(ValueError):
    """Bad settings; ``errors`` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


@dataclass(frozen=True)
class MappingSettings:
    """Order settings of one Amazon store, as the mappings read them."""

    store_id: int = 1
    website_id: int = 1
    order_number_source: str = COMMERCE_NUMBER
    customer_id: int | None = None  # None: orders are placed as guest orders
    customer_group_id: int = 0  # 0 = NOT LOGGED IN, Commerce's group for guests
    payment_method_code: str = "checkmo"
    shipping_method_code: str = "flatrate_flatrate"
    processing_status: str = CommerceState.PROCESSING
    carrier_mapping: Mapping[str, str] = field(default_factory=dict, hash=False)
    placeholder_email: str = DEFAULT_PLACEHOLDER_EMAIL

    @property
    def uses_amazon_order_number(self) -> bool:
        return self.order_number_source == AMAZON_NUMBER

    @classmethod
    def from_dict(cls, data: Mapping) -> MappingSettings:
        """Settings from plain data (a JSON object); every bad field is reported at once."""
        if not isinstance(data, Mapping):
            raise SettingsError({"_schema": "settings must be a JSON object"})
        known = {f.name for f in fields(cls)}
        errors: dict[str, str] = {}
        values: dict = {}
        for name in data:
            if name not in known:
                errors[str(name)] = "unknown field"
        for name, check in _CHECKS.items():
            if name not in data:
                continue
            try:
                values[name] = check(data[name])
            except ValueError as exc:
                errors[name] = str(exc)
        if errors:
            raise SettingsError(errors)
        return cls(**values)

    def to_dict(self) -> dict:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["carrier_mapping"] = dict(self.carrier_mapping)
        return values


def _whole_number(value, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    if value < minimum:
        raise ValueError(f"must be at least {minimum}")
    return value


def _positive_id(value) -> int:
    return _whole_number(value, minimum=1)


def _optional_positive_id(value) -> int | None:
    return None if value is None else _positive_id(value)


def _group_id(value) -> int:
    return _whole_number(value, minimum=0)


def _code(value, *, max_length: int = 255) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty text")
    if len(value) > max_length:
        raise ValueError(f"must be at most {max_length} characters")
    return value.strip()


def _shipping_method(value) -> str:
    code = _code(value, max_length=SHIPPING_METHOD_MAX)
    if "_" not in code:
        raise ValueError("must be a carrier_method code such as flatrate_flatrate")
    return code


def _order_number_source(value) -> str:
    if isinstance(value, str) and value.strip().lower() in ORDER_NUMBER_SOURCES:
        return ORDER_NUMBER_SOURCES[value.strip().lower()]
    raise ValueError("must be 'commerce' (Build Using Commerce Order Number) or "
                     "'amazon' (Build Using Amazon Order Number)")


def _carrier_mapping(value) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ValueError("must be an object of Commerce carrier code -> Amazon carrier code")
    mapping: dict[str, str] = {}
    for commerce, amazon in value.items():
        if not isinstance(commerce, str) or not commerce.strip():
            raise ValueError("Commerce carrier codes must be non-empty texts")
        if not isinstance(amazon, str) or not amazon.strip():
            raise ValueError(f"Amazon carrier code for {commerce!r} must be a non-empty text")
        mapping[commerce.strip().lower()] = amazon.strip()
    return mapping


def _email(value) -> str:
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        raise ValueError("must be an email address such as amazon-buyer@example.com")
    return value.strip()


_CHECKS = {
    "store_id": _positive_id,
    "website_id": _positive_id,
    "order_number_source": _order_number_source,
    "customer_id": _optional_positive_id,
    "customer_group_id": _group_id,
    "payment_method_code": _code,
    "shipping_method_code": _shipping_method,
    "processing_status": _code,
    "carrier_mapping": _carrier_mapping,
    "placeholder_email": _email,
}
