"""Connecting a store from the admin pages: a wizard of steps (the store's name, Amazon,
Commerce, the connection check), each saved only when it is valid, and the store itself saved
only when every connection check passes. The same rules as ``connector stores add``
(``connector.stores``), so both ways store the same store.

A wizard belongs to the admin session that started it: another session, or a wizard past its
life, is not found. Nothing outside a wizard's own session (an authorization callback
included) creates or changes a store.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta

from marshmallow import ValidationError
from sqlalchemy import delete
from sqlalchemy.orm import Session

from connector.domain import StoreStatus
from connector.models import Store, StoreWizard
from connector.orders.connection_check import ConnectionCheck, check_connection
from connector.orders.services import Services
from connector.stores import (
    AMAZON,
    BASICS,
    COMMERCE,
    check_part,
    commerce_credentials,
    name_taken,
    prepare_store,
    save_store,
)

#: How long a wizard left half-way is kept.
WIZARD_LIFETIME = timedelta(hours=12)


def session_hash(session_id: str) -> str:
    return hashlib.sha256(f"wizard:{session_id}".encode()).hexdigest()


@dataclass(frozen=True)
class Wizard:
    """What the wizard's pages show: never a secret."""

    id: str
    store_id: int | None
    name: str | None
    region: str | None
    marketplace_ids: list[str]
    amazon_way: str | None
    seller_id: str | None
    lwa_client_id: str | None
    amazon_problem: str | None
    commerce_url: str | None
    commerce_way: str | None  # token | oauth
    commerce_waiting: bool = False
    commerce_problem: str | None = None

    @property
    def amazon_done(self) -> bool:
        return self.amazon_way is not None

    @property
    def commerce_done(self) -> bool:
        return self.commerce_way is not None

    @property
    def reconnecting(self) -> bool:
        return self.store_id is not None


@dataclass(frozen=True)
class Finished:
    """The connection check's results, and the store when it was saved."""

    checks: list[ConnectionCheck]
    store_id: int | None

    @property
    def saved(self) -> bool:
        return self.store_id is not None


class WizardNotFound(LookupError):
    """No such wizard for this admin session (another session's, finished, or expired)."""


def _view(row: StoreWizard) -> Wizard:
    way = None
    if row.commerce_credentials:
        way = "token" if "token" in json.loads(row.commerce_credentials) else "oauth"
    return Wizard(id=row.id, store_id=row.store_id, name=row.name, region=row.region,
                  marketplace_ids=list(row.marketplace_ids or []), amazon_way=row.amazon_way,
                  seller_id=row.seller_id, lwa_client_id=row.lwa_client_id,
                  amazon_problem=row.amazon_problem, commerce_url=row.commerce_url,
                  commerce_way=way, commerce_problem=row.commerce_problem,
                  commerce_waiting=bool(row.commerce_waiting_until or row.commerce_handshake))


def _row(session: Session, services: Services, session_id: str, wizard_id: str) -> StoreWizard:
    row = session.get(StoreWizard, wizard_id[:64])
    if (row is None or not secrets.compare_digest(row.session_hash, session_hash(session_id))
            or row.expires_at <= services.clock()):
        raise WizardNotFound("This connection was started in another session or has expired: "
                             "start again from Add store.")
    return row


def _forget_expired(session: Session, services: Services) -> None:
    session.execute(delete(StoreWizard).where(StoreWizard.expires_at <= services.clock()))


def start_wizard(services: Services, session_id: str, user: str, payload: dict) -> str:
    """Step 1: name, region, marketplaces. Returns the wizard's id; raises
    ``ValidationError``."""
    data = check_part(payload, BASICS)
    with services.db.session() as session:
        if name_taken(session, data["name"]):
            raise ValidationError({"name": [f"A store named {data['name']!r} exists already."]})
        _forget_expired(session, services)
        wizard_id = secrets.token_urlsafe(24)
        now = services.clock()
        session.add(StoreWizard(id=wizard_id, session_hash=session_hash(session_id),
                                user_name=user, name=data["name"], region=data["region"],
                                marketplace_ids=data["marketplace_ids"], created_at=now,
                                expires_at=now + WIZARD_LIFETIME))
    return wizard_id


def reconnect_wizard(services: Services, session_id: str, user: str, store_id: int) -> str:
    """A wizard that gives an existing store new credentials (re-authorize Amazon, replace
    Commerce's): the store keeps everything else. Raises ``LookupError``."""
    with services.db.session() as session:
        store = session.get(Store, store_id)
        if store is None:
            raise LookupError(f"There is no Amazon store with id {store_id}.")
        _forget_expired(session, services)
        wizard_id = secrets.token_urlsafe(24)
        now = services.clock()
        session.add(StoreWizard(id=wizard_id, session_hash=session_hash(session_id),
                                user_name=user, store_id=store.id, name=store.name,
                                region=store.region, marketplace_ids=list(store.marketplace_ids),
                                commerce_url=store.commerce_url, created_at=now,
                                expires_at=now + WIZARD_LIFETIME))
    return wizard_id


