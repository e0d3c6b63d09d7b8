"""The order lifecycle: the one application layer. Every rule of the product's order handling
lives in this package; the web pages, the API, the scheduled jobs and the command line call only
what is exported here (``import-linter`` holds them to it), never its modules, the Amazon or
Commerce clients, or the database directly.

It owns coordination (``coordination``: one claim primitive for store runs, resyncs and
imports), the outcome policy (``outcomes``: what a failure of Amazon, Commerce or the database
means), the statuses (``connector.domain.statuses``) and the clock (``Services.clock``).

Entry points, by who calls them::

    services = services_for(app)                       # the process's Services
    # scheduled jobs
    run_store(services, store_id, steps)               # sync, import, cancel, confirm, complete
    due_stores(services); active_stores(services); beat(services)
    run_queued_resyncs(services, stop=...); remove_expired_pii(services)
    # the merchant's pages
    match_sku(...); fix_shipping_address(...)          # -> results with their outcome
    check_connection(services, store)                  # -> [ConnectionCheck]; unsaved too
    request_cancellation(...)                          # Cancel Order (pages and API)
    with reading(services) as session: find_store(session, id) ...
    # integrators
    request_resync(...); run_resync(...); get_resync(...); describe_resync(row)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from connector.amazon import InvalidOrderData as OrderUnreadable
from connector.amazon.documents import parse_order_document
from connector.orders.actions import AddressResult, MatchResult, fix_shipping_address, match_sku
from connector.orders.address import FIELDS as ADDRESS_FIELDS
from connector.orders.address import AddressNotEditable, address_editable
from connector.orders.buyer_cancel import buyer_cancellation_counts, has_open_request
from connector.orders.commerce_lists import CommerceLists, CommerceListsCache
from connector.orders.connection_check import ConnectionCheck, check_connection
from connector.orders.coordination import process_owner
from connector.orders.grid import (
    DEFAULT_PER_PAGE,
    DEFAULT_SORT,
    MAX_PER_PAGE,
    MAX_TEXT,
    PAGE_COUNT_LIMIT,
    SORTS,
    FilterError,
    OrderFilters,
    filters_from_args,
    filters_to_args,
    parse_filters,
    search_orders,
    without,
)
from connector.orders.messages import (
    buyer_requests_message,
    message_for,
    stores_with_blocked_orders,
    stores_with_buyer_requests,
    system_message,
)
from connector.orders.monitoring import store_gauges
from connector.orders.outcomes import ImportOutcome, Kind, Outcome
from connector.orders.queries import (
    DaySales,
    StoreSyncRow,
    confirmed_shipments,
    daily_sales,
    errors_by_store,
    find_order,
    find_store,
    last_heartbeat,
    latest_currency,
    order_notes,
    reading,
    recent_orders,
    set_store_status,
    sku_matches_of,
    store_sync_rows,
    stores_by_id,
    stores_by_name,
    sync_state,
    sync_states,
)
from connector.orders.resync import COUNTS as RESYNC_COUNTS
from connector.orders.resync import (
    MAX_ORDER_IDS,
    ResyncRefused,
    describe_resync,
    get_resync,
    normalise_params,
    request_and_claim,
    request_resync,
    run_queued_resyncs,
    run_resync,
)
from connector.orders.resync_request import ResyncBodySchema
from connector.orders.retention import remove_expired_pii
from connector.orders.runner import (
    ALL_STEPS,
    CANCEL,
    COMPLETE,
    IMPORT,
    SHIPMENTS,
    SYNC,
    RunReport,
    retry_orders,
    run_store,
)
from connector.orders.scheduling import active_stores, beat, due_stores
from connector.orders.seller_cancel import (
    REASON_CHOICES,
    Cancellation,
    CancellationBodySchema,
    CancellationRefused,
    cancellation_of,
    request_cancellation,
    why_not_cancelable,
)
from connector.orders.services import Services, default_amazon, default_commerce
from connector.orders.sku_matching import MatchRefused, unmatched_skus
from connector.orders.snapshot import load_order
from connector.orders.tracking import Tracking, order_tracking

if TYPE_CHECKING:
    from flask import Flask

    from mappings import MappedOrder, MappingSettings

EXTENSION = "connector_services"


def services_for(app: Flask) -> Services:
    return app.extensions[EXTENSION]


def init_app(app: Flask) -> Services:
    settings = app.extensions["connector_settings"]
    services = Services(db=app.extensions["connector_db"], owner=process_owner(),
                        read_only=settings.read_only,
                        import_concurrency=settings.import_concurrency)
    app.extensions[EXTENSION] = services
    return services


def map_order_document(document, settings: MappingSettings,
                       directory: list[dict] | None = None) -> MappedOrder:
    """The Commerce order body an Amazon order saved as JSON maps to (``connector map``),
    with Commerce's region list when its directory answer is given; raises
    ``OrderUnreadable``."""
    from mappings import order_body
    from mappings.regions import RegionList

    regions = RegionList.from_commerce(directory) if directory is not None else None
    return order_body(parse_order_document(document), settings, regions=regions)


__all__ = [
    "ADDRESS_FIELDS", "ALL_STEPS", "CANCEL", "COMPLETE", "DEFAULT_PER_PAGE", "DEFAULT_SORT",
    "EXTENSION", "IMPORT", "MAX_ORDER_IDS", "MAX_PER_PAGE", "MAX_TEXT", "PAGE_COUNT_LIMIT",
    "REASON_CHOICES", "RESYNC_COUNTS", "SHIPMENTS", "SORTS", "SYNC", "AddressNotEditable",
    "AddressResult", "Cancellation", "CancellationBodySchema", "CancellationRefused",
    "CommerceLists", "CommerceListsCache", "ConnectionCheck", "DaySales", "FilterError",
    "ImportOutcome", "Kind",
    "MatchRefused", "MatchResult", "OrderFilters", "OrderUnreadable", "Outcome",
    "ResyncBodySchema", "ResyncRefused", "RunReport", "Services", "StoreSyncRow", "Tracking",
    "active_stores", "address_editable", "beat", "buyer_cancellation_counts",
    "buyer_requests_message", "cancellation_of", "check_connection", "confirmed_shipments",
    "daily_sales",
    "default_amazon", "default_commerce", "describe_resync", "due_stores", "errors_by_store",
    "filters_from_args", "filters_to_args", "find_order", "find_store", "fix_shipping_address",
    "get_resync", "has_open_request", "init_app", "last_heartbeat", "latest_currency",
    "load_order",
    "map_order_document", "match_sku", "message_for", "normalise_params", "order_notes",
    "order_tracking", "parse_filters", "process_owner", "reading", "recent_orders",
    "remove_expired_pii", "request_and_claim", "request_cancellation", "request_resync",
    "retry_orders",
    "run_queued_resyncs", "run_resync", "run_store", "search_orders", "services_for",
    "set_store_status", "sku_matches_of", "store_sync_rows", "stores_by_id", "stores_by_name",
    "store_gauges", "stores_with_blocked_orders", "stores_with_buyer_requests", "sync_state",
    "sync_states",
    "system_message", "unmatched_skus", "why_not_cancelable", "without",
]

# What the merchant's pages and the API do about SKU matches, imports on request, and what the
# dashboard and order details read.
from connector.orders.actions import (  # noqa: E402
    ImportRefused,
    ImportResult,
    import_refusal,
    request_import,
    unmatch_sku,
)
from connector.orders.catalogue import CataloguePage, search_catalogue  # noqa: E402
from connector.orders.dashboard import (  # noqa: E402
    CurrencySales,
    sales_by_currency,
    status_counts,
)
from connector.orders.order_view import (  # noqa: E402
    OrderActions,
    inventory_reserved,
    order_actions,
)

__all__ += [
    "CataloguePage", "CurrencySales", "ImportRefused", "ImportResult", "OrderActions",
    "import_refusal", "inventory_reserved", "order_actions", "request_import",
    "sales_by_currency", "search_catalogue", "status_counts", "unmatch_sku",
]

# Connecting stores from the admin pages and the API (``onboarding``), and Amazon's website
# authorization workflow (``amazon_authorization``).
from connector.orders.amazon_authorization import (  # noqa: E402
    AMAZON_ERRORS,
    Authorized,
    SpApiApp,
    complete_authorization,
    start_authorization,
)
from connector.orders.commerce_activation import (  # noqa: E402
    complete_activation,
    receive_consumer,
    wait_for_activation,
)
from connector.orders.onboarding import (  # noqa: E402
    ConnectionFailed,
    Finished,
    Wizard,
    WizardNotFound,
    create_store,
    delete_store,
    disconnect_store,
    find_wizard,
    finish_wizard,
    give_amazon_credentials,
    give_commerce_credentials,
    reconnect_wizard,
    start_wizard,
    update_store,
)

__all__ += [
    "AMAZON_ERRORS", "Authorized", "ConnectionFailed", "Finished", "SpApiApp", "Wizard",
    "WizardNotFound", "complete_activation", "complete_authorization", "create_store",
    "delete_store", "receive_consumer", "wait_for_activation",
    "disconnect_store", "find_wizard", "finish_wizard", "give_amazon_credentials",
    "give_commerce_credentials", "reconnect_wizard", "start_authorization", "start_wizard",
    "update_store",
]

# ORDER_CHANGE notifications: setup (CLI, store page), the consumer (scheduler), their state
# (health, metrics).
from connector.orders.notification_setup import (  # noqa: E402
    NotificationSetup,
    NotificationsRefused,
    NotificationState,
    amazon_subscription,
    notification_states,
    remove_notifications,
    setup_notifications,
)
from connector.orders.notified import (  # noqa: E402
    ConsumeReport,
    consume_notifications,
    forget_old_notifications,
    subscribed_queues,
)

__all__ += [
    "ConsumeReport", "NotificationSetup", "NotificationState", "NotificationsRefused",
    "amazon_subscription", "consume_notifications", "forget_old_notifications",
    "notification_states",
    "remove_notifications", "setup_notifications", "subscribed_queues",
]
