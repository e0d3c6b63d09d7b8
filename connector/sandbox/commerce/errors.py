"""Errors in Magento's shape and words.

Magento answers an error as ``{"message": template, "parameters": ...}`` with ``%1`` or
``%name`` placeholders; the connector's client fills them in and sorts errors by status and
wording (a unique-key clash is a conflict, say), so the sandbox answers with Magento's own
templates, not paraphrases.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from flask import Flask, Response

from connector.sandbox.commerce.schemas import (
    OPERATIONS,
    REQUIRED_FIELD,
    UNKNOWN_FIELD,
    definition,
    php_class,
)

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
NO_ROUTE = "Request does not match any route."
NO_ENTITY = "The entity that was requested doesn't exist. Verify the entity and try again."
NO_PRODUCT = "The product that was requested doesn't exist. Verify the product and try again."
NO_STORE = "The store that was requested wasn't found. Verify the store and try again."
UNIQUE = "Unique constraint violation found"
CUSTOMER_EXISTS = "A customer with the same email address already exists in an associated website."
SHIP_ERRORS = "Shipment Document Validation Error(s):\n"
INVOICE_ERRORS = "Invoice Document Validation Error(s):\n"
REQUIRED = "%fieldName is a required field."
INVALID_VALUE = 'Invalid value of "%value" provided for the %fieldName field.'
WRONG_TYPE = ("The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify "
              "and try again.")
DECODING = "Decoding error: %1"


class MagentoError(Exception):
    """An error answered in Magento's shape: ``{"message", "parameters"}``."""

    def __init__(self, status: int, message: str, parameters: Any = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameters = parameters

    def response(self) -> Response:
        body: dict[str, Any] = {"message": self.message}
        if self.parameters is not None:
            body["parameters"] = self.parameters
        response = Flask.response_class(status=self.status, mimetype="application/json")
        response.set_data(json.dumps(body))
        return response


_NUMERIC = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")


def php_number(value: Any, kind: str, field: str | None = None) -> float:
    """``value`` (from a URL) read as Magento's input processor reads an ``int`` or ``float``
    argument: what PHP's ``is_numeric`` takes, else its 400 (naming ``field`` when the value
    sits in an object such as ``searchCriteria``)."""
    if not isinstance(value, str) or not _NUMERIC.fullmatch(value) \
            or not math.isfinite(float(value)):
        shown = value if isinstance(value, str) else "array"
        detail = WRONG_TYPE.replace("%value", shown).replace("%type", kind)
        raise MagentoError(400, f'Error occurred during "{field}" processing. {detail}'
                           if field else detail)
    return float(value)


def php_int(value: Any, field: str | None = None) -> int:
    number = php_number(value, "int", field)
    digits = value.strip()
    return int(digits) if digits.lstrip("+-").isdigit() else int(number)


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def body_error(operation: str, body: Any, errors: dict) -> MagentoError:
    """The first of marshmallow's errors, as Magento would word it."""
    path: list[Any] = []
    node: Any = errors
    while isinstance(node, dict):
        key = next(iter(node))
        path.append(key)
        node = node[key]
    message = node[0] if isinstance(node, list) and node else str(node)
    field = path[-1]
    owner = OPERATIONS[operation]
    for key in path[:-1]:
        if isinstance(key, int):
            continue
        spec = definition(owner).get(key, ("", False))[0].strip("[]+")
        if spec.startswith("@"):
            owner = spec[1:]
    value: Any = body
    for key in path:
        value = value.get(key) if isinstance(value, dict) else (
            value[key] if isinstance(value, list) and isinstance(key, int) and key < len(value)
            else None)
    if field == "_schema":
        return MagentoError(400, DECODING, ["the body is not a JSON object"])
    if message == UNKNOWN_FIELD:
        camel = _camel(str(field))
        return MagentoError(400, 'Property "%1" does not have accessor method "%2" in class '
                                 '"%3".', [camel, f"set{camel}", php_class(owner)])
    if message == REQUIRED_FIELD:
        return MagentoError(400, REQUIRED, {"fieldName": str(field)})
    if message.startswith("Not a valid") or message == "Invalid input type.":
        expected = definition(owner).get(field, ("", False))[0] if isinstance(field, str) else ""
        return MagentoError(400, WRONG_TYPE, {"value": json.dumps(value),
                                              "type": _php_type(expected)})
    return MagentoError(400, INVALID_VALUE, {"value": json.dumps(value), "fieldName": str(field)})


def _php_type(spec: str) -> str:
    spec = re.sub(r"(<=\d+)|(\{[^}]*\})", "", spec)
    if spec.startswith("["):
        return _php_type(spec.strip("[]+")) + "[]"
    if spec.startswith("@"):
        return "\\" + php_class(spec[1:])
    return {"str": "string", "int": "int", "num": "float", "bool": "bool", "obj": "mixed"}.get(
        spec, "mixed")
