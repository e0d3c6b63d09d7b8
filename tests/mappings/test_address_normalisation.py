"""Addresses normalised before import, as Amazon Sales Channel 4.2 does."""

import pytest

from connector.domain import Address
from mappings.address_normalisation import normalise_address, normalise_postcode


def address(**fields):
    base = {"name": "Jane Doe", "line1": "1 Main St", "city": "Escondido",
            "state_or_region": "CA", "postal_code": "92025", "country_code": "US"}
    return Address(**{**base, **fields})


def test_escondido_californiA_92025_1501_becomes_ca_92025():
    result = normalise_address(address(state_or_region="californiA", postal_code="92025-1501"))
    assert (result.address.state_or_region, result.address.postal_code) == ("CA", "92025")
    assert [(c.label, c.before, c.after) for c in result.changes] == [
        ("Shipping region", "californiA", "CA"), ("Shipping postal code", "92025-1501", "92025")]
    assert result.problems == ()


@pytest.mark.parametrize("region, code", [("Calif.", "CA"), ("N.Y.", "NY"), ("ny", "NY"),
                                          ("New York", "NY"), ("Penn.", "PA")])
def test_common_variants_of_us_states(region, code):
    assert normalise_address(address(state_or_region=region)).address.state_or_region == code


def test_a_correct_address_is_left_alone():
    assert normalise_address(address()).changes == ()


@pytest.mark.parametrize("country, text, expected", [
    ("CA", "k1a0b1", "K1A 0B1"), ("JP", "1000001", "100-0001"), ("BR", "01310100", "01310-100"),
    ("GB", "sw1a1aa", "SW1A 1AA"), ("NL", "1012ab", "1012 AB"), ("DE", "50667", "50667"),
    ("US", "920251501", "92025"), ("SG", "018956", "018956"), ("NO", " 0150 ", "0150"),
])
def test_postal_codes_take_the_countrys_form(country, text, expected):
    assert normalise_postcode(country, text) == (expected, None)


@pytest.mark.parametrize("fields, field, words", [
    ({"state_or_region": "Atlantis"}, "state_or_region", '"Atlantis" is not a state'),
    ({"state_or_region": "Miss."}, "state_or_region", "not a state or region of US"),
    ({"state_or_region": None}, "state_or_region", "Enter the state or region"),
    ({"postal_code": "8O2O2"}, "postal_code", "Enter a ZIP code"),
    ({"postal_code": "1234"}, "postal_code", "Enter a ZIP code"),
])
def test_what_cannot_be_normalised_names_its_field(fields, field, words):
    result = normalise_address(address(**fields))
    assert [p.field for p in result.problems] == [field]
    assert words in result.problems[0].message


def test_a_country_without_a_region_list_keeps_its_region_text():
    result = normalise_address(address(country_code="gb", state_or_region="Greater London",
                                       postal_code="ec1a1bb"))
    assert (result.address.country_code, result.address.state_or_region,
            result.address.postal_code) == ("GB", "Greater London", "EC1A 1BB")
    assert result.problems == ()


def test_no_address_no_change():
    assert normalise_address(None).address is None
