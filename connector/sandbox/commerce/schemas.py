"""The request bodies the Commerce sandbox accepts, as marshmallow schemas of its own.

Written from Adobe's 2.4.8 admin REST contract for the operations the connector uses, and kept
here, apart from the connector's client, so that the sandbox judges what the client sends
instead of sharing its reading of the contract. The rules that matter, because Magento applies
them and a bad body costs a failed import:

- unknown fields are rejected (Magento answers ``Property "X" does not have accessor method``);
- JSON types are strict: no strings for numbers, no numbers for booleans, no ``null``;
- the required fields are the ones Magento needs in practice (order: items, billing address,
  payment, email and grand totals; address: what Magento's order address validator checks), not the
  swagger's ``required`` lists, which come from PHP getters and are not enforced on input;
- a few column limits: ``increment_id`` 50 characters, ``ext_order_id`` 32, currency codes 3.

``request_body_errors(operation, body)`` is the entry point: an empty dict means valid, otherwise
marshmallow's nested messages (list indexes as integer keys). The sandbox checks every body with
it, and tests hand it to the connector's client as its ``body_check``. ``php_class`` names the
PHP interface Magento would name in its error text.

Each definition below is one line-wrapped string of ``name:type`` tokens. ``*`` marks a required
field; types are ``str``, ``int``, ``num``, ``bool``, ``obj`` (any object), ``@definition``, or a
list ``[type]`` (``+`` after it: at least one element); ``<=N`` limits a string's length and
``{a,b}`` lists the allowed values.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from functools import cache
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

__all__ = [
    "OPERATIONS",
    "UNKNOWN_FIELD",
    "REQUIRED_FIELD",
    "definition",
    "php_class",
    "request_body_errors",
    "schema_for",
]

UNKNOWN_FIELD = "Unknown field."
REQUIRED_FIELD = "Missing data for required field."

# The body of each operation; the keys are what callers pass to ``request_body_errors``.
OPERATIONS: dict[str, str] = {
    "create_order": "create-order-body",
    "invoice": "invoice-body",
    "ship": "ship-body",
    "comment": "comment-body",
    "create_customer": "create-customer-body",
    "reservations": "reservations-body",
    "pending_holds": "pending-holds-body",
}

_DEFINITIONS: dict[str, str] = {
    # POST /V1/orders
    "create-order-body": """
        *entity:@sales-data-order
    """,
    # POST /V1/order/{orderId}/invoice
    "invoice-body": """
        capture:bool items:[@sales-data-invoice-item-creation] notify:bool appendComment:bool
        comment:@sales-data-invoice-comment-creation
        arguments:@sales-data-invoice-creation-arguments
    """,
    # POST /V1/order/{orderId}/ship
    "ship-body": """
        items:[@sales-data-shipment-item-creation] notify:bool appendComment:bool
        comment:@sales-data-shipment-comment-creation tracks:[@sales-data-shipment-track-creation]
        packages:[@sales-data-shipment-package-creation]
        arguments:@sales-data-shipment-creation-arguments
    """,
    # POST /V1/orders/{id}/comments
    "comment-body": """
        *statusHistory:@sales-data-order-status-history
    """,
    # POST /V1/customers (Magento\Customer\Api\AccountManagementInterface::createAccount)
    "create-customer-body": """
        *customer:@customer-data-customer password:str redirectUrl:str
    """,
    # POST /V1/amazon-orders/reservations (the companion module's endpoint)
    "reservations-body": """
        *orderId:int
    """,
    # POST /V1/amazon-orders/pending-holds (the companion module's endpoint)
    "pending-holds-body": """
        *amazonOrderId:str<=64 *storeCode:str *items:[@pending-hold-item]+
    """,
    "pending-hold-item": """
        *sku:str *qty:num
    """,
    "customer-data-customer": """
        id:int group_id:int default_billing:str default_shipping:str confirmation:str
        created_at:str updated_at:str created_in:str dob:str *email:str *firstname:str
        *lastname:str middlename:str prefix:str suffix:str gender:int store_id:int taxvat:str
        website_id:int addresses:[@customer-data-address] disable_auto_group_change:int
        extension_attributes:@customer-data-customer-extension
        custom_attributes:[@framework-attribute]
    """,
    "customer-data-customer-extension": """
        is_subscribed:bool assistance_allowed:int
    """,
    "customer-data-address": """
        id:int customer_id:int region:@customer-data-region region_id:int country_id:str
        street:[str] company:str telephone:str fax:str postcode:str city:str firstname:str
        lastname:str middlename:str prefix:str suffix:str vat_id:str default_shipping:bool
        default_billing:bool extension_attributes:obj custom_attributes:[@framework-attribute]
    """,
    "customer-data-region": """
        *region_code:str *region:str *region_id:int extension_attributes:obj
    """,
    "framework-attribute": """
        *attribute_code:str *value:str
    """,
    "sales-data-order": """
        adjustment_negative:num adjustment_positive:num applied_rule_ids:str
        base_adjustment_negative:num base_adjustment_positive:num base_currency_code:str<=3
        base_discount_amount:num base_discount_canceled:num base_discount_invoiced:num
        base_discount_refunded:num *base_grand_total:num
        base_discount_tax_compensation_amount:num base_discount_tax_compensation_invoiced:num
        base_discount_tax_compensation_refunded:num base_shipping_amount:num
        base_shipping_canceled:num base_shipping_discount_amount:num
        base_shipping_discount_tax_compensation_amnt:num base_shipping_incl_tax:num
        base_shipping_invoiced:num base_shipping_refunded:num base_shipping_tax_amount:num
        base_shipping_tax_refunded:num base_subtotal:num base_subtotal_canceled:num
        base_subtotal_incl_tax:num base_subtotal_invoiced:num base_subtotal_refunded:num
        base_tax_amount:num base_tax_canceled:num base_tax_invoiced:num base_tax_refunded:num
        base_total_canceled:num base_total_due:num base_total_invoiced:num
        base_total_invoiced_cost:num base_total_offline_refunded:num
        base_total_online_refunded:num base_total_paid:num base_total_qty_ordered:num
        base_total_refunded:num base_to_global_rate:num base_to_order_rate:num
        billing_address_id:int can_ship_partially:int can_ship_partially_item:int
        coupon_code:str created_at:str customer_dob:str *customer_email:str<=128
        customer_firstname:str<=128 customer_gender:int customer_group_id:int customer_id:int
        customer_is_guest:int{0,1} customer_lastname:str<=128 customer_middlename:str
        customer_note:str customer_note_notify:int customer_prefix:str customer_suffix:str
        customer_taxvat:str discount_amount:num discount_canceled:num discount_description:str
        discount_invoiced:num discount_refunded:num edit_increment:int email_sent:int
        entity_id:int ext_customer_id:str<=32 ext_order_id:str<=32
        forced_shipment_with_invoice:int global_currency_code:str<=3 *grand_total:num
        discount_tax_compensation_amount:num discount_tax_compensation_invoiced:num
        discount_tax_compensation_refunded:num hold_before_state:str hold_before_status:str
        increment_id:str<=50 is_virtual:int order_currency_code:str<=3 original_increment_id:str
        payment_authorization_amount:num payment_auth_expiration:int protect_code:str
        quote_address_id:int quote_id:int relation_child_id:str relation_child_real_id:str
        relation_parent_id:str relation_parent_real_id:str remote_ip:str<=45 shipping_amount:num
        shipping_canceled:num shipping_description:str shipping_discount_amount:num
        shipping_discount_tax_compensation_amount:num shipping_incl_tax:num
        shipping_invoiced:num shipping_refunded:num shipping_tax_amount:num
        shipping_tax_refunded:num state:str status:str store_currency_code:str<=3 store_id:int
        store_name:str<=255 store_to_base_rate:num store_to_order_rate:num subtotal:num
        subtotal_canceled:num subtotal_incl_tax:num subtotal_invoiced:num subtotal_refunded:num
        tax_amount:num tax_canceled:num tax_invoiced:num tax_refunded:num total_canceled:num
        total_due:num total_invoiced:num total_item_count:int total_offline_refunded:num
        total_online_refunded:num total_paid:num total_qty_ordered:num total_refunded:num
        updated_at:str weight:num x_forwarded_for:str *items:[@sales-data-order-item]+
        *billing_address:@sales-data-order-address *payment:@sales-data-order-payment
        status_histories:[@sales-data-order-status-history]
        extension_attributes:@sales-data-order-extension
    """,
    "sales-data-invoice-comment-creation": """
        extension_attributes:obj *comment:str *is_visible_on_front:int
    """,
    "sales-data-invoice-creation-arguments": """
        extension_attributes:obj
    """,
    "sales-data-invoice-item-creation": """
        extension_attributes:obj *order_item_id:int *qty:num
    """,
    "sales-data-shipment-comment-creation": """
        extension_attributes:obj *comment:str *is_visible_on_front:int
    """,
    "sales-data-shipment-creation-arguments": """
        extension_attributes:@sales-data-shipment-creation-arguments-extension
    """,
    "sales-data-shipment-item-creation": """
        extension_attributes:obj *order_item_id:int *qty:num
    """,
    "sales-data-shipment-package-creation": """
        extension_attributes:obj
    """,
    "sales-data-shipment-track-creation": """
        extension_attributes:obj *track_number:str *title:str *carrier_code:str
    """,
    "sales-data-order-status-history": """
        *comment:str created_at:str entity_id:int entity_name:str *is_customer_notified:int
        *is_visible_on_front:int *parent_id:int *status:str extension_attributes:obj
    """,
    "sales-data-order-address": """
        *address_type:str{billing,shipping} *city:str company:str *country_id:str
        customer_address_id:int customer_id:int *email:str entity_id:int fax:str *firstname:str
        *lastname:str middlename:str parent_id:int *postcode:str prefix:str region:str
        region_code:str region_id:int *street:[str]+ suffix:str *telephone:str vat_id:str
        vat_is_valid:int vat_request_date:str vat_request_id:str vat_request_success:int
        extension_attributes:obj
    """,
    "sales-data-order-extension": """
        shipping_assignments:[@sales-data-shipping-assignment]
        payment_additional_info:[@payment-data-payment-additional-info]
        company_order_attributes:@company-data-company-order
        custom_fees:[@admin-ui-sdk-custom-fees-data-custom-fees]
        applied_taxes:[@tax-data-order-tax-details-applied-tax]
        item_applied_taxes:[@tax-data-order-tax-details-item] converting_from_quote:bool
        taxes:[@tax-data-order-tax] additional_itemized_taxes:[@tax-data-order-tax-item]
        base_customer_balance_amount:num customer_balance_amount:num
        base_customer_balance_invoiced:num customer_balance_invoiced:num
        base_customer_balance_refunded:num customer_balance_refunded:num
        base_customer_balance_total_refunded:num customer_balance_total_refunded:num
        gift_cards:[@gift-card-account-data-gift-card] base_gift_cards_amount:num
        gift_cards_amount:num base_gift_cards_invoiced:num gift_cards_invoiced:num
        base_gift_cards_refunded:num gift_cards_refunded:num
        gift_message:@gift-message-data-message gw_id:str gw_allow_gift_receipt:str
        gw_add_card:str gw_base_price:str gw_price:str gw_items_base_price:str
        gw_items_price:str gw_card_base_price:str gw_card_price:str gw_base_tax_amount:str
        gw_tax_amount:str gw_items_base_tax_amount:str gw_items_tax_amount:str
        gw_card_base_tax_amount:str gw_card_tax_amount:str gw_base_price_incl_tax:str
        gw_price_incl_tax:str gw_items_base_price_incl_tax:str gw_items_price_incl_tax:str
        gw_card_base_price_incl_tax:str gw_card_price_incl_tax:str gw_base_price_invoiced:str
        gw_price_invoiced:str gw_items_base_price_invoiced:str gw_items_price_invoiced:str
        gw_card_base_price_invoiced:str gw_card_price_invoiced:str
        gw_base_tax_amount_invoiced:str gw_tax_amount_invoiced:str
        gw_items_base_tax_invoiced:str gw_items_tax_invoiced:str gw_card_base_tax_invoiced:str
        gw_card_tax_invoiced:str gw_base_price_refunded:str gw_price_refunded:str
        gw_items_base_price_refunded:str gw_items_price_refunded:str
        gw_card_base_price_refunded:str gw_card_price_refunded:str
        gw_base_tax_amount_refunded:str gw_tax_amount_refunded:str
        gw_items_base_tax_refunded:str gw_items_tax_refunded:str gw_card_base_tax_refunded:str
        gw_card_tax_refunded:str pickup_location_code:str notification_sent:int
        send_notification:int coupon_codes:[str] coupon_discounts:[str]
        reward_points_balance:int reward_currency_amount:num base_reward_currency_amount:num
    """,
    "sales-data-order-item": """
        additional_data:str amount_refunded:num applied_rule_ids:str base_amount_refunded:num
        base_cost:num base_discount_amount:num base_discount_invoiced:num
        base_discount_refunded:num base_discount_tax_compensation_amount:num
        base_discount_tax_compensation_invoiced:num base_discount_tax_compensation_refunded:num
        base_original_price:num base_price:num base_price_incl_tax:num base_row_invoiced:num
        base_row_total:num base_row_total_incl_tax:num base_tax_amount:num
        base_tax_before_discount:num base_tax_invoiced:num base_tax_refunded:num
        base_weee_tax_applied_amount:num base_weee_tax_applied_row_amnt:num
        base_weee_tax_disposition:num base_weee_tax_row_disposition:num created_at:str
        description:str discount_amount:num discount_invoiced:num discount_percent:num
        discount_refunded:num event_id:int ext_order_item_id:str free_shipping:int
        gw_base_price:num gw_base_price_invoiced:num gw_base_price_refunded:num
        gw_base_tax_amount:num gw_base_tax_amount_invoiced:num gw_base_tax_amount_refunded:num
        gw_id:int gw_price:num gw_price_invoiced:num gw_price_refunded:num gw_tax_amount:num
        gw_tax_amount_invoiced:num gw_tax_amount_refunded:num
        discount_tax_compensation_amount:num discount_tax_compensation_canceled:num
        discount_tax_compensation_invoiced:num discount_tax_compensation_refunded:num
        is_qty_decimal:int is_virtual:int item_id:int locked_do_invoice:int locked_do_ship:int
        name:str no_discount:int order_id:int original_price:num parent_item_id:int price:num
        price_incl_tax:num product_id:int product_type:str qty_backordered:num qty_canceled:num
        qty_invoiced:num *qty_ordered:num qty_refunded:num qty_returned:num qty_shipped:num
        quote_item_id:int row_invoiced:num row_total:num row_total_incl_tax:num row_weight:num
        *sku:str store_id:int tax_amount:num tax_before_discount:num tax_canceled:num
        tax_invoiced:num tax_percent:num tax_refunded:num updated_at:str weee_tax_applied:str
        weee_tax_applied_amount:num weee_tax_applied_row_amount:num weee_tax_disposition:num
        weee_tax_row_disposition:num weight:num parent_item:@sales-data-order-item
        product_option:@catalog-data-product-option
        extension_attributes:@sales-data-order-item-extension
    """,
    "sales-data-order-payment": """
        account_status:str additional_data:str additional_information:[str] address_status:str
        amount_authorized:num amount_canceled:num amount_ordered:num amount_paid:num
        amount_refunded:num anet_trans_method:str base_amount_authorized:num
        base_amount_canceled:num base_amount_ordered:num base_amount_paid:num
        base_amount_paid_online:num base_amount_refunded:num base_amount_refunded_online:num
        base_shipping_amount:num base_shipping_captured:num base_shipping_refunded:num
        cc_approval:str cc_avs_status:str cc_cid_status:str cc_debug_request_body:str
        cc_debug_response_body:str cc_debug_response_serialized:str cc_exp_month:str
        cc_exp_year:str cc_last4:str cc_number_enc:str cc_owner:str cc_secure_verify:str
        cc_ss_issue:str cc_ss_start_month:str cc_ss_start_year:str cc_status:str
        cc_status_description:str cc_trans_id:str cc_type:str echeck_account_name:str
        echeck_account_type:str echeck_bank_name:str echeck_routing_number:str echeck_type:str
        entity_id:int last_trans_id:str *method:str parent_id:int po_number:str
        protection_eligibility:str quote_payment_id:int shipping_amount:num
        shipping_captured:num shipping_refunded:num
        extension_attributes:@sales-data-order-payment-extension
    """,
    "sales-data-shipment-creation-arguments-extension": """
        source_code:str
    """,
    "admin-ui-sdk-custom-fees-data-custom-fees": """
        id:str order_id:str custom_fee_code:str custom_fee_label:str custom_fee_amount:num
        base_custom_fee_amount:num custom_fee_amount_invoiced:num
        base_custom_fee_amount_invoiced:num custom_fee_amount_refunded:num
        base_custom_fee_amount_refunded:num apply_fee_on_last_invoice:bool
        apply_fee_on_last_creditmemo:bool invoice_id:str creditmemo_id:str
    """,
    "company-data-company-order": """
        order_id:int company_id:int company_name:str extension_attributes:obj
    """,
    "gift-card-account-data-gift-card": """
        id:int code:str amount:num base_amount:num
    """,
    "gift-message-data-message": """
        gift_message_id:int customer_id:int sender:str recipient:str message:str
        extension_attributes:@gift-message-data-message-extension
    """,
    "payment-data-payment-additional-info": """
        key:str value:str
    """,
    "sales-data-shipping-assignment": """
        *shipping:@sales-data-shipping items:[@sales-data-order-item] stock_id:int
        extension_attributes:obj
    """,
    "tax-data-order-tax-details-applied-tax": """
        code:str title:str percent:num amount:num base_amount:num
        extension_attributes:@tax-data-order-tax-details-applied-tax-extension
    """,
    "tax-data-order-tax-details-item": """
        type:str item_id:int associated_item_id:int
        applied_taxes:[@tax-data-order-tax-details-applied-tax] extension_attributes:obj
    """,
    "tax-data-order-tax": """
        tax_id:int order_id:int code:str title:str percent:num amount:num base_amount:num
        base_real_amount:num priority:int position:int process:int extension_attributes:obj
    """,
    "tax-data-order-tax-item": """
        tax_item_id:int tax_id:int item_id:int tax_code:str tax_percent:num amount:num
        base_amount:num real_amount:num real_base_amount:num associated_item_id:int
        taxable_item_type:str extension_attributes:obj
    """,
    "catalog-data-product-option": """
        extension_attributes:@catalog-data-product-option-extension
    """,
    "sales-data-order-item-extension": """
        itemized_taxes:[@tax-data-order-tax-item] gift_message:@gift-message-data-message
        gw_id:str gw_base_price:str gw_price:str gw_base_tax_amount:str gw_tax_amount:str
        gw_base_price_invoiced:str gw_price_invoiced:str gw_base_tax_amount_invoiced:str
        gw_tax_amount_invoiced:str gw_base_price_refunded:str gw_price_refunded:str
        gw_base_tax_amount_refunded:str gw_tax_amount_refunded:str
    """,
    "sales-data-order-payment-extension": """
        notification_message:str vault_payment_token:@vault-data-payment-token
    """,
    "gift-message-data-message-extension": """
        entity_id:str entity_type:str wrapping_id:int wrapping_allow_gift_receipt:bool
        wrapping_add_printed_card:bool
    """,
    "sales-data-shipping": """
        *address:@sales-data-order-address *method:str total:@sales-data-total
        extension_attributes:obj
    """,
    "tax-data-order-tax-details-applied-tax-extension": """
        rates:[@tax-data-applied-tax-rate]
    """,
    "catalog-data-product-option-extension": """
        custom_options:[@catalog-data-custom-option] bundle_options:[@bundle-data-bundle-option]
        downloadable_option:@downloadable-data-downloadable-option
        giftcard_item_option:@gift-card-data-gift-card-option
        configurable_item_options:[@configurable-product-data-configurable-item-option-value]
    """,
    "vault-data-payment-token": """
        entity_id:int customer_id:int public_hash:str payment_method_code:str type:str
        created_at:str expires_at:str gateway_token:str token_details:str is_active:bool
        is_visible:bool website_id:int
    """,
    "sales-data-total": """
        base_shipping_amount:num base_shipping_canceled:num base_shipping_discount_amount:num
        base_shipping_discount_tax_compensation_amnt:num base_shipping_incl_tax:num
        base_shipping_invoiced:num base_shipping_refunded:num base_shipping_tax_amount:num
        base_shipping_tax_refunded:num shipping_amount:num shipping_canceled:num
        shipping_discount_amount:num shipping_discount_tax_compensation_amount:num
        shipping_incl_tax:num shipping_invoiced:num shipping_refunded:num
        shipping_tax_amount:num shipping_tax_refunded:num extension_attributes:obj
    """,
    "tax-data-applied-tax-rate": """
        code:str title:str percent:num extension_attributes:obj
    """,
    "bundle-data-bundle-option": """
        option_id:int option_qty:int option_selections:[int] extension_attributes:obj
    """,
    "catalog-data-custom-option": """
        option_id:str option_value:str
        extension_attributes:@catalog-data-custom-option-extension
    """,
    "configurable-product-data-configurable-item-option-value": """
        option_id:str option_value:int extension_attributes:obj
    """,
    "downloadable-data-downloadable-option": """
        downloadable_links:[int]
    """,
    "gift-card-data-gift-card-option": """
        giftcard_amount:str custom_giftcard_amount:num giftcard_sender_name:str
        giftcard_recipient_name:str giftcard_sender_email:str giftcard_recipient_email:str
        giftcard_message:str extension_attributes:@gift-card-data-gift-card-option-extension
    """,
    "catalog-data-custom-option-extension": """
        file_info:@framework-data-image-content
    """,
    "gift-card-data-gift-card-option-extension": """
        giftcard_created_codes:[str]
    """,
    "framework-data-image-content": """
        base64_encoded_data:str type:str name:str
    """,
}

_TOKEN = re.compile(r"^(?P<required>\*)?(?P<name>\w+):(?P<type>\S+)$")
_BASE = re.compile(r"^(?P<base>str|int|num|bool|obj)(?:<=(?P<max>\d+))?(?:\{(?P<enum>[^}]*)\})?$")


class StrictInteger(fields.Integer):
    """An integer as JSON gives it: ``2`` or ``2.0``, never ``"2"`` or ``true``."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
            raise self.make_error("invalid")
        if isinstance(value, float | Decimal) and value != int(value):
            raise self.make_error("invalid")
        return value


