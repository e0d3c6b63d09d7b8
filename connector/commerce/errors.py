"""Errors the Commerce client raises; every one of them is a ``CommerceError``.

```
CommerceError
├── CommerceNetworkError        no answer: refused, reset, dropped, timed out
│   └── CommerceTimeout         the answer did not come within the client's timeout
├── CommerceProtocolError       an answer that is not what the contract promises
└── CommerceHTTPError           Commerce answered with an error status (.status, .message)
    ├── CommerceAuthError       401/403: wrong credentials or a missing ACL resource
    ├── CommerceNotFound        404: no such entity, or no such route
    ├── CommerceValidationError 400: Magento refused the input (message template filled in)
    │   ├── RequestBodyInvalid  refused before sending, by the client's body_check
    │   └── PathSegmentInvalid  refused before sending: "." or ".." cannot be a path segment
    ├── CommerceConflict        400 for a unique key: the entity already exists
    └── CommerceServerError     5xx
```

A ``CommerceNetworkError`` on a call that changes data (``POST``) leaves the outcome unknown:
``maybe_applied`` says whether the request may have reached Commerce. Callers look the entity up
(an order by ``increment_id``) instead of sending the call again.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "CommerceAuthError",
    "CommerceConflict",
    "CommerceError",
    "CommerceHTTPError",
    "CommerceNetworkError",
    "CommerceNotFound",
    "CommerceProtocolError",
    "CommerceServerError",
    "CommerceTimeout",
    "CommerceValidationError",
    "PathSegmentInvalid",
    "RequestBodyInvalid",
    "fill_template",
]


class CommerceError(Exception):
    """Base of everything the Commerce client raises."""


class CommerceNetworkError(CommerceError):
    """No HTTP answer. ``maybe_applied`` is False only when the request surely never left."""

    def __init__(self, message: str, *, method: str = "", url: str = "",
                 maybe_applied: bool = True):
        super().__init__(message)
        self.method = method
        self.url = url
        self.maybe_applied = maybe_applied


class CommerceTimeout(CommerceNetworkError):
    """The client's timeout passed before Commerce answered."""


class CommerceProtocolError(CommerceError):
    """Commerce answered 2xx with a body the contract does not allow (not JSON, wrong type)."""


class CommerceHTTPError(CommerceError):
    """Commerce answered with an error status; ``message`` has Magento's template filled in."""

    def __init__(self, message: str, *, status: int, method: str = "", url: str = "",
                 body: Any = None, template: str = "", parameters: Any = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.method = method
        self.url = url
        self.body = body
        self.template = template
        self.parameters = parameters


class CommerceAuthError(CommerceHTTPError):
    """401/403. ``resources`` lists the ACL resources Magento named, if any."""

    def __init__(self, message: str, *, resources: list[str] | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.resources = resources or []


class CommerceNotFound(CommerceHTTPError):
    """404: the entity (order, product, stock) or the route does not exist."""


class CommerceValidationError(CommerceHTTPError):
    """400: Magento refused the input; ``errors`` has the aggregated messages, if any."""

    def __init__(self, message: str, *, errors: list[str] | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.errors = errors or []


class RequestBodyInvalid(CommerceValidationError):
    """The client's ``body_check`` refused the body, so nothing was sent. ``field_errors`` is
    what the check answered (field -> messages, nested like the body)."""

    def __init__(self, operation: str, field_errors: dict):
        self.operation = operation
        self.field_errors = field_errors
        super().__init__(f"{operation} body is invalid: {_flatten(field_errors)}", status=0)


class PathSegmentInvalid(CommerceValidationError):
    """A value (a SKU) that cannot be sent as one URL path segment: ``.`` or ``..`` would be
    resolved into another Commerce path. Nothing was sent."""

    def __init__(self, value: str):
        self.value = value
        super().__init__(f"SKU {value!r} cannot be looked up in Commerce by URL (it would "
                         "name another path); match it to another SKU", status=0)


class CommerceConflict(CommerceHTTPError):
    """A unique key clashed: the order (increment id per store) or customer already exists."""


class CommerceServerError(CommerceHTTPError):
    """5xx: Commerce failed, or a proxy in front of it did."""


_NAMED = re.compile(r"%([A-Za-z_]\w*)")
_POSITIONAL = re.compile(r"%(\d+)")


def fill_template(template: str, parameters: Any) -> str:
    """Magento's message with ``%1`` (list parameters) or ``%name`` (dict parameters) filled."""
    if isinstance(parameters, list):
        def positional(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            return str(parameters[index]) if 0 <= index < len(parameters) else match.group(0)
        return _POSITIONAL.sub(positional, template)
    if isinstance(parameters, dict):
        def named(match: re.Match) -> str:
            key = match.group(1)
            return str(parameters[key]) if key in parameters else match.group(0)
        return _NAMED.sub(named, template)
    return template


def _flatten(errors: dict, prefix: str = "") -> str:
    parts = []
    for key, value in errors.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            parts.append(_flatten(value, f"{name}."))
        else:
            parts.append(f"{name}: {' '.join(str(v) for v in value)}")
    return "; ".join(parts)
