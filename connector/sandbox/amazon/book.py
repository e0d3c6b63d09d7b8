"""The sandbox's orders, held in memory as v2026 JSON, with Amazon's rules for changing them:
confirmShipment (packages, shipped counts, status), a seller's cancellation (from an order
acknowledgement feed), a buyer's cancellation request, and the moves along an order's
lifecycle that Amazon and buyers make (the control API and the page).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from connector.sandbox.amazon.contract import amazon_time, check_servable, parse_time
from connector.sandbox.amazon.views import V0_STATUS

V0_STATUS_BACK = {v: k for k, v in V0_STATUS.items()}
#: ORDER_CHANGE's change types for what happens here.
STATUS_CHANGE, BUYER_CHANGE = "OrderStatusChange", "BuyerRequestedChange"
#: Where the control API may move an order (Amazon's lifecycle, forwards only).
TRANSITIONS = {
    "PENDING_AVAILABILITY": {"PENDING", "UNSHIPPED", "CANCELLED"},
    "PENDING": {"UNSHIPPED", "CANCELLED", "UNFULFILLABLE"},
    "UNSHIPPED": {"PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED"},
    "PARTIALLY_SHIPPED": {"SHIPPED", "CANCELLED"},
    "SHIPPED": set(),
    "CANCELLED": set(),
    "UNFULFILLABLE": set(),
}


def backdated(now: Callable[[], datetime], minutes: float) -> Callable[[], datetime]:
    """The clock the order book stamps changes with: ``minutes`` behind ``now``, and (when
    backdating) each stamp at least a second after the one before, since Amazon's times have
    whole seconds and the connector keeps a change only when it is newer."""
    if not minutes:
        return now
    lag = timedelta(minutes=minutes)
    lock = threading.Lock()
    last: list[datetime] = []

    def stamp() -> datetime:
        with lock:
            moment = (now() - lag).replace(microsecond=0)
            if last and moment <= last[0]:
                moment = last[0] + timedelta(seconds=1)
            last[:] = [moment]
            return moment

    return stamp


class ConfirmationRejected(Exception):
    def __init__(self, message: str, code: str = "InvalidInput"):
        super().__init__(message)
        self.code = code
        self.message = message


#: Where a buyer may still ask to cancel (before anything shipped).
BUYER_MAY_ASK = ("PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED")
#: Where a seller's cancellation applies (Amazon refuses it once the order shipped).
SELLER_MAY_CANCEL = ("PENDING", "UNSHIPPED")


class CancellationRejected(Exception):
    """Amazon refuses the seller's cancellation; the message goes into the report."""


