"""``CommerceClient``: the REST calls the connector makes to one Commerce store view.

It knows HTTP, auth, retries and Magento's answer shapes, and nothing of business rules. Reads
(GET) are retried with jittered exponential backoff on 5xx, 429 and network errors; writes are
sent once, because a lost answer to ``POST /V1/orders`` may still have created the order.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from connector.commerce.auth import auth_for, auth_mode
from connector.commerce.errors import (
    CommerceAuthError,
    CommerceConflict,
    CommerceHTTPError,
    CommerceNetworkError,
    CommerceNotFound,
    CommerceProtocolError,
    CommerceServerError,
    CommerceTimeout,
    CommerceValidationError,
    PathSegmentInvalid,
    RequestBodyInvalid,
    fill_template,
)
from connector.commerce.search import SearchCriteria
from connector.urls import without_secrets
from mappings.jsonbody import to_json

__all__ = ["CommerceClient", "DEFAULT_PAGE_SIZE", "RETRYABLE_STATUSES"]

DEFAULT_PAGE_SIZE = 100
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
BEARER_SETTING = ("Stores > Configuration > Services > OAuth > Consumer Settings > Allow OAuth "
                  "Access Tokens to be used as standalone Bearer tokens")
_CONFLICT_MARKERS = ("unique constraint", "already exists", "duplicate entry",
                     "integrity constraint")


def _exact(value: Any) -> Any:
    """Money (Decimal) leaves as JSON numbers with its exact digits; a float a caller passed
    (a quantity, say) is written as Python shows it, which is how it was read."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_exact(v) for v in value]
    return value


DOT_SEGMENTS = (".", "..")


def _segment(value: Any) -> str:
    """One URL path segment, fully encoded (``/`` too), so signatures and routes agree.

    ``.`` and ``..`` cannot be one: the HTTP library (and web servers, even for ``%2E%2E``)
    resolve them as dot segments, so the call would reach another Commerce path. They are
    refused before anything is sent."""
    text = quote(str(value), safe="")
    if text in DOT_SEGMENTS:
        raise PathSegmentInvalid(str(value))
    return text


