"""The contract suite has its data: Amazon's models and examples, Adobe's request schema."""


def test_sp_api_models_and_examples_are_found(fixtures_dir, load_fixture):
    v2026 = load_fixture("sp-api/orders-2026-01-01/orders_2026-01-01.json")
    assert "/orders/2026-01-01/orders" in v2026["paths"]
    v0 = load_fixture("sp-api/ordersV0.json")
    assert "/orders/v0/orders" in v0["paths"]
    examples = load_fixture("sp-api/orders-2026-01-01/searchOrders.examples.json")
    assert any(e["status"] == 200 for e in examples)


def test_commerce_request_schema_is_found(fixtures_dir, load_fixture):
    schema = load_fixture("commerce/order-connector-requests.schema.json")
    assert schema
    assert (fixtures_dir / "commerce" / "examples" / "post-v1-orders.amazon-guest.example.json"
            ).is_file()
