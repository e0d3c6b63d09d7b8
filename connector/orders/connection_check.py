"""Check connection: can the store reach Amazon and Commerce with its credentials? Works on a
store not saved yet, so a store is only ever saved once every check passes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from connector.amazon import AmazonError
from connector.amazon.errors import AuthError
from connector.commerce import CommerceError
from connector.commerce.errors import CommerceAuthError
from connector.models import Store
from connector.orders.services import Services


@dataclass(frozen=True)
class ConnectionCheck:
    name: str
    ok: bool
    message: str


def _amazon(services: Services, store: Store) -> ConnectionCheck:
    name = "Amazon"
    try:
        with services.amazon_for(store) as amazon:
            since = services.clock() - timedelta(hours=6)
            next(iter(amazon.iter_orders_updated(list(store.marketplace_ids), since)), None)
    except AuthError:
        return ConnectionCheck(name, False, "Amazon refused the credentials: authorize again, "
                                            "or check the LWA client id, secret and refresh "
                                            "token.")
    except AmazonError as exc:
        return ConnectionCheck(name, False, f"Amazon could not be read: {exc.message}")
    return ConnectionCheck(name, True, "Signed in to Amazon and read the store's orders.")


def _commerce(services: Services, store: Store) -> ConnectionCheck:
    name = "Commerce"
    commerce = services.commerce_for(store, for_page=True)
    try:
        views = commerce.store_views()
    except CommerceAuthError:
        return ConnectionCheck(name, False, "Commerce refused the credentials: activate the "
                                            "integration again, or check the token.")
    except CommerceError as exc:
        return ConnectionCheck(name, False, f"Commerce could not be reached: {exc}")
    finally:
        commerce.close()
    codes = {view.get("code") for view in views if isinstance(view, dict)}
    if store.commerce_store_code not in codes:
        return ConnectionCheck(name, False, f"Commerce has no store view "
                                            f"{store.commerce_store_code!r}.")
    return ConnectionCheck(name, True, "Signed in to Commerce and found the store view.")


def check_connection(services: Services, store: Store) -> list[ConnectionCheck]:
    """Each check, passed or not, in the order the merchant fixes them."""
    return [_amazon(services, store), _commerce(services, store)]
