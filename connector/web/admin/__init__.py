"""Admin pages, embedded in the Commerce admin as an iframe.

Routes (all under ``/admin/``; see ``docs/admin-pages.md``)::

    /admin/                                        Amazon stores
    /admin/stores/<id>                             store dashboard (?days=7|30)
    /admin/stores/<id>/status                      POST: Activate / Deactivate
    /admin/stores/<id>/settings                    Order settings
    /admin/stores/<id>/orders                      All Orders (filters, sort, page in the URL)
    /admin/stores/<id>/orders/<amazon_order_id>    Amazon Order Details (?tab=...)
    /admin/stores/<id>/sku-matching                SKU matching
    /admin/stores/<id>/notifications               POST: set up or remove ORDER_CHANGE
    /admin/sign-out                                POST: end the session
    /admin/stores/new                              Add store (then /admin/connect/<wizard>/...)
    /admin/stores/<id>/reconnect|disconnect|delete Reconnect, Disconnect, Delete
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the admin pages on ``app``."""
    # The page modules (connect, connection, notifications_page, orders, settings_page,
    # sign_out, sku_page, stores) add their routes to ``bp`` when imported.
    from connector.orders import CommerceListsCache, SpApiApp
    from connector.web.admin import (  # noqa: F401
        connect,
        connection,
        formatting,
        notifications_page,
        orders,
        security,
        settings_page,
        sign_out,
        sku_page,
        stores,
    )
    from connector.web.admin.blueprint import bp

    app.extensions["connector_admin_commerce_lists"] = CommerceListsCache()
    settings = app.extensions["connector_settings"]
    app.extensions[connect.SPAPI_APP] = SpApiApp(
        settings.spapi_app_id, settings.spapi_lwa_client_id, settings.spapi_lwa_client_secret,
        draft=settings.spapi_draft) if settings.spapi_app_id else None
    security.init_app(app)
    formatting.register(app)
    app.register_blueprint(bp)
    from connector.web import integrations

    app.register_blueprint(integrations.bp)
