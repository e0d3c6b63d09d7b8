"""Amazon Orders for Adobe Commerce: the Flask service.

Importing the package loads nothing: ``create_app`` imports Flask and the service's parts when
it is called, so the pure parts (``connector.domain``, and the mappings that read it) stay free
of Flask, SQLAlchemy and requests.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

log = logging.getLogger("connector")


def create_app(config: dict | None = None) -> Flask:
    """Build the service. ``config`` overrides environment settings by their short name
    (``{"database_url": ..., "instance_path": ...}``); raises ``ConfigError`` on bad values."""
    from flask import Flask

    from connector import crypto, db, orders
    from connector.config import load_settings
    from connector.logs import configure_logging
    from connector.web import admin, api, errors, headers, health, icon, ids, limits, metrics
    from connector.web.access_log import AccessLog

    settings = load_settings(**(config or {}))
    configure_logging(settings.log_level, settings.log_format)
    for path in settings.generated_keys:
        log.info("generated a new key in %s (keep it: stored secrets need it)", path)

    app = Flask(__name__, instance_path=str(settings.instance_path))
    app.config.update(SECRET_KEY=settings.secret_key, TESTING=settings.testing,
                      JSON_SORT_KEYS=False)
    app.extensions["connector_settings"] = settings

    db.init_app(app, settings.database_url, crypto.KeyRing(*settings.encryption_keys))
    orders.init_app(app)
    ids.init_app(app)  # before any route is added
    errors.init_app(app)
    limits.init_app(app)
    headers.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(metrics.bp)
    icon.init_app(app)
    api.init_app(app)
    admin.init_app(app)
    app.wsgi_app = AccessLog(app.wsgi_app)
    return app
