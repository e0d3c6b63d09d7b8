"""The Commerce sandbox routes REST calls as Magento's web API does (its ``PathProcessor`` and
``Rest\\Router``): slashes trimmed, a store code or ``all`` before ``V1``, path variables split
before they are decoded, anything else "Request does not match any route."."""

from __future__ import annotations

import pytest

from connector.sandbox.commerce import create_commerce_sandbox

AUTH = {"Authorization": "Bearer sandbox-token"}
NO_ROUTE = {"message": "Request does not match any route."}
PAGE = "searchCriteria[pageSize]=10"


@pytest.fixture
def app():
    return create_commerce_sandbox(products=[
        {"sku": "MUG-RED", "qty": 5}, {"sku": "TEA/50", "qty": 2}, {"sku": "MUG RED", "qty": 1}])


@pytest.fixture
def http(app):
    return app.test_client()


def calls(http) -> dict:
    return http.get("/_sandbox/calls").get_json()


@pytest.mark.parametrize("path", [
    f"/rest/V1/products/?{PAGE}", f"/rest/default/V1/products/?{PAGE}",
    f"/rest/all/V1/products/?{PAGE}", f"/rest/V1/products//?{PAGE}", f"/rest//V1/products?{PAGE}",
])
def test_a_trailing_slash_or_the_store_scope_reaches_the_same_search(http, path):
    answer = http.get(path, headers=AUTH)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["total_count"] == 3


def test_an_order_is_found_by_id_in_every_scope_and_with_a_trailing_slash(http, order_body):
    created = http.post("/rest/default/V1/orders/", json=order_body, headers=AUTH)
    assert created.status_code == 200, created.get_json()
    order_id = created.get_json()["entity_id"]
    for prefix in ("/rest/V1", "/rest/default/V1", "/rest/all/V1"):
        answer = http.get(f"{prefix}/orders/{order_id}/", headers=AUTH)
        assert answer.get_json()["increment_id"] == "AMZ-205-0000001-0000001"
    assert calls(http) == {"POST /V1/orders": 1, "GET /V1/orders/{id}": 3}


@pytest.mark.parametrize("path", [
    "/rest/nl_nl/V1/store/websites",  # no such store view: the code stays in the path
    "/rest/admin/V1/store/websites",  # the admin store is "all" in a URL, never "admin"
    "/rest/V1//store/websites",  # an empty part inside the path
    "/rest/V1/Store/websites",  # parts are compared case by case
    "/rest/V1/store",
    "/rest/",
])
def test_what_magento_routes_nowhere_is_a_404_and_is_not_counted(http, path):
    answer = http.get(path, headers=AUTH)
    assert (answer.status_code, answer.get_json()) == (404, NO_ROUTE)
    assert calls(http) == {}


def test_a_route_of_another_method_does_not_match(http):
    answer = http.delete("/rest/V1/orders", headers=AUTH)
    assert (answer.status_code, answer.get_json()) == (404, NO_ROUTE)
    answer = http.patch("/rest/V1/orders", headers=AUTH, json={})
    assert (answer.status_code, answer.get_json()) == (400, {
        "message": "Request method is invalid."})


def test_path_variables_are_split_then_url_decoded(http):
    # %2F stays inside the SKU's part; "+" is a space, as PHP's urldecode has it
    assert http.get("/rest/V1/products/TEA%2F50", headers=AUTH).get_json()["sku"] == "TEA/50"
    assert http.get("/rest/V1/products/MUG+RED", headers=AUTH).get_json()["sku"] == "MUG RED"
    assert http.get("/rest/V1/stockItems/TEA%2F50", headers=AUTH).get_json()["qty"] == 2
    salable = "/rest/V1/inventory/get-product-salable-quantity/TEA%2F50/1"
    assert http.get(salable, headers=AUTH).get_json() == 2


@pytest.mark.parametrize("path, value, kind", [
    ("/rest/V1/orders/first", "first", "int"),
    ("/rest/V1/inventory/get-product-salable-quantity/MUG-RED/one", "one", "int"),
    ("/rest/V1/inventory/is-product-salable-for-requested-qty/MUG-RED/1/lots", "lots", "float"),
])
def test_a_path_variable_of_the_wrong_type_is_refused_with_magentos_words(http, path, value,
                                                                          kind):
    answer = http.get(path, headers=AUTH)
    assert answer.status_code == 400
    assert answer.get_json() == {"message": f"The \"{value}\" value's type is invalid. The "
                                            f"\"{kind}\" type was expected. Verify and try "
                                            "again."}


def test_numbers_in_the_path_are_read_as_php_reads_them(http):
    assert http.get("/rest/V1/inventory/is-product-salable-for-requested-qty/MUG-RED/1.0/5e0",
                    headers=AUTH).get_json() == {"salable": True, "errors": []}


def test_the_acl_check_comes_after_the_route(http):
    assert http.get("/rest/V1/nothing").status_code == 404  # no token, yet no 401
    answer = http.get("/rest/V1/store/websites/")
    assert answer.status_code == 401
    assert answer.get_json()["parameters"] == {"resources": "Magento_Backend::store"}
