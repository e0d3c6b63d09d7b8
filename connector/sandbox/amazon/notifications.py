"""Notifications API v1 as the sandbox serves it: destinations (grantless), the seller's
ORDER_CHANGE subscription, with Amazon's error answers; and the control endpoints that steer
delivery (``/_sandbox/notifications``: what was sent, faults, release held messages)."""

from __future__ import annotations

import uuid

from flask import Blueprint, request

from connector.sandbox.amazon.envelope import ApiError, invalid, json_response, operation
from connector.sandbox.amazon.notify_desk import FAULT_KEYS, arn_parts
from connector.sandbox.amazon.state import sandbox

BASE = "/notifications/v1"
ORDER_CHANGE_TYPES = {"OrderStatusChange", "BuyerRequestedChange", "DeliveryTipChange"}

notifications = Blueprint("notifications", __name__)


def _type(notification_type: str) -> None:
    if notification_type != "ORDER_CHANGE":
        raise invalid(f"This sandbox serves ORDER_CHANGE only, not {notification_type}")


@notifications.get(f"{BASE}/destinations")
@operation("getDestinations", grantless=True)
def get_destinations():
    desk = sandbox().notify
    with desk.lock:
        return json_response({"payload": list(desk.destinations.values())})


@notifications.post(f"{BASE}/destinations")
@operation("createDestination", grantless=True)
def create_destination():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("name"), str) or not body["name"]:
        raise invalid("Request has missing or invalid parameters", "name is required")
    if len(body["name"]) > 256:
        raise invalid("Request has missing or invalid parameters", "name is too long")
    spec = body.get("resourceSpecification")
    sqs = spec.get("sqs") if isinstance(spec, dict) else None
    arn = sqs.get("arn") if isinstance(sqs, dict) else None
    if not isinstance(arn, str) or arn_parts(arn) is None or len(arn) > 1000:
        raise invalid("Request has missing or invalid parameters",
                      "resourceSpecification.sqs.arn must be an SQS queue ARN")
    desk = sandbox().notify
    with desk.lock:
        if any(d["resource"]["sqs"]["arn"] == arn for d in desk.destinations.values()):
            raise ApiError(409, "Conflict", "A destination with this resource already exists")
    problem = desk.queue_problem(arn)
    if problem:
        raise invalid(problem)
    destination = {"name": body["name"], "destinationId": str(uuid.uuid4()),
                   "resource": {"sqs": {"arn": arn}}}
    with desk.lock:
        desk.destinations[destination["destinationId"]] = destination
    return json_response({"payload": destination})


@notifications.get(f"{BASE}/subscriptions/<notification_type>")
@operation("getSubscription")
def get_subscription(notification_type: str):
    _type(notification_type)
    desk = sandbox().notify
    with desk.lock:
        found = desk.subscriptions.get(notification_type)
    if found is None:
        raise ApiError(404, "NotFound", "The subscription does not exist")
    return json_response({"payload": found})


def _directive_problem(directive) -> str | None:
    if directive is None:
        return None
    event = directive.get("eventFilter") if isinstance(directive, dict) else None
    if not isinstance(event, dict) or event.get("eventFilterType") != "ORDER_CHANGE":
        return "processingDirective.eventFilter.eventFilterType must be ORDER_CHANGE"
    types = event.get("orderChangeTypes", [])
    if not isinstance(types, list) or not set(types) <= ORDER_CHANGE_TYPES:
        return "processingDirective.eventFilter.orderChangeTypes has an unknown change type"
    marketplaces = event.get("marketplaceIds", [])
    if not isinstance(marketplaces, list) or not all(
            isinstance(m, str) and m for m in marketplaces):
        return "processingDirective.eventFilter.marketplaceIds must list marketplace ids"
    return None


@notifications.post(f"{BASE}/subscriptions/<notification_type>")
@operation("createSubscription")
def create_subscription(notification_type: str):
    _type(notification_type)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or body.get("payloadVersion") != "1.0" or not isinstance(
            body.get("destinationId"), str):
        raise invalid("Request has missing or invalid parameters",
                      "payloadVersion 1.0 and destinationId are required")
    problem = _directive_problem(body.get("processingDirective"))
    if problem:
        raise invalid("Request has missing or invalid parameters", problem)
    desk = sandbox().notify
    with desk.lock:
        if body["destinationId"] not in desk.destinations:
            raise invalid("Request has missing or invalid parameters",
                          f"Destination {body['destinationId']} does not exist")
        existing = desk.subscriptions.get(notification_type)
        if existing is not None:
            raise ApiError(409, "Conflict", "Subscription for the notification type already "
                           "exists", f"subscriptionId {existing['subscriptionId']}")
        subscription = {"subscriptionId": str(uuid.uuid4()), "payloadVersion": "1.0",
                        "destinationId": body["destinationId"]}
        if body.get("processingDirective"):
            subscription["processingDirective"] = body["processingDirective"]
        desk.subscriptions[notification_type] = subscription
    return json_response({"payload": subscription})


@notifications.delete(f"{BASE}/subscriptions/<notification_type>/<subscription_id>")
@operation("deleteSubscriptionById", grantless=True)
def delete_subscription(notification_type: str, subscription_id: str):
    _type(notification_type)
    desk = sandbox().notify
    with desk.lock:
        existing = desk.subscriptions.get(notification_type)
        if existing is None or existing["subscriptionId"] != subscription_id:
            raise ApiError(404, "NotFound", "The subscription does not exist")
        del desk.subscriptions[notification_type]
    return json_response({})


# -- control ------------------------------------------------------------------------------


@notifications.get("/_sandbox/notifications")
def sent():
    desk = sandbox().notify
    with desk.lock:
        return json_response({"sent": list(desk.sent), "held": len(desk.held),
                              "faults": dict(desk.faults),
                              "subscriptions": dict(desk.subscriptions),
                              "destinations": list(desk.destinations.values())})


@notifications.post("/_sandbox/notifications/faults")
def set_faults():
    """Replace the delivery faults: ``drop``, ``duplicate``, ``malformed`` (shares from 0 to
    1), ``delay_seconds`` (0 to 900), ``reorder`` (true: hold messages until ``release``).
    Keys left out are off."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_response({"errors": {"_body": ["a JSON object is required"]}}, 400)
    problems = {}
    for key, value in body.items():
        if key not in FAULT_KEYS:
            problems[key] = ["unknown fault; expected one of " + ", ".join(FAULT_KEYS)]
        elif key == "reorder":
            if not isinstance(value, bool):
                problems[key] = ["true or false"]
        elif isinstance(value, bool) or not isinstance(value, int | float):
            problems[key] = ["must be a number"]
        elif key == "delay_seconds" and not 0 <= value <= 900:
            problems[key] = ["seconds from 0 to 900"]
        elif key != "delay_seconds" and not 0 <= value <= 1:
            problems[key] = ["a share from 0 to 1"]
    if problems:
        return json_response({"errors": problems}, 400)
    desk = sandbox().notify
    with desk.lock:
        desk.faults = {key: float(body.get(key, 0)) for key in FAULT_KEYS}
    return json_response({"faults": desk.faults})


@notifications.post("/_sandbox/notifications/release")
def release():
    """Send the messages the reorder fault held back, newest first."""
    return json_response({"released": sandbox().notify.release()})
