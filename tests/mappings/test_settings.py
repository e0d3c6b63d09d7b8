"""Order settings from plain data, with an error per bad field."""

import pytest

from mappings import MappingSettings, SettingsError


def test_defaults_are_a_new_stores():
    settings = MappingSettings()
    assert (settings.store_id, settings.website_id, settings.order_number_source) == (
        1, 1, "commerce")
    assert (settings.customer_id, settings.customer_group_id) == (None, 0)
    assert (settings.payment_method_code, settings.shipping_method_code) == (
        "checkmo", "flatrate_flatrate")
    assert settings.processing_status == "processing"
    assert dict(settings.carrier_mapping) == {}
    assert MappingSettings.from_dict({}) == settings


def test_loads_every_field():
    settings = MappingSettings.from_dict({
        "store_id": 2, "website_id": 3, "order_number_source": "Build Using Amazon Order Number",
        "customer_id": 17, "customer_group_id": 1, "payment_method_code": "amazonchannel",
        "shipping_method_code": "amazon_standard", "processing_status": "amazon_new",
        "carrier_mapping": {"RoyalMail": "Royal Mail"},
        "placeholder_email": "orders@shop.example.com"})
    assert settings.uses_amazon_order_number
    assert settings.carrier_mapping == {"royalmail": "Royal Mail"}
    assert MappingSettings.from_dict(settings.to_dict()) == settings


def test_every_bad_field_is_reported_at_once():
    with pytest.raises(SettingsError) as caught:
        MappingSettings.from_dict({"store_id": "1", "website_id": 0, "customer_id": True,
                                   "order_number_source": "ebay", "shipping_method_code": "",
                                   "carrier_mapping": ["ups"], "placeholder_email": "nobody",
                                   "colour": "blue"})
    errors = caught.value.errors
    assert set(errors) == {"store_id", "website_id", "customer_id", "order_number_source",
                           "shipping_method_code", "carrier_mapping", "placeholder_email",
                           "colour"}
    assert errors["store_id"] == "must be a whole number"
    assert errors["website_id"] == "must be at least 1"
    assert errors["colour"] == "unknown field"
    assert "store_id: must be a whole number" in str(caught.value)


def test_settings_must_be_an_object():
    with pytest.raises(SettingsError) as caught:
        MappingSettings.from_dict([1])
    assert caught.value.errors == {"_schema": "settings must be a JSON object"}


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        MappingSettings().store_id = 5
