"""Amazon's website authorization workflow for a store being connected: the consent page of
the seller's Seller Central with a one-time ``state``, then the code Amazon sends back,
exchanged at Login with Amazon for the store's refresh token.

The ``state`` is random, kept only as a hash, good for ten minutes and once, and belongs to
one wizard of one admin session. The callback comes in a browser window of its own (Seller
Central cannot be shown in the Commerce admin's frame, and the admin pages' partitioned cookie
is not sent there), so it is the ``state`` that says which wizard asked. The callback only
fills in that wizard's Amazon step; the merchant finishes the wizard in the admin pages.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from sqlalchemy import select

from connector.amazon.authorization import CodeRefused, exchange_code
from connector.marketplaces import MARKETPLACES
from connector.models import StoreWizard
from connector.orders.onboarding import _row
from connector.orders.services import Services

STATE_LIFETIME = timedelta(minutes=10)

#: Amazon's documented authorization errors, as the seller sees them on Seller Central, with
#: what to do about each.
AMAZON_ERRORS = (
    ("MD1000", "The application is still a draft and the link lacked version=beta.",
     "Ask the operator to set CONNECTOR_SPAPI_DRAFT=1 while the app is in draft, then "
     "authorize again."),
    ("MD5101", "The redirect URI is not one of the application's registered ones.",
     "Ask the operator to register this service's Amazon callback URL (shown below) as a "
     "redirect URI of the application, then authorize again."),
)


@dataclass(frozen=True)
class SpApiApp:
    """The connector's SP-API application, as the operator configured it."""

    app_id: str
    client_id: str
    client_secret: str
    draft: bool = False
    #: Overrides of Seller Central's base URL and of LWA's token URL (the sandbox).
    consent_base: str | None = None
    lwa_url: str | None = None


@dataclass(frozen=True)
class Authorized:
    """What the callback did: ``ok``, or why not in the merchant's words."""

    ok: bool
    message: str
    wizard_id: str | None = None


def _hash(state: str) -> str:
    return hashlib.sha256(f"amazon-state:{state}".encode()).hexdigest()


def consent_url(app: SpApiApp, marketplace_id: str | None, state: str,
                redirect_uri: str) -> str:
    market = MARKETPLACES.get(marketplace_id or "", MARKETPLACES["ATVPDKIKX0DER"])
    base = (app.consent_base or f"https://{market.seller_central}").rstrip("/")
    params = {"application_id": app.app_id, "state": state}
    if app.draft:
        params["version"] = "beta"
    params["redirect_uri"] = redirect_uri
    return f"{base}/apps/authorize/consent?{urlencode(params)}"


def start_authorization(services: Services, app: SpApiApp, session_id: str,
                        wizard_id: str, redirect_uri: str) -> str:
    """A fresh one-time state for the wizard (replacing any earlier one); the Seller Central
    consent URL to send the seller to. Raises ``WizardNotFound``."""
    state = secrets.token_urlsafe(32)
    with services.db.session() as session:
        row = _row(session, services, session_id, wizard_id)
        row.amazon_state_hash = _hash(state)
        row.amazon_state_expires_at = services.clock() + STATE_LIFETIME
        row.amazon_problem = None
        marketplace = (row.marketplace_ids or [None])[0]
    return consent_url(app, marketplace, state, redirect_uri)


def _claim_state(services: Services, state: str) -> str | None:
    """The wizard the state belongs to, the state used up (once, whatever happens next)."""
    with services.db.session() as session:
        row = session.scalar(select(StoreWizard).where(
            StoreWizard.amazon_state_hash == _hash(state)).with_for_update())
        if row is None:
            return None
        fresh = (row.amazon_state_expires_at is not None
                 and row.amazon_state_expires_at > services.clock()
                 and row.expires_at > services.clock())
        row.amazon_state_hash = row.amazon_state_expires_at = None
        return row.id if fresh else None


def _note_problem(services: Services, wizard_id: str, problem: str) -> None:
    with services.db.session() as session:
        row = session.get(StoreWizard, wizard_id)
        if row is not None:
            row.amazon_problem = problem


def complete_authorization(services: Services, app: SpApiApp, args: dict,
                           redirect_uri: str) -> Authorized:
    """``GET`` of the redirect URI: check ``state``, exchange ``spapi_oauth_code``, keep the
    refresh token (encrypted) and ``selling_partner_id`` in the wizard. Never creates or
    changes a store."""
    state = str(args.get("state") or "")
    wizard_id = _claim_state(services, state) if state else None
    if wizard_id is None:
        return Authorized(False, "This authorization was not started here, was already used "
                                 "or has expired. Go back to Add store and click Authorize "
                                 "with Amazon again.")
    code = str(args.get("spapi_oauth_code") or "")
    seller = str(args.get("selling_partner_id") or "")[:64]
    if not code or not seller:
        problem = ("Amazon did not authorize the connector. Click Authorize with Amazon to "
                   "try again.")
        _note_problem(services, wizard_id, problem)
        return Authorized(False, problem, wizard_id)
    try:
        refresh_token = exchange_code(code, client_id=app.client_id,
                                      client_secret=app.client_secret,
                                      redirect_uri=redirect_uri, lwa_url=app.lwa_url)
    except CodeRefused as refused:
        if refused.error == "invalid_grant":
            problem = ("Amazon's authorization code has expired or was already used (it is "
                       "good for five minutes, once). Click Authorize with Amazon again.")
        elif refused.error == "network":
            problem = "Login with Amazon did not answer. Try Authorize with Amazon again."
        else:
            problem = (f"Login with Amazon refused the connector's application "
                       f"({refused.error}): ask the operator to check CONNECTOR_SPAPI_LWA_"
                       "CLIENT_ID and its secret.")
        _note_problem(services, wizard_id, problem)
        return Authorized(False, problem, wizard_id)
    with services.db.session() as session:
        row = session.get(StoreWizard, wizard_id)
        if row is None:
            return Authorized(False, "The store being connected is gone: start again from "
                                     "Add store.")
        row.seller_id, row.lwa_client_id = seller, app.client_id
        row.lwa_client_secret, row.refresh_token = app.client_secret, refresh_token
        row.amazon_way, row.amazon_problem = "authorized", None
    return Authorized(True, "Amazon authorized the connector. Go back to the admin page to "
                            "continue.", wizard_id)
