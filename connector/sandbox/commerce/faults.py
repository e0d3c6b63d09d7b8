"""Faults the sandbox can inject, for the connector's tests of what a busy or broken Commerce
does to it: a 503, a call that hangs and then fails, latency per operation, and an order
create that commits and then loses its answer (the case that makes blind retries duplicate
orders).
"""

from __future__ import annotations

import socket
import time

from flask import Response, request
from marshmallow import Schema, fields, validate

CREATE_ORDER = "POST /V1/orders"  # the only call whose answer can be dropped after the commit


class FaultSettings(Schema):
    """``POST /_sandbox/faults``: rates are chances per call, from 0 to 1."""

    error_rate = fields.Float(load_default=0.0, validate=validate.Range(min=0, max=1))
    timeout_rate = fields.Float(load_default=0.0, validate=validate.Range(min=0, max=1))
    commit_then_drop_rate = fields.Float(load_default=0.0, validate=validate.Range(min=0, max=1))
    latency_ms = fields.Dict(keys=fields.String(), values=fields.Integer(
        validate=validate.Range(min=0, max=60000)), load_default=dict)


def roll(settings: dict, chance: float, operation: str) -> str | None:
    """Wait the operation's latency, then tell its fate from ``chance`` (drawn from 0 to 1):
    ``"error"``, ``"timeout"``, ``"drop"`` or None (answer normally)."""
    latency = settings["latency_ms"].get(operation, 0)
    if latency:
        time.sleep(latency / 1000)
    if chance < settings["error_rate"]:
        return "error"
    chance -= settings["error_rate"]
    if chance < settings["timeout_rate"]:
        return "timeout"
    chance -= settings["timeout_rate"]
    if operation == CREATE_ORDER and chance < settings["commit_then_drop_rate"]:
        return "drop"
    return None


def drop_connection() -> Response:
    """Close the client's connection without an answer, as a crashed proxy would."""
    sock = request.environ.get("werkzeug.socket") or request.environ.get("gunicorn.socket")
    if sock is None:
        raise RuntimeError("this server does not expose its socket; cannot drop the connection")
    sock.shutdown(socket.SHUT_RDWR)
    return Response(status=500)  # never reaches the client: the socket is shut