class OrderBook:
    """Thread-safe order storage with Amazon's shipment and status rules."""

    def __init__(self, now: Callable[[], datetime]):
        self._now = now
        self._orders: dict[str, dict] = {}
        self._lock = threading.RLock()
        #: ``listener(order, change_type, reason)`` after each change, outside the lock (the
        #: notifications desk publishes ORDER_CHANGE from here).
        self.listeners: list[Callable[[dict, str, str], None]] = []

    def _tell(self, order: dict | None, change_type: str, reason: str) -> None:
        if order is None:
            return
        for listener in list(self.listeners):
            listener(copy.deepcopy(order), change_type, reason)

    # -- storage --------------------------------------------------------------------------

    def add(self, order: dict, *, replace: bool = False) -> str:
        check_servable(order)  # raises OrderRefused
        with self._lock:
            if order["orderId"] in self._orders and not replace:
                raise KeyError(order["orderId"])
            self._orders[order["orderId"]] = order
        self._tell(order, STATUS_CHANGE, "NewOrder")
        return order["orderId"]

    def add_many(self, orders: list[dict]) -> list[str]:
        """Generated orders (trusted: skips the per-order validation, for speed). Returns the
        ids actually added; an id already held is left alone."""
        added = []
        with self._lock:
            for order in orders:
                if order["orderId"] not in self._orders:
                    self._orders[order["orderId"]] = order
                    added.append(order["orderId"])
        if self.listeners:
            for order in orders:
                if order["orderId"] in added:
                    self._tell(order, STATUS_CHANGE, "NewOrder")
        return added

    def clear(self) -> None:
        with self._lock:
            self._orders.clear()

    def get(self, order_id: str) -> dict | None:
        with self._lock:
            order = self._orders.get(order_id)
            return copy.deepcopy(order) if order is not None else None

    def all(self) -> list[dict]:
        with self._lock:
            return [copy.deepcopy(o) for o in self._orders.values()]

    def __len__(self) -> int:
        with self._lock:
            return len(self._orders)

    def select(self, *, field: str, after: datetime, before: datetime,
               marketplace_ids: set[str], statuses: set[str], fulfilled_by: set[str]
               ) -> list[dict]:
        """Orders whose ``field`` time lies in [after, before], oldest first (stable)."""
        with self._lock:
            found = []
            for order in self._orders.values():
                moment = parse_time(order[field])
                if moment is None or not after <= moment <= before:
                    continue
                if marketplace_ids and order["salesChannel"].get("marketplaceId") not in \
                        marketplace_ids:
                    continue
                if statuses and order["fulfillment"]["fulfillmentStatus"] not in statuses:
                    continue
                if fulfilled_by and order["fulfillment"].get("fulfilledBy") not in fulfilled_by:
                    continue
                found.append((moment, order["orderId"], order))
            found.sort(key=lambda entry: (entry[0], entry[1]))
            return [entry[2] for entry in found]

    # -- Amazon's rules --------------------------------------------------------------------

    def confirm_shipment(self, order_id: str, body: dict) -> None:
        """Apply a confirmShipment: the package's items count as shipped. Confirming the
        same packageReferenceId again replaces that package (an edit, not a second one)."""
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                raise ConfirmationRejected(f"Order {order_id} not found", "NotFound")
            problems = _confirmation_problems(order, body)
            if problems:
                raise ConfirmationRejected("; ".join(problems))
            detail = body["packageDetail"]
            reference = str(detail["packageReferenceId"])
            changed = self._touch(order)
            package = {
                "packageReferenceId": reference,
                "carrier": detail.get("carrierName") or detail["carrierCode"],
                "trackingNumber": detail["trackingNumber"],
                "shipTime": amazon_time(parse_time(detail["shipDate"])),
                "createdTime": changed,
                "packageItems": [{"orderItemId": i["orderItemId"], "quantity": i["quantity"]}
                                 for i in detail["orderItems"]],
            }
            if detail.get("shippingMethod"):
                package["shippingService"] = detail["shippingMethod"]
            packages = [p for p in order.get("packages", [])
                        if p["packageReferenceId"] != reference]
            packages.append(package)
            order["packages"] = packages
            self._recount(order)
            changed_order = copy.deepcopy(order)
        self._tell(changed_order, STATUS_CHANGE, "ShipmentConfirmed")

    def _touch(self, order: dict) -> str:
        """Stamp a change to ``order`` and return the stamp: the book's clock, but always a
        second or more after the order's last update. A backdating clock would otherwise
        date a change to an order placed with the real time before the order itself, and a
        client keeps a change only when it is newer than what it has."""
        moment = self._now().replace(microsecond=0)
        previous = parse_time(order["lastUpdatedTime"])
        if previous is not None and moment <= previous.replace(microsecond=0):
            moment = previous.replace(microsecond=0) + timedelta(seconds=1)
        order["lastUpdatedTime"] = amazon_time(moment)
        return order["lastUpdatedTime"]

    def _recount(self, order: dict) -> None:
        shipped: dict[str, int] = {}
        for package in order.get("packages", []):
            for item in package["packageItems"]:
                shipped[item["orderItemId"]] = shipped.get(item["orderItemId"], 0) + \
                    item["quantity"]
        total = done = 0
        for item in order["orderItems"]:
            quantity = item["quantityOrdered"]
            count = min(shipped.get(item["orderItemId"], 0), quantity)
            item["fulfillment"] = {**item.get("fulfillment", {}), "quantityFulfilled": count,
                                   "quantityUnfulfilled": quantity - count}
            total += quantity
            done += count
        if done == 0:
            status = "UNSHIPPED"
        elif done < total:
            status = "PARTIALLY_SHIPPED"
        else:
            status = "SHIPPED"
        order["fulfillment"]["fulfillmentStatus"] = status

    def move(self, order_id: str, status: str) -> dict:
        """Move an order along its lifecycle (the control API)."""
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                raise KeyError(order_id)
            status = V0_STATUS_BACK.get(status, status).upper()
            if status == "CANCELED":
                status = "CANCELLED"
            current = order["fulfillment"]["fulfillmentStatus"]
            if status not in TRANSITIONS:
                raise ValueError(f"unknown status {status!r}; expected one of "
                                 f"{', '.join(TRANSITIONS)}")
            if status != current and status not in TRANSITIONS[current]:
                raise ValueError(f"an order in {current} cannot move to {status}")
            items = order["orderItems"]
            if status == "SHIPPED":
                for item in items:
                    item["fulfillment"] = {"quantityFulfilled": item["quantityOrdered"],
                                           "quantityUnfulfilled": 0}
            elif status == "PARTIALLY_SHIPPED":
                if sum(i["quantityOrdered"] for i in items) < 2:
                    raise ValueError("a single-unit order cannot be partially shipped")
                if all(i.get("fulfillment", {}).get("quantityFulfilled", 0) == 0 for i in items):
                    first = items[0]
                    first["fulfillment"] = {"quantityFulfilled": 1,
                                            "quantityUnfulfilled": first["quantityOrdered"] - 1}
            order["fulfillment"]["fulfillmentStatus"] = status
            self._touch(order)
            moved = copy.deepcopy(order)
        self._tell(moved, STATUS_CHANGE, "OrderStatusChanged")
        return moved

    def buyer_request(self, order_id: str, reason: str | None) -> dict:
        """A buyer asks to cancel (``reason`` given) or no longer does (``None``): each item's
        ``cancellation.cancellationRequest``, and the order's last update."""
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                raise KeyError(order_id)
            status = order["fulfillment"]["fulfillmentStatus"]
            if reason is not None and status not in BUYER_MAY_ASK:
                raise ValueError(f"a buyer cannot ask to cancel an order in {status}")
            for item in order["orderItems"]:
                cancellation = dict(item.get("cancellation") or {})
                if reason is None:
                    cancellation.pop("cancellationRequest", None)
                else:
                    cancellation["cancellationRequest"] = {"requester": "BUYER",
                                                           "cancelReason": reason}
                if cancellation:
                    item["cancellation"] = cancellation
                else:
                    item.pop("cancellation", None)
            self._touch(order)
            asked = copy.deepcopy(order)
        self._tell(asked, BUYER_CHANGE,
                   "Buyer Requested Cancel" if reason is not None else "Buyer Request Withdrawn")
        return asked

    def seller_cancel(self, order_id: str, items: list[tuple[str, str | None]]) -> None:
        """Apply a seller's cancellation (``items``: order item id, reason): every item must be
        named; the order becomes CANCELLED with each item's ``cancellationExecution``. An order
        canceled already stays so (a feed sent twice changes nothing)."""
        with self._lock:
            order = self._orders.get(order_id)
            if order is None:
                raise CancellationRejected(f"We could not find order {order_id}.")
            status = order["fulfillment"]["fulfillmentStatus"]
            if status == "CANCELLED":
                return
            if order["fulfillment"].get("fulfilledBy") != "MERCHANT":
                raise CancellationRejected(f"Order {order_id} is fulfilled by Amazon; it cannot "
                                           "be canceled with an order acknowledgement.")
            if status in ("SHIPPED", "PARTIALLY_SHIPPED"):
                raise CancellationRejected(f"Order {order_id} cannot be canceled: it has "
                                           "already shipped.")
            if status not in SELLER_MAY_CANCEL:
                raise CancellationRejected(f"Order {order_id} cannot be canceled in status "
                                           f"{V0_STATUS.get(status, status)}.")
            reasons = dict(items)
            known = [item["orderItemId"] for item in order["orderItems"]]
            unknown = [item_id for item_id in reasons if item_id not in known]
            if unknown:
                raise CancellationRejected(f"Order {order_id} has no item {unknown[0]}.")
            if set(known) - set(reasons):
                raise CancellationRejected("This sandbox cancels whole orders only: list every "
                                           f"item of order {order_id}.")
            for item in order["orderItems"]:
                execution = {"cancelledBy": "MERCHANT"}
                if reasons[item["orderItemId"]]:
                    execution["cancelReason"] = reasons[item["orderItemId"]]
                item["cancellation"] = {**(item.get("cancellation") or {}),
                                        "cancellationExecution": execution}
            order["fulfillment"]["fulfillmentStatus"] = "CANCELLED"
            self._touch(order)
            canceled = copy.deepcopy(order)
        self._tell(canceled, STATUS_CHANGE, "SellerCanceled")


