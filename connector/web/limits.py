"""Request limits, checked before anything reads a body.

- A body over ``MAX_REQUEST_BYTES`` is refused with 413 (Flask's ``MAX_CONTENT_LENGTH``): every
  request the service expects (a resync, an admin form) is a few kilobytes, and a 22 MB body
  was once parsed in full before the schema said no.
- A JSON body nested deeper than ``MAX_JSON_DEPTH`` is refused with 400. Python's JSON parser
  recurses, so a body of 100,000 ``[`` ended in a RecursionError and a 500.
"""

from __future__ import annotations

import re

from flask import Flask, request
from werkzeug.exceptions import BadRequest

MAX_REQUEST_BYTES = 1024 * 1024
MAX_JSON_DEPTH = 32
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')  # a JSON string, escapes included
_BRACKET = re.compile(rb"[\[\]{}]")


def too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``body`` nests arrays and objects more than ``limit`` levels (brackets inside
    strings do not count). Stops at the first level past the limit."""
    depth = 0
    for bracket in _BRACKET.finditer(_STRING.sub(b'""', body)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def _check_body() -> None:
    if request.method not in BODY_METHODS or not request.is_json:
        return
    if too_deep(request.get_data(cache=True)):  # over the size limit: 413 from here
        raise BadRequest(f"The JSON body is nested more than {MAX_JSON_DEPTH} levels deep.")


def init_app(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    app.before_request(_check_body)
