"""``?fields=`` trims the Commerce sandbox's answers as Magento's FieldsFilter does."""

from __future__ import annotations

import pytest

from connector.sandbox.commerce import create_commerce_sandbox

AUTH = {"Authorization": "Bearer sandbox-token"}
SEARCH = "/rest/V1/products?searchCriteria[pageSize]=10"


@pytest.fixture
def http():
    app = create_commerce_sandbox(products=[{"sku": "MUG-RED", "qty": 5, "price": 9.5},
                                            {"sku": "TEA/50", "qty": 2}])
    return app.test_client()


def get(http, path: str):
    answer = http.get(path, headers=AUTH)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_a_search_keeps_only_the_fields_asked_for_and_a_number_stays_a_number(http):
    assert get(http, f"{SEARCH}&fields=items[sku,price],total_count") == {
        "items": [{"sku": "MUG-RED", "price": 9.5}, {"sku": "TEA/50", "price": 0.0}],
        "total_count": 2}
    assert get(http, "/rest/V1/inventory/get-product-salable-quantity/MUG-RED/1?fields=x") == 5


def test_nested_objects_are_trimmed_too(http):
    assert get(http, "/rest/V1/products/MUG-RED?fields=sku,extension_attributes[stock_item[qty]]"
               ) == {"sku": "MUG-RED", "extension_attributes": {"stock_item": {"qty": 5.0}}}
    assert get(http, "/rest/V1/store/websites?fields=code") == [{"code": "admin"},
                                                                {"code": "base"}]


@pytest.mark.parametrize("spec", ["items[sku", "sku;id", "nothing_of_that_name"])
def test_a_bad_or_empty_filter_answers_an_empty_list(http, spec):
    assert get(http, f"{SEARCH}&fields={spec}") == []