def _confirmation_problems(order: dict, body: dict) -> list[str]:
    problems = []
    if not isinstance(body, dict):
        return ["Request body must be a JSON object"]
    if body.get("marketplaceId") != order["salesChannel"].get("marketplaceId"):
        problems.append("marketplaceId does not match the order's marketplace")
    detail = body.get("packageDetail")
    if not isinstance(detail, dict):
        return problems + ["packageDetail is required"]
    for name in ("packageReferenceId", "carrierCode", "trackingNumber", "shipDate"):
        if not isinstance(detail.get(name), str) or not detail.get(name):
            problems.append(f"packageDetail.{name} is required")
    if detail.get("carrierCode") == "Other" and not detail.get("carrierName"):
        problems.append("packageDetail.carrierName is required when carrierCode is Other")
    if isinstance(detail.get("shipDate"), str) and parse_time(detail["shipDate"]) is None:
        problems.append("packageDetail.shipDate must be an ISO-8601 date-time")
    if order["fulfillment"].get("fulfilledBy") != "MERCHANT":
        problems.append("Order is fulfilled by Amazon; shipment confirmation is not allowed")
    status = order["fulfillment"]["fulfillmentStatus"]
    if status in ("CANCELLED", "PENDING", "PENDING_AVAILABILITY", "UNFULFILLABLE"):
        problems.append(f"Order status {V0_STATUS[status]} does not allow shipment confirmation")
    items = detail.get("orderItems")
    if not isinstance(items, list) or not items:
        return problems + ["packageDetail.orderItems must list at least one item"]
    by_id = {i["orderItemId"]: i for i in order["orderItems"]}
    reference = str(detail.get("packageReferenceId"))
    elsewhere: dict[str, int] = {}
    for package in order.get("packages", []):
        if package["packageReferenceId"] != reference:
            for entry in package["packageItems"]:
                elsewhere[entry["orderItemId"]] = elsewhere.get(entry["orderItemId"], 0) + \
                    entry["quantity"]
    requested: dict[str, int] = {}
    for index, entry in enumerate(items):
        if not isinstance(entry, dict) or entry.get("orderItemId") not in by_id:
            problems.append(f"packageDetail.orderItems[{index}].orderItemId is not in the order")
            continue
        quantity = entry.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            problems.append(f"packageDetail.orderItems[{index}].quantity must be a positive "
                            "integer")
            continue
        requested[entry["orderItemId"]] = requested.get(entry["orderItemId"], 0) + quantity
    for item_id, quantity in requested.items():
        ordered = by_id[item_id]["quantityOrdered"]
        if quantity + elsewhere.get(item_id, 0) > ordered:
            problems.append(f"Item {item_id}: {quantity + elsewhere.get(item_id, 0)} shipped "
                            f"would exceed the {ordered} ordered")
    return problems


