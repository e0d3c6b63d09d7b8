"""The order lifecycle: every rule of the product's order handling lives here.

Public API::

    lc = lifecycle_for(app)                      # or Lifecycle(db, owner, ...)
    run_store(lc, store_id)                      # sync, import, cancel, confirm, complete
    retry_orders(lc, store_id, row_ids)          # import blocked orders now
    match_sku(lc, store_id, amazon_sku, sku)     # save a SKU match, retry what it blocked
    system_message(session)                      # the admin-wide message, or None
    remove_expired_pii(lc)                       # retention

Jobs (``jobs/``) and views (``connector/web``) only call these.
"""

from __future__ import annotations

from flask import Flask

from connector.orders.context import Lifecycle


def lifecycle_for(app: Flask) -> Lifecycle:
    return app.extensions["connector_lifecycle"]


def init_app(app: Flask) -> Lifecycle:
    from jobs.leases import process_owner

    settings = app.extensions["connector_settings"]
    lc = Lifecycle(db=app.extensions["connector_db"], owner=process_owner(),
                   read_only=settings.read_only,
                   import_concurrency=settings.import_concurrency)
    app.extensions["connector_lifecycle"] = lc
    return lc
