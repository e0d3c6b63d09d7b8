"""Names, regions and placeholders of Commerce order addresses."""

import pytest

from mappings import REGION_NOT_RECOGNISED, order_body
from mappings.addresses import NO_LAST_NAME, split_name
from mappings.regions import REGIONS, find_region
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


@pytest.mark.parametrize("country, text, code, name", [
    ("US", "WA", "WA", "Washington"),
    ("US", "washington", "WA", "Washington"),
    ("US", "Puerto Rico", "PR", "Puerto Rico"),
    ("CA", "Québec", "QC", "Quebec"),
    ("CA", "ON", "ON", "Ontario"),
    ("MX", "Nuevo Leon", "NLE", "Nuevo León"),
    ("MX", "CDMX", "CMX", "Ciudad de México"),
    ("BR", "SP", "SP", "São Paulo"),
    ("BR", "sao paulo", "SP", "São Paulo"),
    ("AU", "NSW", "NSW", "New South Wales"),
    ("IN", "MAHARASHTRA", "MH", "Maharashtra"),
    ("DE", "Bayern", "BAY", "Bayern"),
    ("DE", "BY", "BAY", "Bayern"),
    ("DE", "Baden-Wurttemberg", "BAW", "Baden-Württemberg"),
    ("AT", "Wien", "WI", "Wien"),
    ("FR", "Bouches du Rhone", "13", "Bouches-du-Rhône"),
    ("FR", "01", "1", "Ain"),
    ("IT", "MI", "MI", "Milano"),
    ("IT", "Roma", "RM", "Roma"),
    ("ES", "Madrid", "Madrid", "Madrid"),
    ("PL", "Mazowieckie", "PL-14", "mazowieckie"),
    ("SE", "Stockholms län", "SE-AB", "Stockholms län"),
    ("BE", "Liège", "WLG", "Liège"),
])
def test_region_code_and_name_for_countries_commerce_has_regions_for(country, text, code, name):
    region = find_region(country, text)
    assert (region.code, region.name) == (code, name)


@pytest.mark.parametrize("country, text", [
    ("JP", "東京都"), ("JP", "Osaka"), ("GB", "England"), ("NL", "Noord-Holland"),
    ("SG", "Singapore"), ("AE", "Dubai"),
])
def test_region_name_only_where_commerce_has_no_regions(country, text):
    assert country not in REGIONS
    region = find_region(country, text)
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