def find_wizard(services: Services, session_id: str, wizard_id: str) -> Wizard:
    """Raises ``WizardNotFound``."""
    with services.db.session() as session:
        return _view(_row(session, services, session_id, wizard_id))


def give_amazon_credentials(services: Services, session_id: str, wizard_id: str,
                            payload: dict) -> Wizard:
    """Step 2, a private app the seller self-authorized: seller id, LWA client id and secret,
    refresh token. Raises ``ValidationError``, ``WizardNotFound``."""
    data = check_part(payload, AMAZON)
    with services.db.session() as session:
        row = _row(session, services, session_id, wizard_id)
        row.seller_id, row.lwa_client_id = data["seller_id"], data["lwa_client_id"]
        row.lwa_client_secret, row.refresh_token = (data["lwa_client_secret"],
                                                    data["refresh_token"])
        row.amazon_way, row.amazon_problem = "pasted", None
        row.amazon_state_hash = row.amazon_state_expires_at = None
        return _view(row)


def give_commerce_credentials(services: Services, session_id: str, wizard_id: str,
                              payload: dict) -> Wizard:
    """Step 3 with pasted credentials: the URL and a bearer token or the four OAuth 1.0a
    values. Raises ``ValidationError``, ``WizardNotFound``."""
    data = check_part(payload, COMMERCE)
    with services.db.session() as session:
        row = _row(session, services, session_id, wizard_id)
        row.commerce_url = data["commerce_url"].rstrip("/")
        row.commerce_credentials = json.dumps(commerce_credentials(data))
        row.commerce_waiting_until = row.commerce_consumer_hash = None
        row.commerce_handshake = row.commerce_problem = None
        return _view(row)


def _payload(row: StoreWizard) -> dict:
    payload = {"name": row.name, "region": row.region, "marketplace_ids": row.marketplace_ids,
               "seller_id": row.seller_id, "lwa_client_id": row.lwa_client_id,
               "lwa_client_secret": row.lwa_client_secret, "refresh_token": row.refresh_token,
               "commerce_url": row.commerce_url}
    for key, value in json.loads(row.commerce_credentials).items():
        payload[f"commerce_{key}"] = value
    return payload


def finish_wizard(services: Services, session_id: str, wizard_id: str, *,
                  amazon_endpoints: dict | None = None) -> Finished:
    """Step 4: check the connection; only when every check passes is the store saved
    (Active) and the wizard forgotten. ``amazon_endpoints`` (``amazon_endpoint``,
    ``amazon_lwa_url``) point a new store at a stand-in of Amazon (the demo). Raises
    ``WizardNotFound``, ``ValidationError`` (a step is missing or no longer valid)."""
    with services.db.session() as session:
        row = _row(session, services, session_id, wizard_id)
        missing = {}
        if row.amazon_way is None:
            missing["amazon"] = ["Connect Amazon first."]
        if not row.commerce_credentials:
            missing["commerce"] = ["Connect Commerce first."]
        if missing:
            raise ValidationError(missing)
        if row.store_id is not None:
            return _reconnect(services, session, row)
        store = prepare_store(session, {**_payload(row), **(amazon_endpoints or {})})
        checks = check_connection(services, store)
        if not all(check.ok for check in checks):
            return Finished(checks, None)
        save_store(session, store)
        session.delete(row)
        return Finished(checks, store.id)


def _reconnect(services: Services, session: Session, row: StoreWizard) -> Finished:
    store = session.get(Store, row.store_id)
    # The same rules as a new store, for the parts that change.
    check_part(_payload(row), AMAZON + COMMERCE)
    trial = Store(**{column: getattr(store, column) for column in (
        "name", "region", "marketplace_ids", "amazon_api", "amazon_endpoint", "amazon_lwa_url",
        "commerce_store_code", "commerce_website")})
    _apply_credentials(trial, row)
    checks = check_connection(services, trial)
    if not all(check.ok for check in checks):
        return Finished(checks, None)
    _apply_credentials(store, row)
    store.status = StoreStatus.ACTIVE
    session.delete(row)
    return Finished(checks, store.id)


def _apply_credentials(store: Store, row: StoreWizard) -> None:
    store.seller_id, store.lwa_client_id = row.seller_id, row.lwa_client_id
    store.lwa_client_secret, store.refresh_token = row.lwa_client_secret, row.refresh_token
    store.commerce_url, store.commerce_credentials = row.commerce_url, row.commerce_credentials


# -- a store's connection, from the pages and the API -----------------------------------------