class CommerceClient:
    """A client for one store view of one Commerce instance.

    ``credentials`` is ``{"token": ...}`` or the four integration values (see ``auth``).
    ``session`` is injectable (tests pass one; otherwise the client owns and closes its own).
    ``pool_size``: how many connections the client's own session keeps open to Commerce
    (``requests`` keeps 10); give it the number of threads that share the client, or calls
    beyond the pool open a connection each and throw it away. An injected session is left as
    its owner set it up.
    ``body_check(operation, body)``, if given, is asked about each body before it is sent
    (``operation`` is ``"create_order"``, ``"invoice"``, ``"ship"``, ``"comment"``,
    ``"create_customer"``, ``"reservations"`` or ``"pending_holds"``); when it answers field
    errors (a nested dict) nothing is sent and ``RequestBodyInvalid`` is raised. Tests pass a
    reading of Commerce's contract; in production Commerce itself is the judge.
    ``sleep`` and ``rng`` are injectable so tests can see the backoff without waiting.
    """

    def __init__(self, base_url: str, credentials: Mapping[str, str],
                 store_code: str | None = "default", *,
                 session: requests.Session | None = None, pool_size: int | None = None,
                 timeout: float | tuple = 30,
                 body_check: Callable[[str, Any], dict] | None = None,
                 max_retries: int = 3, backoff: float = 0.5, max_backoff: float = 8.0,
                 sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None):
        # Credentials in the URL were never used (``auth`` wins) but would show in every
        # error text; a store added before such URLs were refused may still have them.
        base = without_secrets(base_url).rstrip("/")
        if base.endswith("/rest"):
            base = base[: -len("/rest")]
        self.base_url = base
        self.store_code = store_code
        self.auth_mode = auth_mode(credentials)
        self._auth = auth_for(credentials)
        self._owns_session = session is None
        if pool_size is not None and pool_size < 1:
            raise ValueError("pool_size must be at least 1")
        if session is None:
            session = requests.Session()
            if pool_size is not None:
                for scheme in ("https://", "http://"):
                    session.mount(scheme, HTTPAdapter(pool_maxsize=pool_size))
        self.session = session
        self.timeout = timeout
        self.body_check = body_check
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.rng = rng or random.Random()
        #: Told ``(operation, seconds, status)`` after each call (monitoring; status 0: no
        #: answer). ``operation`` is the method and path with its variable parts as ``{}``.
        self.observe: Callable[[str, float, int], None] | None = None

    # -- plumbing ---------------------------------------------------------------------------

    def close(self) -> None:
        if self._owns_session:
            self.session.close()

    def __enter__(self) -> CommerceClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def url(self, path: str) -> str:
        """``/V1/orders`` -> ``<base>/rest/<store_code>/V1/orders``."""
        scope = f"/{_segment(self.store_code)}" if self.store_code else ""
        return f"{self.base_url}/rest{scope}{path}"

    def request(self, method: str, path: str, *, params: Any = None, body: Any = None,
                operation: str | None = None) -> Any:
        """Send one call and return the decoded JSON answer; raise a ``CommerceError``."""
        if body is not None and operation and self.body_check is not None:
            errors = self.body_check(operation, body)
            if errors:
                raise RequestBodyInvalid(operation, errors)
        data = None if body is None else to_json(_exact(body)).encode()
        url = self.url(path)
        attempts = 1 + (self.max_retries if method == "GET" else 0)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            started = time.perf_counter()
            try:
                response = self.session.request(
                    method, url, params=params, data=data, auth=self._auth,
                    timeout=self.timeout,
                    headers={"Accept": "application/json",
                             "Content-Type": "application/json"})
            except requests.RequestException as exc:
                self._observed(method, path, started, 0)
                error = self._network_error(exc, method, url)
                if last:
                    raise error from exc
                self._pause(attempt)
                continue
            self._observed(method, path, started, response.status_code)
            if response.status_code in RETRYABLE_STATUSES and not last:
                response.close()
                self._pause(attempt)
                continue
            return self._answer(response, method, url)
        raise AssertionError("unreachable")  # pragma: no cover

    def _observed(self, method: str, path: str, started: float, status: int) -> None:
        if self.observe is not None:
            self.observe(operation_name(method, path), time.perf_counter() - started, status)

    def _pause(self, attempt: int) -> None:
        ceiling = min(self.max_backoff, self.backoff * 2 ** attempt)
        self.sleep(self.rng.uniform(ceiling / 2, ceiling))

    @staticmethod
    def _network_error(exc: requests.RequestException, method: str,
                       url: str) -> CommerceNetworkError:
        never_sent = isinstance(exc, requests.ConnectTimeout) or "NewConnectionError" in repr(exc)
        maybe_applied = method != "GET" and not never_sent
        if isinstance(exc, requests.Timeout):
            return CommerceTimeout(f"{method} {url}: no answer within the timeout ({exc})",
                                   method=method, url=url, maybe_applied=maybe_applied)
        return CommerceNetworkError(f"{method} {url}: connection failed ({exc})",
                                    method=method, url=url, maybe_applied=maybe_applied)

    def _answer(self, response: requests.Response, method: str, url: str) -> Any:
        try:
            payload = response.json() if response.content else None
        except ValueError:
            payload = None
            if response.ok:
                raise CommerceProtocolError(
                    f"{method} {url}: answer is not JSON: {response.text[:200]!r}") from None
        if response.ok:
            return payload
        raise self._http_error(response.status_code, payload, response.text, method, url)

    def _http_error(self, status: int, payload: Any, text: str, method: str,
                    url: str) -> CommerceHTTPError:
        template, parameters, errors = "", None, []
        if isinstance(payload, dict):
            template = str(payload.get("message") or "")
            parameters = payload.get("parameters")
            for item in payload.get("errors") or []:
                if isinstance(item, dict) and item.get("message"):
                    errors.append(fill_template(str(item["message"]), item.get("parameters")))
        message = fill_template(template, parameters) if template else (text[:200] or
                                                                         f"HTTP {status}")
        common = {"status": status, "method": method, "url": url, "body": payload,
                  "template": template, "parameters": parameters}
        where = f"{method} {url}"
        if status in (401, 403):
            return self._auth_error(message, parameters, where, common)
        if status == 404:
            return CommerceNotFound(f"{where}: {message}", **common)
        if status == 400 and any(m in message.lower() for m in _CONFLICT_MARKERS):
            return CommerceConflict(f"{where}: {message}", **common)
        if 400 <= status < 500:
            detail = "; ".join(e for e in errors if e != message)
            return CommerceValidationError(
                f"{where}: {message}" + (f" ({detail})" if detail else ""), errors=errors,
                **common)
        return CommerceServerError(f"{where}: HTTP {status}: {message}", **common)

    def _auth_error(self, message: str, parameters: Any, where: str,
                    common: dict) -> CommerceAuthError:
        resources: list[str] = []
        if isinstance(parameters, dict) and parameters.get("resources"):
            resources = [r.strip() for r in str(parameters["resources"]).split(",") if r.strip()]
        if self.auth_mode == "bearer":
            credential = ("the token is wrong, revoked or expired (an admin token lasts 4 hours; "
                          "an integration access token used as a Bearer token needs "
                          f"'{BEARER_SETTING}' = Yes on Magento 2.4.4 and later)")
        else:
            credential = ("the integration's consumer key/secret or access token/secret are "
                          "wrong, or the integration is not activated")
        if resources:
            hint = (f"grant the integration the ACL resource {', '.join(resources)} "
                    f"(System > Extensions > Integrations > API), or {credential}")
        else:
            hint = credential
        return CommerceAuthError(f"{where}: Commerce refused the call: {message.rstrip('.')}. "
                                 f"Either {hint}.",
                                 resources=resources, **common)

    def _expect(self, value: Any, kind: type | tuple, what: str) -> Any:
        if isinstance(value, bool) and kind is not bool:
            raise CommerceProtocolError(f"{what}: expected {kind}, got {value!r}")
        if not isinstance(value, kind):
            raise CommerceProtocolError(f"{what}: expected {kind}, got {value!r}")
        return value

    def _entity_id(self, value: Any, what: str) -> int:
        """A new entity's id. The schema says integer, but Magento's output processor passes
        the id through as its resource model read it, which is often a numeric string
        (``"123"``); both are ids."""
        if isinstance(value, str) and value.isdigit():
            return int(value)
        return self._expect(value, int, what)

    def _get_or_none(self, path: str, **kwargs) -> Any:
        try:
            return self.request("GET", path, **kwargs)
        except CommerceNotFound:
            return None

    # -- searching --------------------------------------------------------------------------

    def search(self, path: str, criteria: SearchCriteria | None = None, *,
               page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[dict]:
        """Every item matching ``criteria``, page after page.

        Stops on ``total_count``, not on an empty page: Magento answers a page past the end
        with the last page again.
        """
        criteria = criteria or SearchCriteria()
        size = criteria.page_size or page_size
        page = criteria.current_page or 1
        done = (page - 1) * size  # items before the first page asked for
        while True:
            answer = self.request("GET", path, params=criteria.page(size, page).params())
            answer = self._expect(answer, dict, f"GET {path}")
            items = answer.get("items") or []
            total = int(answer.get("total_count") or 0)
            yield from items[: max(0, total - done)]
            done += len(items)
            if not items or len(items) < size or done >= total:
                return
            page += 1

    def _first(self, path: str, criteria: SearchCriteria) -> dict | None:
        answer = self.request("GET", path, params=criteria.page(1).params())
        items = self._expect(answer, dict, f"GET {path}").get("items") or []
        return items[0] if items else None

    # -- orders -----------------------------------------------------------------------------

    def create_order(self, body: dict) -> int:
        """``POST /V1/orders`` with ``{"entity": ...}``; the new order's entity id.

        Never retried. After a ``CommerceNetworkError`` look the order up by increment id.
        """
        return self.create_order_returning(body)["entity_id"]

    def create_order_returning(self, body: dict) -> dict:
        """``POST /V1/orders`` as :meth:`create_order`, returning Commerce's answer: Magento
        answers with the saved order (``entity_id``, ``increment_id``, ``state``, ``status``,
        ``items``...). Only ``entity_id`` is checked; what else the answer carries depends on
        what answers (a proxy or an older Commerce may send less).
        """
        answer = self.request("POST", "/V1/orders", body=body, operation="create_order")
        order = self._expect(answer, dict, "POST /V1/orders")
        self._expect(order.get("entity_id"), int, "POST /V1/orders entity_id")
        return order

    def get_order(self, order_id: int) -> dict:
        return self._expect(self.request("GET", f"/V1/orders/{int(order_id)}"), dict,
                            "GET /V1/orders/{id}")

    def order_status(self, order_id: int) -> str:
        """The order's status code (``GET /V1/orders/{id}/statuses`` answers one string)."""
        return self._expect(self.request("GET", f"/V1/orders/{int(order_id)}/statuses"), str,
                            "GET /V1/orders/{id}/statuses")

    def search_orders(self, criteria: SearchCriteria | None = None, *,
                      page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[dict]:
        return self.search("/V1/orders", criteria, page_size=page_size)

    def find_order_by_ext_id(self, ext_order_id: str) -> dict | None:
        """The oldest order with this ``ext_order_id`` (not unique in Magento), or None."""
        return self._first("/V1/orders", SearchCriteria().where("ext_order_id", ext_order_id)
                           .order_by("entity_id"))

    def find_order_by_increment_id(self, increment_id: str,
                                   store_id: int | None = None) -> dict | None:
        """The order with this increment id (unique per store), or None."""
        criteria = SearchCriteria().where("increment_id", increment_id)
        if store_id is not None:
            criteria = criteria.where("store_id", store_id)
        return self._first("/V1/orders", criteria.order_by("entity_id"))

    def invoice(self, order_id: int, body: dict | None = None) -> int:
        """``POST /V1/order/{id}/invoice``; the invoice id. No items = invoice everything."""
        answer = self.request("POST", f"/V1/order/{int(order_id)}/invoice",
                              body=body if body is not None else {"capture": True},
                              operation="invoice")
        return self._entity_id(answer, "POST /V1/order/{id}/invoice")

    def ship(self, order_id: int, body: dict | None = None) -> int:
        """``POST /V1/order/{id}/ship``; the shipment id. No items = ship everything left."""
        answer = self.request("POST", f"/V1/order/{int(order_id)}/ship",
                              body=body if body is not None else {}, operation="ship")
        return self._entity_id(answer, "POST /V1/order/{id}/ship")

    def cancel(self, order_id: int) -> bool:
        """True if Commerce canceled the order; False (HTTP 200) when it cannot be canceled."""
        answer = self.request("POST", f"/V1/orders/{int(order_id)}/cancel")
        return self._expect(answer, bool, "POST /V1/orders/{id}/cancel")

    def hold(self, order_id: int) -> bool:
        """``POST /V1/orders/{id}/hold``: Magento keeps the state and status it had and sets
        ``holded``; a held order can be neither shipped, invoiced nor canceled. An order
        that cannot be held (canceled, complete, closed, already held) answers 400
        ("A hold action is not available."): ``CommerceValidationError``."""
        answer = self.request("POST", f"/V1/orders/{int(order_id)}/hold")
        return self._expect(answer, bool, "POST /V1/orders/{id}/hold")

    def unhold(self, order_id: int) -> bool:
        """``POST /V1/orders/{id}/unhold``: back to the state and status before the hold. An
        order not on hold answers 400 ("You cannot remove the hold.")."""
        answer = self.request("POST", f"/V1/orders/{int(order_id)}/unhold")
        return self._expect(answer, bool, "POST /V1/orders/{id}/unhold")

    def add_comment(self, order_id: int, comment: str, status: str, *, notify: bool = False,
                    visible_on_front: bool = False) -> bool:
        """Add an order comment. ``status`` must be the order's current status: without it,
        some Magento versions set the order's status to NULL."""
        body = {"statusHistory": {
            "comment": comment, "status": status, "parent_id": int(order_id),
            "is_customer_notified": int(notify), "is_visible_on_front": int(visible_on_front),
        }}
        answer = self.request("POST", f"/V1/orders/{int(order_id)}/comments", body=body,
                              operation="comment")
        return self._expect(answer, bool, "POST /V1/orders/{id}/comments")

    def search_shipments(self, *, order_id: int | None = None,
                         order_ids: Sequence[int] | None = None, created_from: str | None = None,
                         created_to: str | None = None,
                         page_size: int = DEFAULT_PAGE_SIZE) -> Iterator[dict]:
        """Shipments (with their ``tracks``) of one order, or of any of ``order_ids`` (one
        ``in`` search), and/or in a ``created_at`` window (``YYYY-MM-DD HH:MM:SS``, UTC; from
        inclusive, to exclusive)."""
        criteria = SearchCriteria()
        if order_id is not None:
            criteria = criteria.where("order_id", int(order_id))
        if order_ids is not None:
            if not order_ids:
                return iter(())
            criteria = criteria.where("order_id", [int(i) for i in order_ids], "in")
        if created_from:
            criteria = criteria.where("created_at", created_from, "gteq")
        if created_to:
            criteria = criteria.where("created_at", created_to, "lt")
        return self.search("/V1/shipments", criteria.order_by("entity_id"),
                           page_size=page_size)

    # -- catalog and stock ------------------------------------------------------------------

    def get_product(self, sku: str) -> dict | None:
        """The product (``status`` 1 enabled / 2 disabled, ``type_id``,
        ``extension_attributes.website_ids``), or None if the SKU does not exist.

        SKUs with ``/`` are looked up through a search: web servers commonly refuse an encoded
        slash in the path, and some decode ``%2E%2E`` and resolve it, so ``.`` and ``..`` are
        searched for too.
        """
        if "/" in sku or sku in DOT_SEGMENTS:
            return self._first("/V1/products", SearchCriteria().where("sku", sku))
        return self._get_or_none(f"/V1/products/{_segment(sku)}")

    def products_page(self, criteria: SearchCriteria) -> dict:
        """One page of ``GET /V1/products`` (``criteria`` carries the page): ``items`` and
        ``total_count``. Magento answers a page past the end with the last page again; the
        caller checks the page against ``total_count``."""
        answer = self._expect(self.request("GET", "/V1/products", params=criteria.params()),
                              dict, "GET /V1/products")
        items = answer.get("items") or []
        return {"items": self._expect(items, list, "GET /V1/products items"),
                "total_count": int(answer.get("total_count") or 0)}

    def stock_item(self, sku: str) -> dict | None:
        """Legacy stock (``qty``, ``is_in_stock``); ignores MSI reservations."""
        return self._get_or_none(f"/V1/stockItems/{_segment(sku)}")

    def stock_id_for_website(self, website_code: str) -> int:
        answer = self.request("GET",
                              f"/V1/inventory/stock-resolver/website/{_segment(website_code)}")
        stock = self._expect(answer, dict, "GET stock-resolver")
        return self._expect(stock.get("stock_id"), int, "GET stock-resolver stock_id")

    def salable_quantity(self, sku: str, stock_id: int) -> float:
        answer = self.request(
            "GET", f"/V1/inventory/get-product-salable-quantity/{_segment(sku)}/{int(stock_id)}")
        return float(self._expect(answer, int | float, "GET get-product-salable-quantity"))

    def salability(self, sku: str, qty: float, stock_id: int) -> dict:
        """``{"salable": bool, "errors": [{"code", "message"}]}``: why MSI would refuse."""
        answer = self.request(
            "GET", "/V1/inventory/is-product-salable-for-requested-qty/"
                   f"{_segment(sku)}/{int(stock_id)}/{_number(qty)}")
        result = self._expect(answer, dict, "GET is-product-salable-for-requested-qty")
        self._expect(result.get("salable"), bool, "is-product-salable-for-requested-qty")
        return result

    def is_salable(self, sku: str, qty: float, stock_id: int) -> bool:
        return self.salability(sku, qty, stock_id)["salable"]

    # -- stores -----------------------------------------------------------------------------

    def store_views(self) -> list[dict]:
        return self._expect(self.request("GET", "/V1/store/storeViews"), list, "storeViews")

    def websites(self) -> list[dict]:
        return self._expect(self.request("GET", "/V1/store/websites"), list, "websites")

    def store_configs(self) -> list[dict]:
        return self._expect(self.request("GET", "/V1/store/storeConfigs"), list, "storeConfigs")

    def directory_countries(self) -> list[dict]:
        """Countries with the regions Commerce knows (``GET /V1/directory/countries``:
        ``id``, ``available_regions`` of ``{id, code, name}``)."""
        return self._expect(self.request("GET", "/V1/directory/countries"), list,
                            "directory/countries")

    def order_statuses(self) -> list[dict]:
        """Every order status with its state (``status``, ``label``, ``state``, ``is_default``).

        Core Magento has no REST route for this list; the companion module provides
        ``GET /V1/amazon-orders/order-statuses``.
        """
        return self._expect(self.request("GET", "/V1/amazon-orders/order-statuses"), list,
                            "order-statuses")

    def payment_methods(self) -> list[str]:
        """Codes of the payment methods active in the client's store view.

        Core Magento has no REST route for this list; the companion module provides
        ``GET /V1/amazon-orders/payment-methods``.
        """
        return self._expect(self.request("GET", "/V1/amazon-orders/payment-methods"), list,
                            "payment-methods")

    def shipping_methods(self) -> list[str]:
        """Active shipping methods as ``carrier_method`` codes (``flatrate_flatrate``), from the
        companion module's ``GET /V1/amazon-orders/shipping-methods``."""
        return self._expect(self.request("GET", "/V1/amazon-orders/shipping-methods"), list,
                            "shipping-methods")

    # -- customers --------------------------------------------------------------------------

    def create_customer(self, customer: dict, password: str | None = None) -> dict:
        """``POST /V1/customers``; the created customer (with ``id``). An email already used
        on the website raises ``CommerceConflict``."""
        body: dict[str, Any] = {"customer": customer}
        if password is not None:
            body["password"] = password
        answer = self.request("POST", "/V1/customers", body=body, operation="create_customer")
        return self._expect(answer, dict, "POST /V1/customers")

    def find_customer_by_email(self, email: str, website_id: int | None = None) -> dict | None:
        criteria = SearchCriteria().where("email", email)
        if website_id is not None:
            criteria = criteria.where("website_id", int(website_id))
        return self._first("/V1/customers/search", criteria)

    # -- companion module -------------------------------------------------------------------

    def place_reservations(self, order_id: int) -> str:
        """Ask the companion module to place MSI reservations for an imported order (which
        ``POST /V1/orders`` does not do). Idempotent: ``"placed"``, ``"already_placed"``, or
        ``"skipped"`` (an Amazon-fulfilled order, or nothing that carries stock)."""
        answer = self.request("POST", "/V1/amazon-orders/reservations",
                              body={"orderId": int(order_id)}, operation="reservations")
        return self._expect(answer, str, "POST /V1/amazon-orders/reservations")

    def hold_pending_stock(self, amazon_order_id: str, store_code: str,
                           quantities: dict[str, float]) -> str:
        """Ask the companion module to hold stock (by Commerce SKU) for an Amazon order that is
        not in Commerce yet. Idempotent: ``"held"``, ``"already_held"``, or ``"skipped"`` (no
        SKU that carries stock)."""
        body = {"amazonOrderId": amazon_order_id, "storeCode": store_code,
                "items": [{"sku": sku, "qty": qty} for sku, qty in quantities.items()]}
        answer = self.request("POST", "/V1/amazon-orders/pending-holds", body=body,
                              operation="pending_holds")
        return self._expect(answer, str, "POST /V1/amazon-orders/pending-holds")

    def release_pending_stock(self, amazon_order_id: str) -> str:
        """Release what :meth:`hold_pending_stock` held. Idempotent: ``"released"`` or
        ``"not_held"``."""
        answer = self.request(
            "DELETE", f"/V1/amazon-orders/pending-holds/{_segment(amazon_order_id)}")
        return self._expect(answer, str, "DELETE /V1/amazon-orders/pending-holds")


#: The fixed words of the paths this client calls; any other segment (an id, a SKU, a code) is
#: a variable part, named ``{}`` in an operation's name.
PATH_WORDS = frozenset((
    "V1 orders order invoice ship cancel hold unhold comments statuses invoices shipments "
    "products stockItems inventory stock-resolver website get-product-salable-quantity "
    "is-product-salable is-product-salable-for-requested-qty store storeViews websites "
    "storeConfigs directory countries customers search amazon-orders order-statuses "
    "reservations pending-holds payment-methods shipping-methods").split())


def operation_name(method: str, path: str) -> str:
    """``GET /V1/orders/42`` -> ``GET /V1/orders/{}``: few names, whatever the ids."""
    segments = [s if s in PATH_WORDS else "{}" for s in path.split("?")[0].split("/") if s]
    return f"{method} /" + "/".join(segments)


def _number(qty: float) -> str:
    if isinstance(qty, Decimal):
        qty = float(qty)
    if not math.isfinite(qty) or qty <= 0:
        raise ValueError("quantity must be a positive number")
    return str(int(qty)) if float(qty).is_integer() else repr(float(qty))
