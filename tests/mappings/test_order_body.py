"""Each rule of the Commerce order body, on hand-built Amazon orders."""

from dataclasses import replace
from decimal import Decimal

from connector.domain import Buyer, FulfilledBy, OrderStatus
from mappings import (
    NO_ITEMS,
    ORDER_TOTAL_MISSING,
    PII_MISSING,
    TOTAL_MISMATCH,
    CatalogProduct,
    MappingSettings,
    order_body,
)
from mappings.findings import CURRENCY_MISMATCH, GIFT_WRAP_IN_SHIPPING
from tests.mappings.builders import address, item, order, usd


def entity(mapped):
    return mapped.body["entity"]


def test_items_carry_amazon_prices_quantities_and_ids():
    mapped = order_body(order([item("21", "MUG", qty=3, line="30.00", item_tax="2.40")],
                              total="32.40"))
    line = entity(mapped)["items"][0]
    assert line["sku"] == "MUG"
    assert line["ext_order_item_id"] == "21"
    assert line["qty_ordered"] == 3
    assert line["price"] == Decimal("10.00")
    assert line["row_total"] == Decimal("30.00")
    assert line["tax_amount"] == Decimal("2.40")
    assert line["tax_percent"] == Decimal("8")
    assert line["row_total_incl_tax"] == Decimal("32.40")
    assert line["price_incl_tax"] == Decimal("10.80")
    assert mapped.balanced


def test_a_line_that_does_not_divide_evenly_keeps_its_row_total_exact():
    mapped = order_body(order([item(qty=3, line="10.00")], total="10.00"))
    line = entity(mapped)["items"][0]
    assert line["price"] == Decimal("3.3333")
    assert line["row_total"] == Decimal("10.00")
    assert entity(mapped)["grand_total"] == Decimal("10.00")


def test_the_matched_commerce_product_gives_sku_id_name_and_type():
    catalog = {"SKU-1": CatalogProduct(sku="MAGE-1", product_id=42, name="Blue mug",
                                       type_id="virtual"),
               "SKU-2": {"id": 7, "sku": "MAGE-2", "name": "Red mug", "type_id": "simple"}}
    mapped = order_body(order([item("1", "SKU-1"), item("2", "SKU-2"), item("3", "SKU-3")],
                              total="30.00"), catalog=catalog)
    lines = entity(mapped)["items"]
    assert [(x["sku"], x.get("product_id"), x["name"], x["product_type"]) for x in lines] == [
        ("MAGE-1", 42, "Blue mug", "virtual"),
        ("MAGE-2", 7, "Red mug", "simple"),
        ("SKU-3", None, "Product SKU-3", "simple"),
    ]


def test_totals_add_items_shipping_tax_and_discounts():
    amazon = order([
        item("1", qty=2, line="40.00", item_tax="3.20", shipping_price="5.00",
             shipping_tax="0.40", promotion_discount="4.00", promotion_discount_tax="0.32",
             promotion_ids=("SPRING",)),
        item("2", line="10.00", shipping_price="2.00", shipping_discount="2.00"),
    ], total="54.28")
    body = entity(order_body(amazon))
    assert body["subtotal"] == Decimal("50.00")
    assert body["shipping_amount"] == Decimal("7.00")
    assert body["tax_amount"] == Decimal("3.28")  # 3.20 - 0.32 + 0.40
    assert body["shipping_tax_amount"] == Decimal("0.40")
    assert body["discount_amount"] == Decimal("-6.00")
    assert body["shipping_discount_amount"] == Decimal("2.00")
    assert body["grand_total"] == Decimal("54.28")
    assert body["discount_description"] == "Amazon promotions: SPRING"
    assert body["items"][0]["discount_amount"] == Decimal("4.00")
    assert body["items"][0]["tax_amount"] == Decimal("2.88")
    for name in ("subtotal", "shipping_amount", "tax_amount", "discount_amount", "grand_total"):
        assert body[f"base_{name}"] == body[name]
    assert body["payment"]["amount_ordered"] == Decimal("54.28")


