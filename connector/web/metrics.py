"""``GET /metrics``: the service in Prometheus's text format, for the monitoring system.

Protected like the integrator API: ``Authorization: Bearer <API key>`` (Prometheus's scrape
config ``authorization: {credentials: <key>}``). Per-store figures carry store ids, never names,
credentials or buyer data.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app

from connector import metrics
from connector.orders import reading, services_for, store_gauges
from connector.web.api.auth import require_key

bp = Blueprint("metrics", __name__)
bp.before_request(require_key)


@bp.get("/metrics")
def exposition():
    services = services_for(current_app)

    def gauges():
        with reading(services) as session:
            return store_gauges(session, services.clock())

    body, content_type = metrics.exposition(gauges)
    return Response(body, content_type=content_type, headers={"Cache-Control": "no-store"})
