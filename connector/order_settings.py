"""The Order settings of a store: validation and saving, shared by the admin page and the API.

A save is partial: a field left out keeps its saved value (the page leaves out the fields it
greys out). Every given field is checked first; one bad value and nothing is saved. Errors come
back per field (marshmallow's ``ValidationError.messages``: field -> [message]).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates_schema,
)
from sqlalchemy.orm import Session

from connector.models import OrderSettings, Store

GUEST, CREATE = "guest", "create"
COMMERCE_NUMBER, AMAZON_NUMBER = "commerce", "amazon"
DEFAULT_STATUS, CUSTOM_STATUS = "default", "custom"

# The merchant's words for each choice, as the page shows them.
CHOICES = {
    "import_enabled": {True: "Enabled", False: "Disabled"},
    "customer_creation": {GUEST: "No Customer Creation (guest)",
                          CREATE: "Build New Customer Account"},
    "order_number_source": {COMMERCE_NUMBER: "Build Using Commerce Order Number",
                            AMAZON_NUMBER: "Build Using Amazon Order Number"},
    "order_status": {DEFAULT_STATUS: "Default Order Status",
                     CUSTOM_STATUS: "Custom Order Status"},
    "reservation_strategy": {
        "none": "None (Commerce counts imported orders only once shipped)",
        "module": "Companion module (reserved when the order is imported)",
        "cli-recipe": "Magento's reservation commands, run from cron"},
    "reserve_pending": {False: "Do Not Reserve Quantity", True: "Reserve Quantity"},
    "hold_buyer_cancellations": {True: "Hold", False: "Do Not Hold"},
}
# The page's option values for Pending Orders and for Hold orders the buyer asked to cancel.
PENDING_FORM = {True: "reserve", False: "do_not_reserve"}
HOLD_FORM = {True: "hold", False: "do_not_hold"}
MODULE_STRATEGY = "module"
DEFAULTS = {"import_enabled": True, "customer_creation": GUEST,
            "order_number_source": COMMERCE_NUMBER, "order_status": DEFAULT_STATUS,
            "payment_method_code": "checkmo", "shipping_method_code": "flatrate_flatrate",
            "sync_interval_minutes": 5, "carrier_mapping": {}, "reservation_strategy": "none",
            "reserve_pending": False, "hold_buyer_cancellations": True}
SYNC_MINUTES = (1, 1440)
CODE_MAX = 64

_STORE_VIEW = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_STATUS = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_PAYMENT = re.compile(r"^[a-z0-9_]{1,64}$")
_SHIPPING = re.compile(r"^[a-z0-9]+_[A-Za-z0-9_]+$")
_COMMERCE_CARRIER = re.compile(r"^[a-z0-9_]{1,64}$")
_AMAZON_CARRIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._&-]{0,63}$")
CARRIER_LINE_HELP = "write each line as Commerce carrier code = Amazon carrier code, e.g. ups = UPS"


class CarrierMapping(fields.Field):
    """Lines of ``commerce_code = Amazon code`` (the page), or an object (the API)."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, Mapping):
            pairs = [(str(k), str(v) if v is not None else "") for k, v in value.items()]
            where = [f'"{k}"' for k, _ in pairs]
        elif isinstance(value, str):
            pairs, where = [], []
            for number, line in enumerate(value.splitlines(), start=1):
                if not line.strip():
                    continue
                if "=" not in line:
                    raise ValidationError(f"Line {number}: {CARRIER_LINE_HELP}.")
                commerce, amazon = line.split("=", 1)
                pairs.append((commerce, amazon))
                where.append(f"Line {number}")
        else:
            raise ValidationError(f"Give the carrier mapping as text lines; {CARRIER_LINE_HELP}.")
        mapping: dict[str, str] = {}
        for (commerce, amazon), place in zip(pairs, where, strict=True):
            commerce, amazon = commerce.strip().lower(), amazon.strip()
            if not _COMMERCE_CARRIER.match(commerce):
                raise ValidationError(f"{place}: the Commerce carrier code must be lower-case "
                                      "letters, digits or _ (e.g. ups).")
            if not _AMAZON_CARRIER.match(amazon):
                raise ValidationError(f"{place}: enter the Amazon carrier code (e.g. UPS).")
            if commerce in mapping:
                raise ValidationError(f"{place}: {commerce} is mapped twice.")
            mapping[commerce] = amazon
        return mapping


def _choice(name: str, message: str) -> fields.String:
    return fields.String(validate=validate.OneOf(list(CHOICES[name]), error=message))