def test_a_total_that_does_not_add_up_is_kept_and_reported_with_the_difference():
    mapped = order_body(order([item(line="10.00")], total="15.00"))
    assert entity(mapped)["grand_total"] == Decimal("10.00")
    mismatch = mapped.finding(TOTAL_MISMATCH)
    assert mismatch.amount == Decimal("5.00")
    assert "5.00" in mismatch.message and "delivery tip" in mismatch.message
    assert not mapped.balanced


def test_an_order_without_items_is_reported():
    mapped = order_body(order([], total="11.01"))
    assert mapped.finding(NO_ITEMS)
    assert mapped.finding(TOTAL_MISMATCH).amount == Decimal("11.01")
    assert "no items" in mapped.finding(TOTAL_MISMATCH).message


def test_a_pending_order_without_a_total_is_reported():
    mapped = order_body(order(total=None, status=OrderStatus.PENDING))
    assert mapped.finding(ORDER_TOTAL_MISSING)
    assert "Pending" in str(mapped.finding(ORDER_TOTAL_MISSING))


def test_gift_wrap_goes_into_shipping_and_is_reported():
    mapped = order_body(order([item(line="10.00", gift_wrap_price="2.00",
                                    gift_wrap_tax="0.20")], total="12.20"))
    assert entity(mapped)["shipping_amount"] == Decimal("2.00")
    assert entity(mapped)["shipping_tax_amount"] == Decimal("0.20")
    assert mapped.balanced
    assert mapped.finding(GIFT_WRAP_IN_SHIPPING)


def test_amounts_in_another_currency_are_reported():
    line = replace(item(line="10.00"), shipping_price=usd("1.00", "GBP"))
    mapped = order_body(order([line], total="11.00"))
    assert "shipping in GBP" in str(mapped.finding(CURRENCY_MISMATCH))


def test_amazon_order_number_as_commerce_order_number_when_set():
    amazon = order()
    by_commerce = entity(order_body(amazon, MappingSettings()))
    by_amazon = entity(order_body(amazon, MappingSettings(order_number_source="amazon")))
    assert "increment_id" not in by_commerce
    assert by_commerce["ext_order_id"] == "111-2223334-5556667"
    assert by_amazon["increment_id"] == "111-2223334-5556667"
    assert by_amazon["ext_order_id"] == "111-2223334-5556667"


def test_store_and_purchase_date_come_through():
    body = entity(order_body(order(), MappingSettings(store_id=3)))
    assert body["store_id"] == 3
    assert all(line["store_id"] == 3 for line in body["items"])
    assert body["created_at"] == "2025-03-10 14:00:00"


def test_guest_order_by_default_and_customer_order_when_given():
    guest = entity(order_body(order()))
    assert (guest["customer_is_guest"], guest["customer_group_id"]) == (1, 0)
    assert "customer_id" not in guest
    known = entity(order_body(order(), customer_id=55, customer_group_id=1))
    assert (known["customer_is_guest"], known["customer_id"], known["customer_group_id"]) == (
        0, 55, 1)
    from_settings = entity(order_body(order(), MappingSettings(customer_id=9,
                                                               customer_group_id=2)))
    assert (from_settings["customer_id"], from_settings["customer_group_id"]) == (9, 2)


def test_payment_is_the_configured_method_titled_amazon_channel_payment():
    body = entity(order_body(order(), MappingSettings(payment_method_code="amazonchannel")))
    assert body["payment"]["method"] == "amazonchannel"
    assert body["payment"]["additional_information"] == [
        "Amazon Channel Payment", "Amazon Order Number: 111-2223334-5556667"]


def test_shipping_method_and_description_from_the_service_level():
    body = entity(order_body(order(ship_service_level="FREE_ECONOMY"),
                             MappingSettings(shipping_method_code="amazon_standard")))
    shipping = body["extension_attributes"]["shipping_assignments"][0]["shipping"]
    assert shipping["method"] == "amazon_standard"
    assert body["shipping_description"] == "Amazon - Free Economy"
    v0_text = entity(order_body(order(ship_service_level="Std US D2D Dom")))
    assert v0_text["shipping_description"] == "Amazon - Std US D2D Dom"


