"""What the API refuses before reading it, and the headers its answers carry."""

from connector.web.limits import MAX_JSON_DEPTH, MAX_REQUEST_BYTES
from tests.api.conftest import AUTH

RESYNC = "/api/v1/stores/1/resync"


def test_deeply_nested_json_is_a_400_not_a_500(client):
    for body in ("[" * 100_000, '{"amazon_order_ids": ' + "[" * 5_000 + "]" * 5_000 + "}"):
        answer = client.post(RESYNC, data=body, content_type="application/json", headers=AUTH)
        assert answer.status_code == 400, answer.get_data(as_text=True)
        assert f"nested more than {MAX_JSON_DEPTH} levels" in answer.get_json()["message"]


def test_brackets_inside_strings_do_not_count_as_nesting(client):
    body = '{"amazon_order_ids": ["' + "[" * 100 + '\\"[["]}'
    answer = client.post(RESYNC, data=body, content_type="application/json", headers=AUTH)
    assert answer.status_code == 422  # read, then refused by the schema: not an order id


def test_a_body_over_the_limit_is_a_413(client):
    ids = ",".join(['"113-0000001-0000001"'] * (MAX_REQUEST_BYTES // 20))
    answer = client.post(RESYNC, data='{"amazon_order_ids": [' + ids + "]}",
                         content_type="application/json", headers=AUTH)
    assert answer.status_code == 413
    assert answer.get_json()["code"] == 413


def test_api_answers_are_not_cached_or_sniffed(client):
    for path, headers in (("/api/v1/stores", AUTH), ("/api/v1/stores", {}),
                          ("/health/ready", {})):
        answer = client.get(path, headers=headers)
        assert answer.headers["Cache-Control"] == "no-store", path
        assert answer.headers["X-Content-Type-Options"] == "nosniff", path
