"""ORDER_CHANGE against Amazon's own models, read in place: the notification schema
(OrderChangeNotification.schema.json, its example) and the Notifications API model
(notifications/notifications.json). The connector's reading of the message agrees with
Amazon's schema field by field, the Amazon sandbox publishes what that schema accepts, and its
Notifications answers and the client's requests are the model's shapes."""

from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest
import responses

from connector.amazon import AmazonClient, LwaCredentials
from connector.notifications import MalformedNotification, read_order_change
from connector.sandbox.amazon.notify_desk import NotifyDesk
from tests.e2e.world import START, v2026_order


@pytest.fixture(scope="module")
def amazon_schema(load_fixture):
    return load_fixture("sp-api/OrderChangeNotification.schema.json")


@pytest.fixture(scope="module")
def example(load_fixture):
    return load_fixture("sp-api/OrderChangeNotification.example.json")[0]


@pytest.fixture(scope="module")
def model(load_fixture):
    return load_fixture("sp-api/notifications/notifications.json")


def required_paths(schema, path=()):
    """Every required field of Amazon's schema, as a path of keys (0 for a list item)."""
    for name in schema.get("required", []):
        yield (*path, name)
    for name, sub in schema.get("properties", {}).items():
        if sub.get("type") == "object" or "properties" in sub:
            yield from required_paths(sub, (*path, name))
        if sub.get("type") == "array" and isinstance(sub.get("items"), dict):
            yield from required_paths(sub["items"], (*path, name, 0))


def without(document, path):
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return changed


def test_amazons_example_reads(example, amazon_schema):
    jsonschema.Draft7Validator(amazon_schema).validate(example)
    change = read_order_change(json.dumps(example))
    assert (change.order_id, change.seller_id, change.marketplace_id, change.change_type) == (
        "903-8868176-2219830", "A3TH9S8BH6GOGM", "ATVPDKIKX0DER", "BuyerRequestedChange")
    assert change.notification_id == "d0e9e693-c3ad-4373-979f-ed4ec98dd746"


def test_every_field_amazon_requires_is_required_here(example, amazon_schema):
    paths = list(required_paths(amazon_schema))
    assert len(paths) >= 25
    for path in paths:
        broken = without(example, path)
        assert not jsonschema.Draft7Validator(amazon_schema).is_valid(broken), path
        with pytest.raises(MalformedNotification):
            read_order_change(json.dumps(broken))


@pytest.mark.parametrize(("path", "value"), [
    (("Payload", "OrderChangeNotification", "OrderChangeType"), "PriceChange"),
    (("Payload", "OrderChangeNotification", "NotificationLevel"), "StoreLevel"),
    (("Payload", "OrderChangeNotification", "Summary", "OrderStatus"), "Lost"),
    (("Payload", "OrderChangeNotification", "Summary", "FulfillmentType"), "SFN"),
    (("Payload", "OrderChangeNotification", "Summary", "OrderItems", 0, "Quantity"), "10"),
    (("Payload", "OrderChangeNotification", "SellerId"), 42),
])
def test_values_amazons_schema_refuses_are_refused_here(example, amazon_schema, path, value):
    broken = copy.deepcopy(example)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert not jsonschema.Draft7Validator(amazon_schema).is_valid(broken)
    with pytest.raises(MalformedNotification):
        read_order_change(json.dumps(broken))


def test_the_sandbox_publishes_what_amazons_schema_accepts(amazon_schema):
    desk = NotifyDesk("A1SELLER", lambda: START, sqs=lambda region: None)
    order = v2026_order("111-0000001-0000001", [("MUG-1", 2, "12.00"), ("KETTLE-1", 1, "40")],
                        created=START, status="UNSHIPPED")
    for change_type, reason in (("OrderStatusChange", "NewOrder"),
                                ("BuyerRequestedChange", "Buyer Requested Cancel")):
        message = desk.message(order, change_type, reason)
        message["NotificationMetadata"]["SubscriptionId"] = "subscription-1"
        jsonschema.Draft7Validator(amazon_schema).validate(message)
        assert read_order_change(json.dumps(message)).order_id == "111-0000001-0000001"


def _validator(model, definition: str):
    return jsonschema.Draft4Validator({"$ref": f"#/definitions/{definition}",
                                       "definitions": model["definitions"]})


class FakeSqs:
    """Only what the sandbox asks of SQS when a destination is created."""

    def get_queue_url(self, QueueName, QueueOwnerAWSAccountId):  # noqa: N803 - boto3's names
        return {"QueueUrl": f"https://sqs.example/{QueueOwnerAWSAccountId}/{QueueName}"}

    def get_queue_attributes(self, QueueUrl, AttributeNames):  # noqa: N803
        return {"Attributes": {"Policy": json.dumps({"Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::437568002678:root"},
            "Action": "sqs:SendMessage"}]})}}


def test_the_sandboxs_answers_and_the_clients_requests_are_the_models(model):
    from connector.sandbox.amazon import create_amazon_sandbox

    sandbox = create_amazon_sandbox(samples=False, sqs=lambda region: FakeSqs())
    web = sandbox.test_client()
    sent: list[tuple[str, dict | None]] = []

    def forward(request):
        path = request.path_url
        if request.body and path.startswith("/notifications"):
            sent.append((path, json.loads(request.body)))
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() in ("x-amz-access-token", "content-type")}
        answer = web.open(path, method=request.method, headers=headers,
                          data=request.body)
        return answer.status_code, dict(answer.headers), answer.get_data()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in ("GET", "POST", "DELETE"):
            mock.add_callback(method, re.compile(r"https://sandbox\.example/.*"),
                              callback=forward)
        client = AmazonClient(LwaCredentials("sandbox-client", "sandbox-secret",
                                             "Atzr|sandbox"), "NA",
                              endpoint="https://sandbox.example",
                              lwa_url="https://sandbox.example/auth/o2/token")
        api = client.notifications
        assert api.destinations() == []
        destination = api.create_destination("orders", "arn:aws:sqs:us-east-1:123456789012:q")
        subscription = api.create_order_change_subscription(
            destination["destinationId"], ["ATVPDKIKX0DER"],
            ["OrderStatusChange", "BuyerRequestedChange"])
        assert api.subscription()["subscriptionId"] == subscription["subscriptionId"]
        api.delete_subscription(subscription["subscriptionId"])
        assert api.subscription() is None

    _validator(model, "CreateDestinationResponse").validate({"payload": destination})
    _validator(model, "CreateSubscriptionResponse").validate({"payload": subscription})
    bodies = dict(sent)
    _validator(model, "CreateDestinationRequest").validate(
        bodies["/notifications/v1/destinations"])
    _validator(model, "CreateSubscriptionRequest").validate(
        bodies["/notifications/v1/subscriptions/ORDER_CHANGE"])