def test_merchant_fulfilled_orders_are_processing_with_the_configured_status():
    body = entity(order_body(order(), MappingSettings(processing_status="amazon_new")))
    assert (body["state"], body["status"]) == ("processing", "amazon_new")
    assert body["total_due"] == body["grand_total"]
    assert "total_paid" not in body
    assert "qty_shipped" not in body["items"][0]


def test_amazon_fulfilled_orders_are_complete_shipped_invoiced_and_paid():
    amazon = order([item(qty=2, line="20.00", item_tax="1.00", shipping_price="3.00")],
                   total="24.00", status=OrderStatus.SHIPPED, fulfilled_by=FulfilledBy.AMAZON)
    body = entity(order_body(amazon, MappingSettings(processing_status="amazon_new")))
    assert (body["state"], body["status"]) == ("complete", "complete")
    line = body["items"][0]
    assert line["qty_shipped"] == line["qty_invoiced"] == line["qty_ordered"] == 2
    assert line["row_invoiced"] == Decimal("20.00")
    assert body["total_paid"] == body["total_invoiced"] == body["grand_total"] == Decimal("24.00")
    assert body["total_due"] == 0
    assert body["payment"]["amount_paid"] == Decimal("24.00")


def test_billing_and_shipping_addresses():
    amazon = order(buyer=Buyer(name="Pat Payer", email="pp@marketplace.amazon.com",
                               company="Payer Inc"),
                   shipping_address=address(name="Rita Recipient", line3="Floor 3"))
    body = entity(order_body(amazon))
    billing = body["billing_address"]
    shipping = body["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"]
    assert "shipping_address" not in body
    assert (billing["firstname"], billing["lastname"], billing["company"]) == (
        "Pat", "Payer", "Payer Inc")
    assert (shipping["firstname"], shipping["lastname"]) == ("Rita", "Recipient")
    assert "company" not in shipping
    assert shipping["street"] == ["1 Main St", "Apt 2", "Floor 3"]
    assert (shipping["city"], shipping["postcode"], shipping["country_id"]) == (
        "Seattle", "98101", "US")
    assert (shipping["region"], shipping["region_code"]) == ("Washington", "WA")
    assert shipping["telephone"] == "+1 206 555 0100"
    assert shipping["email"] == billing["email"] == "pp@marketplace.amazon.com"
    assert (billing["address_type"], shipping["address_type"]) == ("billing", "shipping")
    assert (body["customer_firstname"], body["customer_lastname"]) == ("Pat", "Payer")


def test_withheld_pii_gets_placeholders_and_a_finding():
    fba = order(status=OrderStatus.SHIPPED, fulfilled_by=FulfilledBy.AMAZON, buyer=Buyer(),
                shipping_address=address(name=None, line1=None, line2=None, phone=None))
    mapped = order_body(fba, MappingSettings(placeholder_email="amazon@shop.example.com"))
    body = entity(mapped)
    shipping = body["extension_attributes"]["shipping_assignments"][0]["shipping"]["address"]
    assert (shipping["firstname"], shipping["lastname"]) == ("Amazon", "Customer")
    assert shipping["street"] == ["Address withheld by Amazon"]
    assert shipping["telephone"] == "0000000000"
    assert (shipping["city"], shipping["postcode"]) == ("Seattle", "98101")
    assert body["customer_email"] == shipping["email"] == "amazon@shop.example.com"
    finding = mapped.finding(PII_MISSING)
    for withheld in ("name", "street", "telephone", "email"):
        assert withheld in finding.message
    assert "city" not in finding.message


def test_a_complete_address_raises_no_pii_finding():
    assert order_body(order()).finding(PII_MISSING) is None


def test_no_address_at_all_still_makes_a_valid_address():
    mapped = order_body(order(shipping_address=None, status=OrderStatus.PENDING,
                              marketplace_id="A1PA6795UKMFR9"))
    billing = entity(mapped)["billing_address"]
    assert billing["country_id"] == "DE"
    assert billing["postcode"] == "00000"
    assert "country" in mapped.finding(PII_MISSING).message


def test_lines_with_nothing_ordered_are_left_out():
    mapped = order_body(order([item("1", qty=0, line="0.00"), item("2")]))
    assert [x["ext_order_item_id"] for x in entity(mapped)["items"]] == ["2"]
