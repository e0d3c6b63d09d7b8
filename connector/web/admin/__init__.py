"""Admin pages, embedded in the Commerce admin as an iframe.

Routes (all under ``/admin/``; see ``docs/admin-pages.md``)::

    /admin/                                        Amazon stores
    /admin/stores/<id>                             store dashboard (?days=7|30)
    /admin/stores/<id>/status                      POST: Activate / Deactivate
    /admin/stores/<id>/settings                    Order settings
    /admin/stores/<id>/orders                      All Orders (filters, sort, page in the URL)
    /admin/stores/<id>/orders/<amazon_order_id>    Amazon Order Details (?tab=...)
    /admin/stores/<id>/sku-matching                SKU matching
    /admin/sign-out                                POST: end the session
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the admin pages on ``app``."""
    # The page modules (connection, orders, settings_page, sign_out, sku_page, stores) add
    # their routes to ``bp`` when imported.
    from connector.orders import CommerceListsCache
    from connector.web.admin import (  # noqa: F401
        connection,
        formatting,
        orders,
        security,
        settings_page,
        sign_out,
        sku_page,
        stores,
    )
    from connector.web.admin.blueprint import bp

    app.extensions["connector_admin_commerce_lists"] = CommerceListsCache()
    security.init_app(app)
    formatting.register(app)
    app.register_blueprint(bp)
