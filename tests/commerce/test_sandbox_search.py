"""The Commerce sandbox reads ``searchCriteria`` from the query string as Magento does, and a
malformed one is Magento's 400, never a 500."""

from __future__ import annotations

import pytest

from connector.sandbox.commerce import create_commerce_sandbox

AUTH = {"Authorization": "Bearer sandbox-token"}
TYPE = "The \"{}\" value's type is invalid. The \"int\" type was expected. Verify and try again."


@pytest.fixture
def http():
    app = create_commerce_sandbox(products=[{"sku": f"MUG-{n}", "qty": n} for n in range(3)])
    return app.test_client()


@pytest.mark.parametrize("query, field, value", [
    ("searchCriteria[pageSize]=ten", "pageSize", "ten"),
    ("searchCriteria[pageSize]=2&searchCriteria[currentPage]=last", "currentPage", "last"),
    ("searchCriteria[pageSize]=1e999", "pageSize", "1e999"),
    ("searchCriteria[pageSize]=1&searchCriteria[pageSize][0]=2", "pageSize", "array"),
])
def test_a_page_that_is_not_a_number_is_refused_naming_the_field(http, query, field, value):
    answer = http.get(f"/rest/V1/products?{query}", headers=AUTH)
    assert answer.status_code == 400
    assert answer.get_json() == {
        "message": f'Error occurred during "{field}" processing. {TYPE.format(value)}'}


def test_filters_and_sort_orders_that_are_not_objects_are_passed_over(http):
    query = ("searchCriteria[filter_groups][0][filters][0]=MUG-1&searchCriteria[sortOrders][0]=x"
             "&searchCriteria[sortOrders][1][field]=sku&searchCriteria[sortOrders][1][direction]"
             "=DESC&searchCriteria[pageSize]=2.9")
    answer = http.get(f"/rest/V1/products?{query}", headers=AUTH)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert [p["sku"] for p in answer.get_json()["items"]] == ["MUG-2", "MUG-1"]
    assert answer.get_json()["total_count"] == 3
