"""The Amazon sandbox's Notifications API: who may call what (grantless or the seller's
token), Amazon's refusals, its rate limit, and the delivery fault controls."""

from __future__ import annotations

import json

import pytest

from connector.sandbox.amazon import create_amazon_sandbox

ARN = "arn:aws:sqs:us-east-1:123456789012:orders"
BASE = "/notifications/v1"


class Sqs:
    """What the sandbox asks of SQS when a destination is created."""

    def __init__(self, policy: dict | None):
        self.policy = policy

    def get_queue_url(self, QueueName, QueueOwnerAWSAccountId):  # noqa: N803 - boto3's names
        if QueueName == "missing":
            raise RuntimeError("AWS.SimpleQueueService.NonExistentQueue")
        return {"QueueUrl": f"https://sqs.example/{QueueOwnerAWSAccountId}/{QueueName}"}

    def get_queue_attributes(self, QueueUrl, AttributeNames):  # noqa: N803
        return {"Attributes": {"Policy": json.dumps(self.policy)} if self.policy else {}}


AMAZON_MAY_SEND = {"Statement": [{"Effect": "Allow",
                                  "Principal": {"AWS": "arn:aws:iam::437568002678:root"},
                                  "Action": ["sqs:SendMessage"]}]}


@pytest.fixture
def web():
    now = [0.0]
    app = create_amazon_sandbox(samples=False, clock=lambda: now[0],
                                sqs=lambda region: Sqs(AMAZON_MAY_SEND))
    client = app.test_client()
    client.now = now
    return client


def token(web, grant: str) -> str:
    form = {"client_id": "sandbox-client", "client_secret": "sandbox-secret"}
    if grant == "grantless":
        form.update(grant_type="client_credentials", scope="sellingpartnerapi::notifications")
    else:
        form.update(grant_type="refresh_token", refresh_token="Atzr|sandbox")
    answer = web.post("/auth/o2/token", data=form)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["access_token"]


def call(web, method: str, path: str, access: str, body=None):
    return web.open(path, method=method, json=body, headers={"x-amz-access-token": access})


def test_grantless_operations_take_only_the_apps_token_and_seller_ones_only_the_sellers(web):
    app, seller = token(web, "grantless"), token(web, "seller")
    assert call(web, "GET", f"{BASE}/destinations", seller).status_code == 403
    assert call(web, "GET", f"{BASE}/destinations", app).get_json() == {"payload": []}
    assert call(web, "GET", f"{BASE}/subscriptions/ORDER_CHANGE", app).status_code == 403
    assert call(web, "GET", f"{BASE}/subscriptions/ORDER_CHANGE", seller).status_code == 404
    wrong = web.post("/auth/o2/token", data={
        "grant_type": "client_credentials", "scope": "sellingpartnerapi::migration",
        "client_id": "sandbox-client", "client_secret": "sandbox-secret"})
    assert (wrong.status_code, wrong.get_json()["error"]) == (400, "invalid_scope")


def test_amazons_refusals(web, monkeypatch):
    app, seller = token(web, "grantless"), token(web, "seller")
    made = call(web, "POST", f"{BASE}/destinations", app,
                {"name": "orders", "resourceSpecification": {"sqs": {"arn": ARN}}})
    assert made.status_code == 200
    destination = made.get_json()["payload"]["destinationId"]
    web.now[0] += 10  # the bucket refills (1 per second)
    again = call(web, "POST", f"{BASE}/destinations", app,
                 {"name": "orders", "resourceSpecification": {"sqs": {"arn": ARN}}})
    assert (again.status_code, again.get_json()["errors"][0]["code"]) == (409, "Conflict")
    bad = call(web, "POST", f"{BASE}/destinations", app,
               {"name": "x", "resourceSpecification": {"sqs": {"arn": "arn:aws:sns:x"}}})
    assert bad.status_code == 400
    missing = call(web, "POST", f"{BASE}/destinations", app, {
        "name": "x", "resourceSpecification": {"sqs": {
            "arn": "arn:aws:sqs:us-east-1:123456789012:missing"}}})
    assert missing.status_code == 400 and "does not exist" in missing.get_json()[
        "errors"][0]["message"]

    web.now[0] += 10
    body = {"payloadVersion": "1.0", "destinationId": destination, "processingDirective": {
        "eventFilter": {"eventFilterType": "ORDER_CHANGE", "marketplaceIds": ["ATVPDKIKX0DER"],
                        "orderChangeTypes": ["OrderStatusChange"]}}}
    assert call(web, "POST", f"{BASE}/subscriptions/ORDER_CHANGE", seller,
                dict(body, destinationId="nope")).status_code == 400
    created = call(web, "POST", f"{BASE}/subscriptions/ORDER_CHANGE", seller, body)
    assert created.status_code == 200
    twice = call(web, "POST", f"{BASE}/subscriptions/ORDER_CHANGE", seller, body)
    assert twice.status_code == 409
    web.now[0] += 10
    assert call(web, "DELETE", f"{BASE}/subscriptions/ORDER_CHANGE/nope",
                app).status_code == 404
    gone = created.get_json()["payload"]["subscriptionId"]
    assert call(web, "DELETE", f"{BASE}/subscriptions/ORDER_CHANGE/{gone}",
                app).status_code == 200


def test_a_queue_amazon_may_not_send_to_is_refused():
    app = create_amazon_sandbox(samples=False, sqs=lambda region: Sqs(None))
    web = app.test_client()
    answer = call(web, "POST", f"{BASE}/destinations", token(web, "grantless"),
                  {"name": "orders", "resourceSpecification": {"sqs": {"arn": ARN}}})
    assert answer.status_code == 400
    assert "437568002678" in answer.get_json()["errors"][0]["message"]


def test_one_call_per_second_burst_five(web):
    app = token(web, "grantless")
    codes = [call(web, "GET", f"{BASE}/destinations", app).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    web.now[0] += 1
    assert call(web, "GET", f"{BASE}/destinations", app).status_code == 200


def test_delivery_faults_are_checked_field_by_field(web):
    refused = web.post("/_sandbox/notifications/faults", json={"drop": 2, "reorder": "yes",
                                                               "lose": 1})
    assert refused.status_code == 400
    assert set(refused.get_json()["errors"]) == {"drop", "reorder", "lose"}
    ok = web.post("/_sandbox/notifications/faults", json={"duplicate": 0.5, "delay_seconds": 3})
    assert ok.get_json()["faults"]["duplicate"] == 0.5
