"""Commerce (Magento 2 / Adobe Commerce) REST client.

Public API::

    from connector.commerce import CommerceClient, SearchCriteria

    client = CommerceClient("https://shop.example.com", {"token": "..."}, store_code="default",
                            session=None, pool_size=None, timeout=30, body_check=None,
                            sleep=time.sleep)
    # or credentials={"consumer_key", "consumer_secret", "access_token", "access_token_secret"}
    # for OAuth 1.0a (HMAC-SHA256) signing. pool_size: connections kept to Commerce by the
    # client's own session (requests' default: 10); size it to the threads sharing the client.

    client.create_order({"entity": {...}}) -> int            # entity id; never retried
    client.create_order_returning({"entity": {...}}) -> dict # Commerce's answer (the saved
                                                             # order); entity_id checked
    client.get_order(order_id) -> dict                       # CommerceNotFound if absent
    client.order_status(order_id) -> str
    client.search_orders(SearchCriteria()...) -> Iterator[dict]   # pages until total_count
    client.find_order_by_ext_id(ext_order_id) -> dict | None
    client.find_order_by_increment_id(increment_id, store_id=None) -> dict | None
    client.invoice(order_id, body=None) -> int               # default body {"capture": true}
    client.ship(order_id, body=None) -> int                  # {"items", "tracks", ...}
    client.cancel(order_id) -> bool                          # False: Commerce would not cancel
    client.hold(order_id) / client.unhold(order_id) -> bool  # 400 when not allowed
    client.add_comment(order_id, comment, status, notify=False) -> bool
    client.search_shipments(order_id=None, order_ids=None, created_from=None, created_to=None)
    client.get_product(sku) -> dict | None                   # "/", "." or "..": searchCriteria
    client.products_page(criteria) -> {"items", "total_count"}   # one page of products
    client.stock_item(sku) -> dict | None                    # legacy stock
    client.stock_id_for_website(website_code) -> int         # MSI stock resolver
    client.salable_quantity(sku, stock_id) -> float
    client.salability(sku, qty, stock_id) -> {"salable", "errors"}
    client.is_salable(sku, qty, stock_id) -> bool
    client.store_views() / websites() / store_configs() -> list[dict]
    client.directory_countries() -> list[dict]                # countries and their regions
    client.order_statuses() -> list[dict]                    # companion module route
    client.create_customer(customer, password=None) -> dict  # CommerceConflict if email used
    client.find_customer_by_email(email, website_id=None) -> dict | None
    client.place_reservations(order_id) -> "placed" | "already_placed" | "skipped"  # module
    client.hold_pending_stock(amazon_order_id, store_code, {sku: qty})
        -> "held" | "already_held" | "skipped"                # module
    client.release_pending_stock(amazon_order_id) -> "released" | "not_held"  # module
    client.close()  # or use it as a context manager

Errors are the tree in ``connector.commerce.errors``. The client does not judge the bodies it
sends: Commerce does. A test may pass ``body_check`` (see ``CommerceClient``) to refuse a body
before it leaves.
"""

from connector.commerce.client import CommerceClient
from connector.commerce.errors import (
    CommerceAuthError,
    CommerceConflict,
    CommerceError,
    CommerceHTTPError,
    CommerceNetworkError,
    CommerceNotFound,
    CommerceProtocolError,
    CommerceServerError,
    CommerceTimeout,
    CommerceValidationError,
    PathSegmentInvalid,
    RequestBodyInvalid,
)
from connector.commerce.search import Filter, SearchCriteria

__all__ = [
    "CommerceAuthError",
    "CommerceClient",
    "CommerceConflict",
    "CommerceError",
    "CommerceHTTPError",
    "CommerceNetworkError",
    "CommerceNotFound",
    "CommerceProtocolError",
    "CommerceServerError",
    "CommerceTimeout",
    "CommerceValidationError",
    "Filter",
    "PathSegmentInvalid",
    "RequestBodyInvalid",
    "SearchCriteria",
]
