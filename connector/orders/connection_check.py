"""Whether a store's credentials and order settings work, asked of Amazon and Commerce now.

One line per check, each saying what was found or, when it fails, what the merchant should do.
It reads the store's fields only, so it works on a store not saved yet (checking what was just
entered before saving it) as well as on a saved one. It writes nothing, and each call is a read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from connector.amazon import (
    AmazonError,
    AuthError,
    InvalidInput,
    NetworkError,
    ReauthoriseStore,
    ServerError,
    Throttled,
)
from connector.commerce import (
    CommerceAuthError,
    CommerceError,
    CommerceHTTPError,
    CommerceNetworkError,
    CommerceNotFound,
)
from connector.models import Store
from connector.order_settings import DEFAULTS
from connector.orders.services import Services

SETUP = "see docs/commerce-setup.md"
#: How far back the probe of each marketplace looks (one page of orders at most).
PROBE_WINDOW = timedelta(minutes=10)


COMMERCE_AFTER_SIGN_IN = ("Commerce store view", "Payment method", "Shipping method")


@dataclass(frozen=True)
class ConnectionCheck:
    """One check: its name, whether it passed, and what was found or how to fix it."""

    name: str
    ok: bool
    message: str


def check_connection(services: Services, store: Store) -> list[ConnectionCheck]:
    """Amazon sign-in, one orders call per marketplace, Commerce sign-in, the store view, and
    the payment and shipping methods of the order settings."""
    return [*_amazon_checks(services, store), *_commerce_checks(services, store)]


def _not_checked(names, needed: str) -> list[ConnectionCheck]:
    """Checks that cannot run yet: failed, never passed, so the exit code stays honest."""
    return [ConnectionCheck(name, False, f"Not checked: {needed} must work first.")
            for name in names]


# -- Amazon -----------------------------------------------------------------------------------

def _amazon_checks(services: Services, store: Store) -> list[ConnectionCheck]:
    marketplaces = list(store.marketplace_ids or [])
    try:
        amazon = services.amazon_for(store)
    except ValueError as exc:
        return [ConnectionCheck("Amazon sign-in", False, f"{exc}: fix the store's settings."),
                *_not_checked([f"Amazon marketplace {m}" for m in marketplaces],
                              "Amazon sign-in")]
    try:
        try:
            amazon.sign_in()
        except AmazonError as exc:
            return [ConnectionCheck("Amazon sign-in", False, _sign_in_fix(exc)),
                    *_not_checked([f"Amazon marketplace {m}" for m in marketplaces],
                                  "Amazon sign-in")]
        checks = [ConnectionCheck("Amazon sign-in", True,
                                  "Amazon accepted the app's client id, secret and the "
                                  "store's refresh token.")]
        since = services.clock() - PROBE_WINDOW
        for marketplace in marketplaces:
            checks.append(_marketplace_check(amazon, marketplace, since))
        if not marketplaces:
            checks.append(ConnectionCheck("Amazon marketplaces", False,
                                          "No marketplace: add the store's marketplace ids."))
        return checks
    finally:
        amazon.close()


def _marketplace_check(amazon, marketplace: str, since) -> ConnectionCheck:
    name = f"Amazon marketplace {marketplace}"
    try:
        pages = amazon.iter_orders_updated([marketplace], since)
        next(iter(pages), None)  # one call: the first page is enough
    except AuthError as exc:
        return ConnectionCheck(name, False, (
            f"Amazon refused this seller's orders in {marketplace} ({exc.status}): the seller "
            "does not sell there, or the app was not granted the Orders roles; check the "
            "marketplace id and the app's roles in Seller Central."))
    except InvalidInput as exc:
        return ConnectionCheck(name, False, (
            f"Amazon did not accept marketplace {marketplace}: {exc.message}; check the "
            "marketplace id."))
    except AmazonError as exc:
        return ConnectionCheck(name, False, _unavailable(exc))
    return ConnectionCheck(name, True, "Amazon answered this seller's orders search.")


def _sign_in_fix(exc: AmazonError) -> str:
    if isinstance(exc, ReauthoriseStore):
        return ("Amazon no longer accepts the refresh token (invalid_grant): authorise the app "
                "again in Seller Central and enter the new refresh token.")
    if isinstance(exc, AuthError):
        return (f"Amazon refused the sign-in ({exc.message}): copy the LWA client id and "
                "secret again from the app's page in Seller Central (Develop Apps).")
    return _unavailable(exc)


def _unavailable(exc: AmazonError) -> str:
    if isinstance(exc, Throttled):
        return "Amazon is throttling this seller's calls right now: check again in a minute."
    if isinstance(exc, NetworkError):
        return (f"Amazon could not be reached ({exc.message}): check this server's network "
                "and the SP-API endpoint.")
    if isinstance(exc, ServerError):
        return (f"Amazon answered {exc.status or 'an error'} ({exc.message}): Amazon has a "
                "problem on its side; check again in a few minutes.")
    return f"Amazon answered: {exc}."


# -- Commerce ---------------------------------------------------------------------------------

def _commerce_checks(services: Services, store: Store) -> list[ConnectionCheck]:
    try:
        commerce = services.commerce_for(store, for_page=True)
    except (ValueError, TypeError, CommerceError) as exc:
        return [ConnectionCheck("Commerce sign-in", False,
                                f"The Commerce credentials are incomplete ({exc}): enter the "
                                f"integration's access token, {SETUP}."),
                *_not_checked(COMMERCE_AFTER_SIGN_IN, "Commerce sign-in")]
    settings = store.settings
    view_code = getattr(settings, "store_view_code", None) or store.commerce_store_code \
        or "default"
    payment = getattr(settings, "payment_method_code", None) or DEFAULTS["payment_method_code"]
    shipping = (getattr(settings, "shipping_method_code", None)
                or DEFAULTS["shipping_method_code"])
    try:
        try:
            views = commerce.store_views()
        except CommerceError as exc:
            return [ConnectionCheck("Commerce sign-in", False,
                                    _commerce_fix(exc, store.commerce_url)),
                    *_not_checked(COMMERCE_AFTER_SIGN_IN, "Commerce sign-in")]
        return [ConnectionCheck("Commerce sign-in", True,
                                f"Commerce at {store.commerce_url} accepted the credentials."),
                _store_view_check(views, view_code),
                _method_check("Payment method", payment, commerce.payment_methods,
                              "Stores > Configuration > Sales > Payment Methods"),
                _method_check("Shipping method", shipping, commerce.shipping_methods,
                              "Stores > Configuration > Sales > Delivery Methods")]
    finally:
        commerce.close()


def _store_view_check(views: list[dict], code: str) -> ConnectionCheck:
    name = "Commerce store view"
    found = next((v for v in views if v.get("code") == code), None)
    if found is None:
        known = ", ".join(sorted(v["code"] for v in views
                                 if v.get("code") and v.get("code") != "admin"))
        return ConnectionCheck(name, False, (
            f'Commerce has no store view "{code}": choose one of {known or "none"} in the '
            "Order settings."))
    if not found.get("is_active", 1):
        return ConnectionCheck(name, False, (
            f'The store view "{code}" is disabled in Commerce: enable it under Stores > All '
            "Stores, or choose another in the Order settings."))
    return ConnectionCheck(name, True, f'Orders go to the store view "{code}" '
                                       f'({found.get("name") or code}).')


def _method_check(name: str, code: str, listing, where: str) -> ConnectionCheck:
    try:
        active = listing()
    except CommerceNotFound:
        return ConnectionCheck(name, True, (
            f'"{code}" not checked: Commerce lists its methods only with the companion module '
            f"installed ({SETUP})."))
    except CommerceAuthError:
        return ConnectionCheck(name, False, (
            f"Commerce refused to list the methods: give the integration the Amazon Orders "
            f"resource (System > Extensions > Integrations), {SETUP}."))
    except CommerceError as exc:
        return ConnectionCheck(name, False, f"Commerce could not list the methods ({exc}).")
    if code not in active:
        return ConnectionCheck(name, False, (
            f'"{code}" is not an active method in Commerce: enable it under {where}, or choose '
            f'one of {", ".join(active) or "none"} in the Order settings.'))
    return ConnectionCheck(name, True, f'"{code}" is active in Commerce.')


def _commerce_fix(exc: CommerceError, url: str) -> str:
    if isinstance(exc, CommerceAuthError):
        # Magento names the resource whether the token is wrong or lacks the resource.
        also = (f"; if the token is right, give the integration access to "
                f"{', '.join(exc.resources)}" if exc.resources else "")
        return (f"Commerce answered {exc.status}: the integration token was revoked or Bearer "
                f"tokens are not enabled, {SETUP}{also}.")
    if isinstance(exc, CommerceNotFound):
        return (f"Commerce answered 404 at {url}: enter the store's base URL (without /rest), "
                "and check the store code.")
    if isinstance(exc, CommerceNetworkError):
        return f"Commerce could not be reached at {url}: check the URL and the network ({exc})."
    if isinstance(exc, CommerceHTTPError):
        return (f"Commerce answered {exc.status} ({exc.message}): check the Commerce URL and "
                "store code, or try again if Commerce is down.")
    return f"Commerce gave an answer the connector cannot read ({exc}): check the Commerce URL."