def disconnect_store(services: Services, store_id: int) -> bool:
    """Stop the store and remove its stored Amazon and Commerce credentials; its orders,
    settings and history stay. ``False`` when it was disconnected already; raises
    ``LookupError``."""
    with services.db.session() as session:
        store = session.get(Store, store_id)
        if store is None:
            raise LookupError(f"There is no Amazon store with id {store_id}.")
        if store.status == StoreStatus.DISCONNECTED:
            return False
        store.status = StoreStatus.DISCONNECTED
        store.lwa_client_secret = store.refresh_token = ""
        store.commerce_credentials = "{}"
        return True


def delete_store(services: Services, store_id: int) -> str:
    """Delete the store with its orders, notes, SKU matches and settings (nothing changes in
    Amazon or Commerce). Returns its name; raises ``LookupError``."""
    with services.db.session() as session:
        store = session.get(Store, store_id)
        if store is None:
            raise LookupError(f"There is no Amazon store with id {store_id}.")
        name = store.name
        session.delete(store)
        return name


SECRET_FIELDS = ("lwa_client_secret", "refresh_token", "commerce_token",
                 "commerce_consumer_key", "commerce_consumer_secret", "commerce_access_token",
                 "commerce_access_token_secret")
EDITABLE = ("name", "marketplace_ids", "seller_id", "lwa_client_id", "commerce_url",
            "commerce_store_code", "commerce_website", "status") + SECRET_FIELDS


class ConnectionFailed(Exception):
    """A connection check failed: nothing was saved."""

    def __init__(self, checks: list[ConnectionCheck]):
        super().__init__("; ".join(f"{c.name}: {c.message}" for c in checks if not c.ok))
        self.checks = checks


def create_store(services: Services, payload: dict, *,
                 amazon_endpoints: dict | None = None) -> int:
    """A store from pasted credentials (the API's POST): the same rules and the same
    connection check as the wizard, saved only when every check passes. Raises
    ``ValidationError``, ``ConnectionFailed``."""
    with services.db.session() as session:
        store = prepare_store(session, {**payload, **(amazon_endpoints or {})})
        checks = check_connection(services, store)
        if not all(check.ok for check in checks):
            raise ConnectionFailed(checks)
        return save_store(session, store).id


#: Fields whose change is checked with Amazon and Commerce before it is saved.
CONNECTION_FIELDS = ("seller_id", "lwa_client_id", "commerce_url", "marketplace_ids",
                     "commerce_store_code")


def update_store(services: Services, store_id: int, payload: dict) -> int:
    """Change some of a store's fields (the API's PATCH), with the rules of a new store.
    Commerce credentials given replace the stored ones whole. A disconnected store becomes
    Active or Inactive again only with both Amazon and Commerce credentials given. New
    credentials are checked with Amazon and Commerce (``ConnectionFailed``) before they
    are saved. Raises ``LookupError``, ``ValidationError``; writes nothing when anything is
    wrong."""
    unknown = sorted(set(payload) - set(EDITABLE))
    if unknown:
        raise ValidationError({name: ["Unknown field (the region cannot change: add a store "
                                      "for another region)."] for name in unknown})
    with services.db.session() as session:
        store = session.get(Store, store_id)
        if store is None:
            raise LookupError(f"No store with id {store_id}.")
        disconnected = store.status == StoreStatus.DISCONNECTED
        merged = {"name": store.name, "region": store.region,
                  "marketplace_ids": list(store.marketplace_ids), "seller_id": store.seller_id,
                  "lwa_client_id": store.lwa_client_id,
                  "lwa_client_secret": store.lwa_client_secret or None,
                  "refresh_token": store.refresh_token or None,
                  "commerce_url": store.commerce_url,
                  "commerce_store_code": store.commerce_store_code,
                  "commerce_website": store.commerce_website,
                  "status": StoreStatus.INACTIVE if disconnected else store.status}
        if not any(payload.get(k) for k in COMMERCE[1:]):
            for key, value in json.loads(store.commerce_credentials or "{}").items():
                merged[f"commerce_{key}"] = value
        merged.update(payload)
        merged = {k: v for k, v in merged.items() if v is not None}
        if disconnected and "status" not in payload:
            merged["status"] = StoreStatus.INACTIVE
        data = check_part(merged, BASICS + AMAZON + COMMERCE + (
            "commerce_store_code", "commerce_website", "status"))
        if name_taken(session, data["name"], other_than=store.id):
            raise ValidationError({"name": [f"A store named {data['name']!r} exists already."]})
        for key in ("name", "marketplace_ids", "seller_id", "lwa_client_id",
                    "lwa_client_secret", "refresh_token", "commerce_store_code",
                    "commerce_website", "status"):
            setattr(store, key, data[key])
        store.commerce_url = data["commerce_url"].rstrip("/")
        store.commerce_credentials = json.dumps(commerce_credentials(data))
        if any(key in payload for key in SECRET_FIELDS + CONNECTION_FIELDS):
            checks = check_connection(services, store)
            if not all(check.ok for check in checks):
                session.rollback()
                raise ConnectionFailed(checks)
        return store.id