class StrictNumber(fields.Field):
    """A JSON number (or a Decimal before serialisation); strings and booleans are refused."""

    default_error_messages = {"invalid": "Not a valid number."}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
            raise self.make_error("invalid")
        if not (value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)):
            raise self.make_error("invalid")  # NaN and infinities are not JSON
        return value


class StrictBoolean(fields.Field):
    """``true`` or ``false`` only; marshmallow's Boolean would also take ``"yes"`` and ``1``."""

    default_error_messages = {"invalid": "Not a valid boolean."}

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class StrictString(fields.String):
    """A JSON string, kept as sent (no stripping)."""


class StrictObject(fields.Dict):
    """Any JSON object: extension points the contract declares without properties."""


class MagentoSchema(Schema):
    """Base of every generated schema: unknown fields are errors, as in Magento."""

    definition: str = ""

    class Meta:
        unknown = RAISE


def _field_for(spec: str, required: bool = False) -> fields.Field:
    options: dict[str, Any] = {"required": required}
    if spec.startswith("["):
        at_least_one = spec.endswith("+")
        inner = spec[1:-2] if at_least_one else spec[1:-1]
        if at_least_one:
            options["validate"] = validate.Length(min=1)
        return fields.List(_field_for(inner), **options)
    if spec.startswith("@"):
        target = spec[1:]
        if target not in _DEFINITIONS:
            raise KeyError(f"unknown definition {target!r}")
        return fields.Nested(lambda: schema_for(target), **options)
    match = _BASE.match(spec)
    if not match:
        raise ValueError(f"bad type {spec!r}")
    base, maximum, enum = match.group("base", "max", "enum")
    checks = []
    if maximum:
        checks.append(validate.Length(max=int(maximum)))
    if enum is not None:
        values = enum.split(",")
        checks.append(validate.OneOf([int(v) for v in values] if base == "int" else values))
    if checks:
        options["validate"] = checks
    return {"str": StrictString, "int": StrictInteger, "num": StrictNumber,
            "bool": StrictBoolean, "obj": StrictObject}[base](**options)


