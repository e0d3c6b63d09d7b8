"""A stand-in for Adobe Commerce's admin REST API, for the demo, tests and benchmarks.

It answers the calls the connector makes, and those a merchant's own tools make, the way
Magento does: the same paths, routed as Magento's web API routes them (``/rest/V1/...``,
``/rest/<store_code>/V1/...`` and ``/rest/all/V1/...``, slashes trimmed, path variables split
before they are decoded), bearer or OAuth 1.0a auth with Magento's 401 body, request bodies
checked against the sandbox's own schemas with Magento's error text, orders stored as sent,
unique increment ids per store, invoice and ship state rules (both = ``complete``), cancel
answering ``false`` when Magento would, MSI salable quantities with reservations, and the
companion module's routes (order reservations, pending holds, order statuses).

It is a package of its own and imports nothing from ``connector.commerce``: it holds its own
reading of the contract, so a mistake in the connector's client shows up against it instead of
being mirrored by it.

``/_sandbox/...`` is the control API (seed products, inspect orders and call counts, inject
faults, ship as the merchant would, reset); ``/`` is a small page listing orders with a Ship
button. State lives in memory behind one lock; ``app.extensions["commerce_sandbox"]`` holds it
(``reset()`` goes back to how the app started). URLs are built from the request, so the app
works mounted under a prefix.

Modules: ``app`` (the app and its command), ``rest`` (the REST routes), ``router`` (Magento's
way of matching them), ``control`` (control API and page), ``schemas`` (request bodies),
``errors`` (Magento's error shape and words), ``search`` (searchCriteria), ``fields``
(``?fields=`` partial answers), ``auth``,
``faults``, ``state``, ``instance`` (store views, websites, statuses), ``orders``,
``inventory``, ``customers``, ``module`` (the companion module's routes).
"""

from connector.sandbox.commerce.app import CommerceSandbox, command, create_commerce_sandbox
from connector.sandbox.commerce.rest import OPERATIONS, REST_ROUTES

__all__ = ["OPERATIONS", "REST_ROUTES", "CommerceSandbox", "command", "create_commerce_sandbox"]