class OrderSettingsSchema(Schema):
    """The fields of the Order settings page. ``store_views`` / ``processing_statuses``: the
    codes Commerce offers (``None`` when Commerce could not be asked: only the form of the code
    is checked then)."""

    class Meta:
        unknown = RAISE

    import_enabled = fields.Boolean(
        truthy={True, "enabled", "Enabled", "true", "1", "on"},
        falsy={False, "disabled", "Disabled", "false", "0", "off"},
        error_messages={"invalid": "Choose Enabled or Disabled."})
    store_view_code = fields.String(validate=validate.Regexp(
        _STORE_VIEW, error="Choose the store view that receives the orders."))
    customer_creation = _choice("customer_creation",
                                "Choose No Customer Creation (guest) or Build New Customer "
                                "Account.")
    order_number_source = _choice("order_number_source",
                                  "Choose Build Using Commerce Order Number or Build Using "
                                  "Amazon Order Number.")
    order_status = _choice("order_status", "Choose Default Order Status or Custom Order Status.")
    processing_status = fields.String(allow_none=True)
    payment_method_code = fields.String(validate=validate.Regexp(
        _PAYMENT, error="Enter a payment method code such as checkmo (lower-case letters, "
                        "digits and _, at most 64)."))
    shipping_method_code = fields.String(validate=[
        validate.Length(max=CODE_MAX, error="Enter at most 64 characters."),
        validate.Regexp(_SHIPPING, error="Enter a shipping method as carrier_method, such as "
                                         "flatrate_flatrate.")])
    sync_interval_minutes = fields.Integer(
        strict=False, validate=validate.Range(*SYNC_MINUTES, error=(
            f"Enter a whole number of minutes from {SYNC_MINUTES[0]} to {SYNC_MINUTES[1]}.")),
        error_messages={"invalid": "Enter a whole number of minutes from "
                                   f"{SYNC_MINUTES[0]} to {SYNC_MINUTES[1]}."})
    carrier_mapping = CarrierMapping()
    reservation_strategy = fields.String(validate=validate.OneOf(
        list(CHOICES["reservation_strategy"]), error="Choose how stock is reserved."))
    reserve_pending = fields.Boolean(
        truthy={True, "reserve", "Reserve Quantity", "true", "1", "on"},
        falsy={False, "do_not_reserve", "Do Not Reserve Quantity", "false", "0", "off"},
        error_messages={"invalid": "Choose Reserve Quantity or Do Not Reserve Quantity."})
    hold_buyer_cancellations = fields.Boolean(
        truthy={True, "hold", "Hold", "true", "1", "on"},
        falsy={False, "do_not_hold", "Do Not Hold", "false", "0", "off"},
        error_messages={"invalid": "Choose Hold or Do Not Hold."})

    def __init__(self, *, current: OrderSettings, store_views: list[str] | None = None,
                 processing_statuses: list[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.current = current
        self.store_views = store_views
        self.processing_statuses = processing_statuses

    @pre_load
    def _blank_is_absent(self, data, **_):
        """A select left on its placeholder posts ""; the checks below say what is missing."""
        if not isinstance(data, Mapping):
            raise ValidationError("Send the settings as fields.")
        data = dict(data)
        if isinstance(data.get("processing_status"), str) and not data["processing_status"].strip():
            data["processing_status"] = None
        return {k: v.strip() if isinstance(v, str) and k != "carrier_mapping" else v
                for k, v in data.items()}

    @validates_schema(skip_on_field_errors=False)
    def _against_commerce(self, data, **_):
        errors: dict[str, list[str]] = {}
        view = data.get("store_view_code")
        if view and self.store_views is not None and view not in self.store_views:
            errors["store_view_code"] = [f'Commerce has no store view "{view}".']
        enabled = data.get("import_enabled", self.current.import_enabled)
        custom = data.get("order_status", self.current.order_status) == CUSTOM_STATUS
        status = data.get("processing_status", self.current.processing_status)
        if "processing_status" in data and status:
            if not _STATUS.match(status):
                errors["processing_status"] = ["Choose an order status of state processing."]
            elif (self.processing_statuses is not None
                  and status not in self.processing_statuses):
                errors["processing_status"] = [
                    f'"{status}" is not an order status of state processing in Commerce.']
        if enabled and custom and not status:
            errors["processing_status"] = ["Choose the Processing Order Status (required with "
                                           "Custom Order Status)."]
        strategy = data.get("reservation_strategy", self.current.reservation_strategy)
        if data.get("reserve_pending") and strategy != MODULE_STRATEGY:
            errors["reserve_pending"] = [
                "Reserve Quantity needs the companion module: choose it under Stock "
                "Reservations first."]
        if errors:
            raise ValidationError(errors)

    @post_load
    def _pending_needs_the_module(self, data, **_):
        """Leaving the module strategy turns the Pending holds off too (they need it)."""
        if data.get("reservation_strategy", self.current.reservation_strategy) \
                != MODULE_STRATEGY:
            data["reserve_pending"] = False
        return data


def save_order_settings(session: Session, store_id: int, data: Mapping, *,
                        store_views: list[str] | None = None,
                        processing_statuses: list[str] | None = None) -> OrderSettings:
    """Validate ``data`` and save it; ``ValidationError`` (field -> messages) and nothing saved
    when any field is wrong. ``LookupError`` when the store does not exist."""
    store = session.get(Store, store_id)
    if store is None:
        raise LookupError(f"no store with id {store_id}")
    settings = store.settings
    schema = OrderSettingsSchema(current=settings, store_views=store_views,
                                 processing_statuses=processing_statuses)
    values = schema.load(data)
    for name, value in values.items():
        setattr(settings, name, value)
    session.flush()
    return settings


def describe_settings(settings: OrderSettings) -> dict:
    """The saved settings as plain data (for the API and the page)."""
    return {
        "import_enabled": settings.import_enabled,
        "store_view_code": settings.store_view_code,
        "customer_creation": settings.customer_creation,
        "order_number_source": settings.order_number_source,
        "order_status": settings.order_status,
        "processing_status": settings.processing_status,
        "payment_method_code": settings.payment_method_code,
        "shipping_method_code": settings.shipping_method_code,
        "sync_interval_minutes": settings.sync_interval_minutes,
        "carrier_mapping": dict(settings.carrier_mapping or {}),
        "reservation_strategy": settings.reservation_strategy,
        "reserve_pending": settings.reserve_pending,
        "hold_buyer_cancellations": settings.hold_buyer_cancellations,
    }


def carrier_lines(mapping: Mapping[str, str] | None) -> str:
    """The carrier mapping as the page's text lines."""
    return "\n".join(f"{k} = {v}" for k, v in sorted((mapping or {}).items()))
