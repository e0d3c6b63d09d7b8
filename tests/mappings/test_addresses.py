"""Names, regions and placeholders of Commerce order addresses."""

import pytest

from mappings import REGION_NOT_RECOGNISED, order_body
from mappings.addresses import NO_LAST_NAME, split_name
from mappings.regions import RegionList, find_region, iso_regions
from tests.mappings.builders import address, order


@pytest.mark.parametrize("name, first, last", [
    ("Jane Doe", "Jane", "Doe"),
    ("Maria Silva Santos", "Maria", "Silva Santos"),
    ("  Jean-Luc   Picard ", "Jean-Luc", "Picard"),
    ("Madonna", "Madonna", NO_LAST_NAME),
    ("山田 太郎", "太郎", "山田"),
    ("山田\u3000花子", "花子", "山田"),
    ("John Smith", "John", "Smith"),
])
def test_name_split(name, first, last):
    person = split_name(name)
    assert (person.firstname, person.lastname) == (first, last)


@pytest.mark.parametrize("name", [None, "", "   "])
def test_no_name_is_no_person(name):
    assert split_name(name) is None


# Part of what a Magento 2.4.8 answers to GET /V1/directory/countries: its own codes, which
# are not always ISO 3166-2's (Bavaria is BAY, Ain is 1, Madrid is Madrid).
COMMERCE_DIRECTORY = [
    {"id": "US", "available_regions": [
        {"id": "62", "code": "WA", "name": "Washington"},
        {"id": "52", "code": "PR", "name": "Puerto Rico"},
        {"id": "12", "code": "CA", "name": "California"},
        {"id": "43", "code": "NY", "name": "New York"},
        {"id": "61", "code": "VA", "name": "Virginia"},
        {"id": "64", "code": "WV", "name": "West Virginia"}]},
    {"id": "CA", "available_regions": [{"id": "76", "code": "QC", "name": "Quebec"},
                                       {"id": "74", "code": "ON", "name": "Ontario"}]},
    {"id": "MX", "available_regions": [{"id": "1100", "code": "NLE", "name": "Nuevo León"},
                                       {"id": "1088", "code": "CMX",
                                        "name": "Ciudad de México"}]},
    {"id": "DE", "available_regions": [{"id": "81", "code": "BAY", "name": "Bayern"},
                                       {"id": "80", "code": "BAW",
                                        "name": "Baden-Württemberg"}]},
    {"id": "AT", "available_regions": [{"id": "95", "code": "WI", "name": "Wien"}]},
    {"id": "FR", "available_regions": [{"id": "182", "code": "1", "name": "Ain"},
                                       {"id": "194", "code": "13",
                                        "name": "Bouches-du-Rhône"}]},
    {"id": "ES", "available_regions": [{"id": "161", "code": "Madrid", "name": "Madrid"}]},
    {"id": "GB"}, {"id": "JP", "available_regions": []},
]
COMMERCE = RegionList.from_commerce(COMMERCE_DIRECTORY)


@pytest.mark.parametrize("country, text, code, name", [
    ("US", "WA", "WA", "Washington"),
    ("US", "washington", "WA", "Washington"),
    ("US", "Puerto Rico", "PR", "Puerto Rico"),
    ("US", "californiA", "CA", "California"),
    ("US", "Calif.", "CA", "California"),
    ("US", "N.Y.", "NY", "New York"),
    ("US", "W. Va.", "WV", "West Virginia"),
    ("CA", "Québec", "QC", "Quebec"),
    ("CA", "ON", "ON", "Ontario"),
    ("MX", "Nuevo Leon", "NLE", "Nuevo León"),
    ("DE", "Bayern", "BAY", "Bayern"),
    ("DE", "BY", "BAY", "Bayern"),  # ISO 3166-2's code, Commerce's region
    ("DE", "Baden-Wurttemberg", "BAW", "Baden-Württemberg"),
    ("AT", "Wien", "WI", "Wien"),
    ("FR", "Bouches du Rhone", "13", "Bouches-du-Rhône"),
    ("FR", "01", "1", "Ain"),
    ("ES", "Madrid", "Madrid", "Madrid"),
])
def test_region_code_and_name_from_commerces_own_list(country, text, code, name):
    region = find_region(country, text, COMMERCE)
    assert (region.code, region.name) == (code, name)


@pytest.mark.parametrize("country, text, code", [
    ("US", "WA", "WA"), ("US", "californiA", "CA"), ("US", "Calif.", "CA"),
    ("US", "N.Y.", "NY"), ("US", "Fla.", "FL"), ("US", "Puerto Rico", "PR"),
    ("CA", "Québec", "QC"), ("MX", "Nuevo Leon", "NLE"), ("BR", "sao paulo", "SP"),
    ("AU", "NSW", "NSW"), ("AU", "new south wales", "NSW"), ("IN", "MAHARASHTRA", "MH"),
])
def test_without_commerces_list_the_iso_list_serves_where_its_codes_are_commerces(
        country, text, code):
    assert find_region(country, text).code == code


@pytest.mark.parametrize("text", ["Miss.", "Atlantis", "Ala."])
def test_an_unknown_or_ambiguous_region_is_not_guessed(text):
    assert find_region("US", text) is None  # Miss.: Mississippi or Missouri


@pytest.mark.parametrize("country, text", [
    ("JP", "東京都"), ("JP", "Osaka"), ("GB", "England"), ("NL", "Noord-Holland"),
    ("SG", "Singapore"), ("AE", "Dubai"),
])
def test_region_name_only_where_commerce_has_no_regions(country, text):
    assert not COMMERCE.has_regions(country) and not iso_regions().has_regions(country)
    for regions in (COMMERCE, None):
        region = find_region(country, text, regions)
        assert (region.code, region.name) == (None, text)


def test_unknown_region_is_sent_as_text_and_reported():
    mapped = order_body(order(shipping_address=address(state_or_region="Atlantis")))
    shipping = mapped.body["entity"]["extension_attributes"]["shipping_assignments"][0][
        "shipping"]["address"]
    assert shipping["region"] == "Atlantis"
    assert "region_code" not in shipping
    assert "Atlantis" in str(mapped.finding(REGION_NOT_RECOGNISED))


def test_japanese_prefecture_goes_by_name():
    amazon = order(marketplace_id="A1VC38T7YXB528", shipping_address=address(
        name="山田 太郎", state_or_region="東京都", country_code="JP", city="渋谷区"))
    billing = order_body(amazon).body["entity"]["billing_address"]
    assert billing["region"] == "東京都"
    assert "region_code" not in billing
    assert (billing["firstname"], billing["lastname"]) == ("Jane", "Doe")  # the buyer pays


def test_empty_region_is_left_out():
    billing = order_body(order(shipping_address=address(state_or_region=None))).body[
        "entity"]["billing_address"]
    assert "region" not in billing
