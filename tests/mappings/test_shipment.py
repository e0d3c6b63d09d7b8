"""A Commerce shipment -> Amazon's confirmShipment body."""

import re

import pytest

from mappings import ShipmentMappingError, shipment_confirmation
from mappings.settings import MappingSettings
from tests.mappings.builders import item, order

AMAZON_ORDER = order([item("AMZ-1", "MUG", qty=2), item("AMZ-2", "PLATE", qty=3)],
                     total="20.00")
COMMERCE_ITEMS = [{"item_id": 501, "sku": "MAGE-MUG", "ext_order_item_id": "AMZ-1"},
                  {"item_id": 502, "sku": "MAGE-PLATE", "ext_order_item_id": "AMZ-2"}]


def shipment(tracks=None, items=None, **extra):
    body = {"entity_id": 77, "order_id": 12, "created_at": "2025-03-11 09:30:05",
            "items": items if items is not None else [
                {"order_item_id": 501, "qty": 2, "sku": "MAGE-MUG"},
                {"order_item_id": 502, "qty": 3, "sku": "MAGE-PLATE"}],
            "tracks": tracks if tracks is not None else [
                {"carrier_code": "ups", "title": "United Parcel Service",
                 "track_number": "1Z999AA10123456784"}]}
    body.update(extra)
    return body


def test_a_full_shipment():
    body = shipment_confirmation(AMAZON_ORDER, shipment(), commerce_items=COMMERCE_ITEMS)
    assert body == {
        "marketplaceId": "ATVPDKIKX0DER",
        "packageDetail": {
            "packageReferenceId": "77",
            "carrierCode": "UPS",
            "trackingNumber": "1Z999AA10123456784",
            "shipDate": "2025-03-11T09:30:05Z",
            "shippingMethod": "United Parcel Service",
            "orderItems": [{"orderItemId": "AMZ-1", "quantity": 2},
                           {"orderItemId": "AMZ-2", "quantity": 3}],
        },
    }


def test_a_partial_shipment_confirms_only_what_it_holds():
    body = shipment_confirmation(AMAZON_ORDER, shipment(items=[
        {"order_item_id": 502, "qty": 1.0, "sku": "MAGE-PLATE"},
        {"order_item_id": 501, "qty": 0, "sku": "MAGE-MUG"}]), commerce_items=COMMERCE_ITEMS)
    assert body["packageDetail"]["orderItems"] == [{"orderItemId": "AMZ-2", "quantity": 1}]


@pytest.mark.parametrize("commerce, amazon", [
    ("ups", "UPS"), ("usps", "USPS"), ("fedex", "FedEx"), ("dhl", "DHL"), ("FEDEX", "FedEx")])
def test_known_carriers(commerce, amazon):
    track = {"carrier_code": commerce, "title": "", "track_number": "T1"}
    package = shipment_confirmation(AMAZON_ORDER, shipment(tracks=[track]),
                                    commerce_items=COMMERCE_ITEMS)["packageDetail"]
    assert package["carrierCode"] == amazon
    assert "carrierName" not in package


def test_other_carriers_are_named_by_the_track_title():
    track = {"carrier_code": "custom", "title": "Speedy Couriers", "track_number": "SC-1"}
    package = shipment_confirmation(AMAZON_ORDER, shipment(tracks=[track]),
                                    commerce_items=COMMERCE_ITEMS)["packageDetail"]
    assert (package["carrierCode"], package["carrierName"]) == ("Other", "Speedy Couriers")


def test_the_carrier_mapping_adds_and_overrides_carriers():
    mapping = MappingSettings.from_dict({"carrier_mapping": {"custom": "Royal Mail",
                                                             "dhl": "DHL eCommerce"}})
    for code, expected in (("custom", "Royal Mail"), ("dhl", "DHL eCommerce"), ("ups", "UPS")):
        track = {"carrier_code": code, "title": "x", "track_number": "T"}
        package = shipment_confirmation(AMAZON_ORDER, shipment(tracks=[track]),
                                        mapping.carrier_mapping,
                                        commerce_items=COMMERCE_ITEMS)["packageDetail"]
        assert package["carrierCode"] == expected


def test_items_link_by_sku_when_commerce_items_are_not_given():
    body = shipment_confirmation(AMAZON_ORDER, shipment(items=[
        {"order_item_id": 9, "qty": 2, "sku": "MUG"}]))
    assert body["packageDetail"]["orderItems"] == [{"orderItemId": "AMZ-1", "quantity": 2}]


def test_ship_date_in_utc_from_an_offset_time():
    body = shipment_confirmation(AMAZON_ORDER, shipment(created_at="2025-03-11T11:30:05+02:00"),
                                 commerce_items=COMMERCE_ITEMS)
    assert body["packageDetail"]["shipDate"] == "2025-03-11T09:30:05Z"


@pytest.mark.parametrize("change, field", [
    ({"tracks": []}, "tracks"),
    ({"items": [{"order_item_id": 999, "qty": 1, "sku": "NOPE"}]}, "items[0]"),
    ({"items": [{"order_item_id": 501, "qty": 1.5, "sku": "MAGE-MUG"}]}, "items[0].qty"),
    ({"items": []}, "items"),
    ({"created_at": None}, "created_at"),
    ({"entity_id": None}, "entity_id"),
])
def test_what_cannot_be_confirmed_is_named(change, field):
    with pytest.raises(ShipmentMappingError, match=rf"^{re.escape(field)}:"):
        shipment_confirmation(AMAZON_ORDER, shipment(**change), commerce_items=COMMERCE_ITEMS)
