"""The Commerce client against recorded-shape answers (``responses``)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from decimal import Decimal
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
import requests
import responses

from connector.commerce import (
    CommerceAuthError,
    CommerceConflict,
    CommerceNetworkError,
    CommerceNotFound,
    CommerceProtocolError,
    CommerceServerError,
    CommerceTimeout,
    CommerceValidationError,
    Filter,
    PathSegmentInvalid,
    RequestBodyInvalid,
    SearchCriteria,
)
from connector.sandbox.commerce.schemas import request_body_errors
from tests.commerce.conftest import BASE, OAUTH

REST = f"{BASE}/rest/default/V1"


@pytest.fixture
def mocked():
    with responses.RequestsMock() as rsps:
        yield rsps


def sent_json(call) -> dict:
    return json.loads(call.request.body)


def query(call) -> dict:
    return dict(parse_qsl(urlsplit(call.request.url).query, keep_blank_values=True))


# -- URLs, auth ---------------------------------------------------------------------------------

def test_bearer_token_and_store_code_in_the_url(mocked, make_client):
    mocked.get(f"{BASE}/rest/de_de/V1/orders/7", json={"entity_id": 7})
    client = make_client(f"{BASE}/rest/", store_code="de_de")
    assert client.get_order(7) == {"entity_id": 7}
    request = mocked.calls[0].request
    assert request.headers["Authorization"] == "Bearer t0k3n"
    assert request.headers["Accept"] == "application/json"


def test_without_store_code_the_default_scope_is_used(mocked, make_client):
    mocked.get(f"{BASE}/rest/V1/store/websites", json=[{"id": 1, "code": "base"}])
    assert make_client(store_code=None).websites() == [{"id": 1, "code": "base"}]


def test_credentials_must_be_a_token_or_all_four_integration_values(make_client):
    with pytest.raises(ValueError, match="missing: access_token_secret"):
        make_client(credentials={k: v for k, v in OAUTH.items() if k != "access_token_secret"})
    with pytest.raises(ValueError):
        make_client(credentials={"token": "x", "consumer_key": "y"})


def _independent_oauth_signature(method: str, url: str, header: str) -> str:
    """RFC 5849 section 3.4 with HMAC-SHA256, written out without oauthlib."""
    def enc(value: str) -> str:
        return quote(value, safe="~")

    params = [tuple(p.strip().split("=", 1)) for p in header[len("OAuth "):].split(",")]
    oauth = {k: requests.utils.unquote(v.strip('"')) for k, v in params}
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in oauth.items() if k != "oauth_signature"]
    pairs += parse_qsl(parts.query, keep_blank_values=True)
    normalized = "&".join(f"{k}={v}" for k, v in sorted((enc(k), enc(v)) for k, v in pairs))
    base_uri = f"{parts.scheme}://{parts.netloc}{parts.path}"
    base = "&".join([method, enc(base_uri), enc(normalized)])
    key = f"{enc(OAUTH['consumer_secret'])}&{enc(OAUTH['access_token_secret'])}"
    digest = hmac.new(key.encode(), base.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def test_oauth1_signature_matches_an_independent_hmac_sha256_computation(
        mocked, make_client, monkeypatch):
    import oauthlib.oauth1.rfc5849 as rfc5849

    monkeypatch.setattr(rfc5849, "generate_nonce", lambda: "kllo9940pd9333jh")
    monkeypatch.setattr(rfc5849, "generate_timestamp", lambda: "1191242096")
    mocked.get(f"{REST}/orders", json={"items": [], "total_count": 0})
    client = make_client(credentials=OAUTH)
    assert client.find_order_by_ext_id("111-222 (x)") is None
    request = mocked.calls[0].request
    header = request.headers["Authorization"]
    if isinstance(header, bytes):
        header = header.decode()
    fields = dict(p.strip().split("=", 1) for p in header[len("OAuth "):].split(","))
    assert fields["oauth_signature_method"] == '"HMAC-SHA256"'
    assert fields["oauth_consumer_key"] == '"ck"' and fields["oauth_token"] == '"at"'
    assert fields["oauth_nonce"] == '"kllo9940pd9333jh"'
    sent = requests.utils.unquote(fields["oauth_signature"].strip('"'))
    assert sent == _independent_oauth_signature("GET", request.url, header)
    # the query (searchCriteria) is covered: a changed value breaks the signature
    assert sent != _independent_oauth_signature("GET", request.url.replace("222", "223"),
                                                header)


def test_401_names_the_missing_acl_resource_and_the_bearer_setting(mocked, make_client):
    mocked.post(f"{REST}/order/5/ship", status=401, json={
        "message": "The consumer isn't authorized to access %resources.",
        "parameters": {"resources": "Magento_Sales::ship"}})
    with pytest.raises(CommerceAuthError) as caught:
        make_client().ship(5, {})
    error = caught.value
    assert error.status == 401 and error.resources == ["Magento_Sales::ship"]
    assert "The consumer isn't authorized to access Magento_Sales::ship." in str(error)
    assert "grant the integration the ACL resource Magento_Sales::ship" in str(error)
    assert "standalone Bearer tokens" in str(error)


def test_401_with_oauth_points_at_the_integration_credentials(mocked, make_client):
    mocked.get(f"{REST}/orders/1", status=401, json={"message": "Invalid signature"})
    with pytest.raises(CommerceAuthError, match="consumer key/secret or access token/secret"):
        make_client(credentials=OAUTH).get_order(1)


# -- errors -------------------------------------------------------------------------------------

def test_404_is_not_found_with_magentos_message(mocked, make_client):
    mocked.get(f"{REST}/orders/99", status=404, json={
        "message": "The entity that was requested doesn't exist. Verify the entity and try "
                   "again."})
    with pytest.raises(CommerceNotFound, match="doesn't exist"):
        make_client().get_order(99)


def test_400_fills_positional_and_named_parameters(mocked, make_client):
    mocked.post(f"{REST}/orders", status=400, json={
        "message": "Property \"%1\" does not have accessor method \"%2\" in class \"%3\".",
        "parameters": ["Foo", "setFoo", "Magento\\Sales\\Api\\Data\\OrderInterface"]})
    mocked.post(f"{REST}/orders/3/comments", status=400, json={
        "message": "%fieldName is a required field.", "parameters": {"fieldName": "status"},
        "errors": [{"message": "%fieldName is a required field.",
                    "parameters": {"fieldName": "comment"}}]})
    client = make_client()
    with pytest.raises(CommerceValidationError) as caught:
        client.create_order({"entity": {}})
    assert ('Property "Foo" does not have accessor method "setFoo" in class '
            '"Magento\\Sales\\Api\\Data\\OrderInterface".') in str(caught.value)
    with pytest.raises(CommerceValidationError) as caught:
        client.add_comment(3, "x", "pending")
    assert "status is a required field." in str(caught.value)
    assert caught.value.errors == ["comment is a required field."]


def test_unique_constraint_is_a_conflict(mocked, make_client, order_body):
    mocked.post(f"{REST}/orders", status=400,
                json={"message": "Unique constraint violation found"})
    with pytest.raises(CommerceConflict):
        make_client().create_order(order_body)


def test_customer_email_in_use_is_a_conflict(mocked, make_client):
    mocked.post(f"{REST}/customers", status=400, json={
        "message": "A customer with the same email address already exists in an associated "
                   "website."})
    with pytest.raises(CommerceConflict):
        make_client().create_customer({"email": "a@b.c", "firstname": "A", "lastname": "B"})


def test_5xx_on_post_is_not_retried(mocked, make_client, order_body, sleeps):
    mocked.post(f"{REST}/orders", status=503, body="<html>busy</html>")
    with pytest.raises(CommerceServerError, match="503"):
        make_client().create_order(order_body)
    assert len(mocked.calls) == 1 and sleeps == []


def test_network_failure_on_create_is_not_retried_and_may_be_applied(mocked, make_client,
                                                                       order_body, sleeps):
    mocked.post(f"{REST}/orders", body=requests.ConnectionError("reset by peer"))
    with pytest.raises(CommerceNetworkError) as caught:
        make_client().create_order(order_body)
    assert caught.value.maybe_applied is True
    assert len(mocked.calls) == 1 and sleeps == []


def test_get_retries_503_then_succeeds_with_growing_jittered_pauses(mocked, make_client,
                                                                    sleeps):
    url = f"{REST}/orders/4"
    mocked.get(url, status=503, json={"message": "busy"})
    mocked.get(url, status=502, body="bad gateway")
    mocked.get(url, json={"entity_id": 4})
    assert make_client(backoff=1.0).get_order(4) == {"entity_id": 4}
    assert len(mocked.calls) == 3
    assert 0.5 <= sleeps[0] <= 1.0 and 1.0 <= sleeps[1] <= 2.0


def test_get_gives_up_after_max_retries(mocked, make_client, sleeps):
    mocked.get(f"{REST}/orders/4", body=requests.ReadTimeout("slow"))
    with pytest.raises(CommerceTimeout) as caught:
        make_client(max_retries=2).get_order(4)
    assert caught.value.maybe_applied is False  # a read changes nothing
    assert len(mocked.calls) == 3 and len(sleeps) == 2


def test_a_200_that_is_not_json_is_a_protocol_error(mocked, make_client):
    mocked.get(f"{REST}/orders/4", body="<html>maintenance</html>")
    with pytest.raises(CommerceProtocolError):
        make_client().get_order(4)


def test_cancel_answering_a_non_boolean_is_a_protocol_error(mocked, make_client):
    mocked.post(f"{REST}/orders/4/cancel", json={"result": True})
    with pytest.raises(CommerceProtocolError):
        make_client().cancel(4)


# -- operations ---------------------------------------------------------------------------------

def test_create_order_sends_decimals_as_numbers_and_returns_the_entity_id(mocked, make_client,
                                                                          order_body):
    mocked.post(f"{REST}/orders", json={**order_body["entity"], "entity_id": 12})
    order_body["entity"]["grand_total"] = Decimal("34.47")
    order_body["entity"]["base_grand_total"] = Decimal("12345678901234.5678")
    order_body["entity"]["total_qty_ordered"] = Decimal("3")
    assert make_client(body_check=request_body_errors).create_order(order_body) == 12
    raw = mocked.calls[0].request.body.decode()
    sent = json.loads(raw, parse_float=Decimal)
    assert sent["entity"]["grand_total"] == Decimal("34.47")
    # A float would have sent 12345678901234.568: the exact digits travel.
    assert sent["entity"]["base_grand_total"] == Decimal("12345678901234.5678")
    assert sent["entity"]["total_qty_ordered"] == 3
    assert mocked.calls[0].request.headers["Content-Type"] == "application/json"


def test_create_order_returning_answers_the_saved_order_in_one_call(mocked, make_client,
                                                                   order_body):
    saved = {**order_body["entity"], "entity_id": 12, "increment_id": "000000012",
             "state": "new", "status": "pending"}
    mocked.post(f"{REST}/orders", json=saved)
    answer = make_client().create_order_returning(order_body)
    assert answer == saved
    assert len(mocked.calls) == 1


def test_create_order_returning_passes_a_short_answer_on(mocked, make_client, order_body):
    mocked.post(f"{REST}/orders", json={"entity_id": 12})
    assert make_client().create_order_returning(order_body) == {"entity_id": 12}


@pytest.mark.parametrize("answer", [{"increment_id": "000000012"}, {"entity_id": "12"}, 12])
def test_a_create_answer_without_an_entity_id_is_a_protocol_error(mocked, make_client,
                                                                  order_body, answer):
    mocked.post(f"{REST}/orders", json=answer)
    with pytest.raises(CommerceProtocolError):
        make_client().create_order_returning(order_body)


def test_a_body_check_refuses_a_bad_body_before_sending(mocked, make_client, order_body):
    order_body["entity"]["shipping_address"] = {"city": "Berlin"}
    with pytest.raises(RequestBodyInvalid) as caught:
        make_client(body_check=request_body_errors).create_order(order_body)
    assert caught.value.field_errors == {"entity": {"shipping_address": ["Unknown field."]}}
    assert len(mocked.calls) == 0


def test_find_order_by_ext_id_uses_search_criteria(mocked, make_client):
    mocked.get(f"{REST}/orders", json={"items": [{"entity_id": 3}], "total_count": 1})
    assert make_client().find_order_by_ext_id("205-1-1") == {"entity_id": 3}
    params = query(mocked.calls[0])
    assert params["searchCriteria[filter_groups][0][filters][0][field]"] == "ext_order_id"
    assert params["searchCriteria[filter_groups][0][filters][0][value]"] == "205-1-1"
    assert params["searchCriteria[filter_groups][0][filters][0][condition_type]"] == "eq"
    assert params["searchCriteria[pageSize]"] == "1"


def test_find_order_by_increment_id_scoped_to_a_store(mocked, make_client):
    mocked.get(f"{REST}/orders", json={"items": [], "total_count": 0})
    assert make_client().find_order_by_increment_id("AMZ-1", store_id=2) is None
    params = query(mocked.calls[0])
    assert params["searchCriteria[filter_groups][1][filters][0][field]"] == "store_id"
    assert params["searchCriteria[filter_groups][1][filters][0][value]"] == "2"


def test_search_orders_pages_by_total_count_not_by_empty_pages(mocked, make_client):
    # Magento answers a page past the end with the last page again.
    pages = {"1": [{"entity_id": 1}, {"entity_id": 2}], "2": [{"entity_id": 3}]}

    def answer(request):
        page = query_of(request.url)["searchCriteria[currentPage]"]
        return 200, {}, json.dumps({"items": pages.get(page, pages["2"]), "total_count": 3})

    def query_of(url):
        return dict(parse_qsl(urlsplit(url).query))

    mocked.add_callback(responses.GET, f"{REST}/orders", callback=answer)
    found = list(make_client().search_orders(SearchCriteria().where("state", "new"),
                                             page_size=2))
    assert [o["entity_id"] for o in found] == [1, 2, 3]
    assert len(mocked.calls) == 2


def test_search_criteria_groups_and_or_sort_and_in_lists():
    criteria = (SearchCriteria()
                .where("state", ["new", "processing"], "in")
                .where_any(Filter("status", "pending"), Filter("status", "fraud"))
                .order_by("created_at", "desc").page(20, 3))
    params = dict(criteria.params())
    assert params["searchCriteria[filter_groups][0][filters][0][value]"] == "new,processing"
    assert params["searchCriteria[filter_groups][1][filters][1][value]"] == "fraud"
    assert params["searchCriteria[sortOrders][0][direction]"] == "DESC"
    assert params["searchCriteria[currentPage]"] == "3"
    with pytest.raises(ValueError):
        SearchCriteria().where("state", "new", "equals")


def test_invoice_ship_cancel_and_comment(mocked, make_client):
    mocked.post(f"{REST}/order/8/invoice", json=31)
    mocked.post(f"{REST}/order/8/ship", json=41)
    mocked.post(f"{REST}/orders/8/cancel", json=False)
    mocked.post(f"{REST}/orders/8/comments", json=True)
    client = make_client(body_check=request_body_errors)
    assert client.invoice(8) == 31
    assert sent_json(mocked.calls[0]) == {"capture": True}
    tracks = [{"carrier_code": "ups", "title": "UPS", "track_number": "1Z9"}]
    assert client.ship(8, {"items": [{"order_item_id": 1, "qty": 1}], "tracks": tracks}) == 41
    assert client.cancel(8) is False
    assert client.add_comment(8, "Shipped on Amazon", "processing") is True
    assert sent_json(mocked.calls[3]) == {"statusHistory": {
        "comment": "Shipped on Amazon", "status": "processing", "parent_id": 8,
        "is_customer_notified": 0, "is_visible_on_front": 0}}


def test_search_shipments_by_order_and_window(mocked, make_client):
    mocked.get(f"{BASE}/rest/default/V1/shipments", json={"items": [
        {"entity_id": 5, "tracks": [{"track_number": "1Z"}]}], "total_count": 1})
    found = list(make_client().search_shipments(order_id=8, created_from="2026-01-01 00:00:00",
                                                created_to="2026-01-02 00:00:00"))
    assert found[0]["tracks"][0]["track_number"] == "1Z"
    params = query(mocked.calls[0])
    assert params["searchCriteria[filter_groups][1][filters][0][condition_type]"] == "gteq"
    assert params["searchCriteria[filter_groups][2][filters][0][condition_type]"] == "lt"


def test_product_sku_is_url_encoded_and_404_is_none(mocked, make_client):
    mocked.get(f"{REST}/products/MUG%20RED%2B1", json={"sku": "MUG RED+1", "status": 1})
    mocked.get(f"{REST}/products/NOPE", status=404, json={
        "message": "The product that was requested doesn't exist. Verify the product and try "
                   "again."})
    client = make_client()
    assert client.get_product("MUG RED+1")["status"] == 1
    assert client.get_product("NOPE") is None


def test_product_sku_with_slash_is_found_through_a_search(mocked, make_client):
    mocked.get(f"{REST}/products", json={"items": [{"sku": "TEA/50"}], "total_count": 1})
    assert make_client().get_product("TEA/50") == {"sku": "TEA/50"}
    assert query(mocked.calls[0])["searchCriteria[filter_groups][0][filters][0][value]"] == \
        "TEA/50"


def test_msi_salability_with_the_websites_stock(mocked, make_client):
    mocked.get(f"{REST}/inventory/stock-resolver/website/base", json={"stock_id": 2})
    mocked.get(f"{REST}/inventory/is-product-salable-for-requested-qty/MUG-RED/2/3",
               json={"salable": False, "errors": [{"code": "x", "message": "not enough"}]})
    mocked.get(f"{REST}/inventory/get-product-salable-quantity/MUG-RED/2", json=2)
    client = make_client()
    stock = client.stock_id_for_website("base")
    assert stock == 2
    assert client.is_salable("MUG-RED", 3, stock) is False
    assert client.salability("MUG-RED", 3, stock)["errors"][0]["message"] == "not enough"
    assert client.salable_quantity("MUG-RED", stock) == 2.0


def test_legacy_stock_and_stores(mocked, make_client):
    mocked.get(f"{REST}/stockItems/MUG-RED", json={"qty": 4, "is_in_stock": True})
    mocked.get(f"{REST}/store/storeViews", json=[{"id": 1, "code": "default"}])
    mocked.get(f"{REST}/store/storeConfigs", json=[{"id": 1, "base_currency_code": "EUR"}])
    mocked.get(f"{REST}/amazon-orders/order-statuses",
               json=[{"status": "pending", "state": "new"}])
    client = make_client()
    assert client.stock_item("MUG-RED")["qty"] == 4
    assert client.store_views()[0]["code"] == "default"
    assert client.store_configs()[0]["base_currency_code"] == "EUR"
    assert client.order_statuses()[0]["state"] == "new"


def test_customers_and_reservations(mocked, make_client):
    mocked.post(f"{REST}/customers", json={"id": 9, "email": "a@b.c"})
    mocked.get(f"{REST}/customers/search", json={"items": [{"id": 9}], "total_count": 1})
    mocked.post(f"{REST}/amazon-orders/reservations", json="already_placed")
    client = make_client(body_check=request_body_errors)
    assert client.create_customer({"email": "a@b.c", "firstname": "A", "lastname": "B"},
                                  password="S3cret!pass")["id"] == 9
    assert sent_json(mocked.calls[0])["password"] == "S3cret!pass"
    assert client.find_customer_by_email("a@b.c")["id"] == 9
    assert client.place_reservations(12) == "already_placed"
    assert sent_json(mocked.calls[2]) == {"orderId": 12}


def test_pending_holds_send_the_modules_body_and_path(mocked, make_client):
    mocked.post(f"{REST}/amazon-orders/pending-holds", json="held")
    mocked.delete(f"{REST}/amazon-orders/pending-holds/114-0000001-0000002", json="released")
    client = make_client(body_check=request_body_errors)
    assert client.hold_pending_stock("114-0000001-0000002", "us_en",
                                     {"MUG-1": 2, "LAMP/2": 1}) == "held"
    assert sent_json(mocked.calls[0]) == {
        "amazonOrderId": "114-0000001-0000002", "storeCode": "us_en",
        "items": [{"sku": "MUG-1", "qty": 2}, {"sku": "LAMP/2", "qty": 1}]}
    assert client.release_pending_stock("114-0000001-0000002") == "released"
    assert mocked.calls[1].request.method == "DELETE"
    with pytest.raises(RequestBodyInvalid) as caught:  # nothing to hold: never sent
        client.hold_pending_stock("114-0000001-0000002", "us_en", {})
    assert "items" in str(caught.value)
    assert len(mocked.calls) == 2


def test_an_injected_session_is_used_and_left_open(mocked, make_client):
    mocked.get(f"{REST}/store/websites", json=[])
    with requests.Session() as session:
        session.headers["X-Trace"] = "abc"
        client = make_client(session=session)
        client.websites()
        client.close()
        assert mocked.calls[0].request.headers["X-Trace"] == "abc"
        session.get(f"{REST}/store/websites")  # still usable


# -- connection pool ----------------------------------------------------------------------------

def pool_maxsize(client, url=BASE) -> int:
    return client.session.get_adapter(url).poolmanager.connection_pool_kw["maxsize"]


def test_pool_size_sizes_the_clients_own_pool(make_client):
    client = make_client(pool_size=16)
    assert pool_maxsize(client) == 16
    assert pool_maxsize(client, "http://127.0.0.1:8080") == 16
    assert pool_maxsize(make_client()) == requests.adapters.DEFAULT_POOLSIZE


def test_pool_size_leaves_an_injected_session_alone(make_client):
    with requests.Session() as session:
        adapter = session.get_adapter(BASE)
        client = make_client(session=session, pool_size=16)
        assert client.session.get_adapter(BASE) is adapter
        assert pool_maxsize(client) == requests.adapters.DEFAULT_POOLSIZE


def test_a_pool_of_no_connections_is_refused(make_client):
    with pytest.raises(ValueError, match="pool_size"):
        make_client(pool_size=0)


def test_new_invoice_and_shipment_ids_may_come_as_numeric_strings(mocked, make_client):
    # Magento's output processor passes the id through as the resource model read it.
    mocked.post(f"{REST}/order/8/invoice", json="31")
    mocked.post(f"{REST}/order/8/ship", json="41")
    mocked.post(f"{REST}/order/9/ship", json="not-an-id")
    client = make_client()
    assert client.invoice(8) == 31
    assert client.ship(8) == 41
    with pytest.raises(CommerceProtocolError):
        client.ship(9)


def test_dot_skus_never_become_another_commerce_path(mocked, make_client):
    mocked.get(f"{REST}/products", json={"items": [{"sku": ".."}], "total_count": 1})
    client = make_client()
    assert client.get_product("..") == {"sku": ".."}  # found through a search
    assert query(mocked.calls[0])["searchCriteria[filter_groups][0][filters][0][value]"] == ".."
    for call in (lambda: client.stock_item(".."), lambda: client.salable_quantity(".", 2),
                 lambda: client.salability("..", 1, 2)):
        with pytest.raises(PathSegmentInvalid):
            call()
    assert len(mocked.calls) == 1  # nothing else was sent, to any path
