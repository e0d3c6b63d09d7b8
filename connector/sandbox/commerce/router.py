"""How Magento's web API finds the route and the store for a REST call, so the sandbox answers
the URLs a real shop answers (``/rest/V1/products/``, ``/rest/all/V1/...``) and refuses the
ones it refuses.

Read from magento/magento2's ``Webapi`` module:

- ``Controller/PathProcessor::process``: the path is trimmed of slashes and ``rest`` dropped;
  a first part that is a store view's code selects that store, ``all`` the admin store, and
  anything else stays in the path (which then matches no route). Without a code, the default
  store view answers.
- ``Model/Rest/Config::getRestRoutes``, ``Controller/Rest/Router::match`` and
  ``Controller/Rest/Router/Route::match``: a route whose URL is the path wins outright;
  otherwise every route of the request's method whose URL starts with the path's first two
  words is tried, sorted by URL, and the last one that matches wins. Path and URL are compared
  part by part (``explode('/', trim($path, '/'))``, so a trailing slash is ignored but ``//``
  inside is not); a ``:name`` part takes any value, URL-decoded.
- ``Framework/Webapi/Rest/Request::getHttpMethod``: only GET, POST, PUT and DELETE are methods.

The path is read as the client sent it (still percent-encoded), because Magento splits it
before decoding: a SKU with an encoded ``/`` stays one part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol
from urllib.parse import quote, unquote_plus, urlsplit

from flask import request

from connector.sandbox.commerce.errors import NO_ROUTE, MagentoError
from connector.sandbox.commerce.instance import ADMIN_STORE, DEFAULT_STORE, STORE_VIEWS

ALL_STORES = "all"
METHODS = ("GET", "POST", "PUT", "DELETE")
_SERVICE_BASE = re.compile(r"^/?\w+/\w+", re.ASCII)


class Route(Protocol):
    method: str
    url: str  # as in webapi.xml: /V1/orders/:id


def sent_path() -> str:
    """The request's path below the app's mount point, percent-encoded as the client sent
    it."""
    target = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or ""
    if target and not target.startswith("/"):
        target = urlsplit(target).path  # an absolute-form request target
    path = target.split("?", 1)[0]
    root = quote(request.script_root)
    if not path.startswith(f"{root}/"):
        return quote(request.path)
    return path[len(root):]


def split_store(path: str) -> tuple[dict, str]:
    """``/rest/<store code>/V1/...`` -> (store view, ``/V1/...``)."""
    parts = path.strip("/").split("/")[1:]  # "rest" goes
    rest = "/".join(parts).lstrip("/")
    code, _, inner = rest.partition("/")
    store = next((s for s in STORE_VIEWS if s["code"] == code and s["id"]), None)
    if store is not None:
        return store, "/" + inner
    if code == ALL_STORES:
        return ADMIN_STORE, "/" + inner
    return DEFAULT_STORE, "/" + rest


def _params(url: str, path: str) -> dict[str, str] | None:
    """``Route::match``: the URL's variables if the path matches it, else None."""
    path_parts = path.strip("/").split("/")
    url_parts = url.strip("/").split("/")
    if len(path_parts) != len(url_parts):
        return None
    values = {}
    for part, wanted in zip(path_parts, url_parts, strict=True):
        if wanted.startswith(":") and not wanted.startswith("::"):
            values[wanted[1:]] = unquote_plus(part)
        elif part != wanted:
            return None
    return values


def match(method: str, path: str, routes: Sequence[Route]) -> tuple[Route, dict[str, str]]:
    """The route for ``method`` and ``path`` (below the store code), with its variables; else
    Magento's 404 "Request does not match any route.\""""
    if method not in METHODS:
        raise MagentoError(400, "Request method is invalid.")
    for route in routes:
        if route.method == method and route.url == path:
            return route, {}
    base = _SERVICE_BASE.match(path)
    found = None
    if base is not None:
        prefix = base.group(0).strip("/")
        for route in _by_url(r for r in routes if r.method == method):
            if route.url.strip("/").startswith(prefix):
                values = _params(route.url, path)
                if values is not None:
                    found = (route, values)
    if found is None:
        raise MagentoError(404, NO_ROUTE)
    return found


def _by_url(routes: Iterable[Route]) -> list[Route]:
    return sorted(routes, key=lambda r: r.url.encode())  # ksort(SORT_STRING): byte order