@cache
def definition(name: str) -> dict[str, tuple[str, bool]]:
    """``{field: (type, required)}`` of one definition, in declaration order."""
    parsed: dict[str, tuple[str, bool]] = {}
    for token in _DEFINITIONS[name].split():
        match = _TOKEN.match(token)
        if not match:
            raise ValueError(f"bad token {token!r} in {name}")
        parsed[match["name"]] = (match["type"], bool(match["required"]))
    return parsed


@cache
def _schema_class(name: str) -> type[MagentoSchema]:
    attrs: dict[str, Any] = {field: _field_for(spec, required)
                             for field, (spec, required) in definition(name).items()}
    attrs["definition"] = name
    return type(f"Schema[{name}]", (MagentoSchema,), attrs)


@cache
def _schema(name: str) -> MagentoSchema:
    return _schema_class(name)()


def schema_for(name: str) -> MagentoSchema:
    """The schema of a definition (or an operation name such as ``"ship"``): one instance per
    definition, shared (loading keeps no state on the schema), because building a nested
    order schema costs more than validating a body with it."""
    return _schema(OPERATIONS.get(name, name))


_BODY_CLASSES = {
    "create-order-body": "Magento\\Sales\\Api\\OrderRepositoryInterface",
    "invoice-body": "Magento\\Sales\\Api\\InvoiceOrderInterface",
    "ship-body": "Magento\\Sales\\Api\\ShipOrderInterface",
    "comment-body": "Magento\\Sales\\Api\\OrderManagementInterface",
    "create-customer-body": "Magento\\Customer\\Api\\AccountManagementInterface",
    "reservations-body": "AmazonOrders\\Bridge\\Api\\ReservationManagementInterface",
}


def php_class(name: str) -> str:
    """The PHP class Magento names in its errors for a definition (``sales-data-order`` ->
    ``Magento\\Sales\\Api\\Data\\OrderInterface``)."""
    if name in _BODY_CLASSES:
        return _BODY_CLASSES[name]
    module, _, entity = name.partition("-data-")
    camel = "".join(part.capitalize() for part in entity.split("-"))
    suffix = "" if entity.endswith("-extension") else "Interface"
    return "Magento\\{}\\Api\\Data\\{}{}".format(
        "".join(part.capitalize() for part in module.split("-")), camel, suffix)


def request_body_errors(operation: str, body: Any) -> dict:
    """Why Commerce would refuse ``body`` for ``operation``; ``{}`` when it would accept it."""
    if operation not in OPERATIONS:
        raise KeyError(f"unknown operation {operation!r}; one of {sorted(OPERATIONS)}")
    if not isinstance(body, dict):
        return {"_schema": ["Invalid input type."]}
    try:
        schema_for(operation).load(body)
    except ValidationError as exc:
        return exc.normalized_messages()
    return {}
