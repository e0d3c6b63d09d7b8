"""Magento's integration activation for a store being connected: the merchant clicks Activate
in Commerce; Commerce posts the consumer key, secret, its base URL and a verifier to the
callback URL, then opens the identity link, where the connector exchanges them for an access
token and sends the browser back to Commerce's ``success_call_back``.

Commerce's post is accepted only for a wizard that waits for it (the merchant asked for it on
the Commerce step), from the Commerce base URL that wizard expects. Neither address creates or
changes a store: they fill in the wizard's Commerce step, and the merchant finishes the wizard.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlparse

from sqlalchemy import select

from connector.commerce.integration import ExchangeRefused, exchange_tokens
from connector.models import StoreWizard
from connector.orders.onboarding import _row
from connector.orders.services import Services
from connector.stores import check_part

#: How long a wizard waits for Commerce's post after the merchant asked for it.
WAIT = timedelta(minutes=30)
FIELDS = ("oauth_consumer_key", "oauth_consumer_secret", "store_base_url", "oauth_verifier")
EXPIRED_HELP = ("Commerce's consumer key expired before the connector could exchange it "
                "(Commerce keeps it 300 seconds by default: Stores > Configuration > Services > "
                "OAuth > Consumer Settings). In Commerce, System > Extensions > Integrations, "
                "click Reauthorize (or Activate) on the integration again.")


@dataclass(frozen=True)
class Answer:
    """What a callback or the identity link answers: ``ok``, the merchant's words, and where
    the browser goes next (the identity link only)."""

    ok: bool
    message: str
    redirect: str | None = None


def _base(url: str) -> str:
    return (url or "").strip().rstrip("/")


def _hash(consumer_key: str) -> str:
    return hashlib.sha256(f"commerce-consumer:{consumer_key}".encode()).hexdigest()


def wait_for_activation(services: Services, session_id: str, wizard_id: str,
                        commerce_url: str) -> None:
    """The merchant is about to click Activate in Commerce at ``commerce_url``. Raises
    ``ValidationError``, ``WizardNotFound``."""
    data = check_part({"commerce_url": commerce_url}, ("commerce_url",))
    with services.db.session() as session:
        row = _row(session, services, session_id, wizard_id)
        row.commerce_url = _base(data["commerce_url"])
        row.commerce_waiting_until = services.clock() + WAIT
        row.commerce_consumer_hash = row.commerce_handshake = row.commerce_problem = None


def receive_consumer(services: Services, form: dict) -> Answer:
    """``POST`` of the callback URL by Commerce."""
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    if not all(values.values()) or any(len(v) > 500 for v in values.values()):
        return Answer(False, "Expected oauth_consumer_key, oauth_consumer_secret, "
                             "store_base_url and oauth_verifier.")
    base = _base(values["store_base_url"])
    now = services.clock()
    with services.db.session() as session:
        row = session.scalar(select(StoreWizard).where(
            StoreWizard.commerce_url == base, StoreWizard.commerce_waiting_until > now,
            StoreWizard.expires_at > now).order_by(StoreWizard.created_at.desc()).limit(1))
        if row is None:
            return Answer(False, "No store being connected waits for an integration from this "
                                 "Commerce: in the connector's Add store, enter this Commerce "
                                 "URL and choose Activate in Commerce first.")
        row.commerce_waiting_until = None
        row.commerce_consumer_hash = _hash(values["oauth_consumer_key"])
        row.commerce_handshake = json.dumps(values)
        row.commerce_problem = None
    return Answer(True, "Received.")


def _same_origin(url: str, base: str) -> bool:
    a, b = urlparse(url), urlparse(base)
    return a.scheme in ("http", "https") and (a.scheme, a.netloc) == (b.scheme, b.netloc)


def complete_activation(services: Services, consumer_key: str, success_call_back: str, *,
                        timeout: float = 10.0) -> Answer:
    """``GET`` of the identity link: exchange the posted credentials for an access token,
    keep the four values (encrypted) in the wizard, then back to Commerce."""
    with services.db.session() as session:
        row = session.scalar(select(StoreWizard).where(
            StoreWizard.commerce_consumer_hash == _hash(consumer_key or "")))
        if row is None or row.expires_at <= services.clock() or not row.commerce_handshake:
            return Answer(False, "This activation is not one the connector is waiting for: in "
                                 "the connector's Add store, choose Activate in Commerce, then "
                                 "activate the integration again.")
        posted = json.loads(row.commerce_handshake)
        base, wizard_id = row.commerce_url, row.id
    if not _same_origin(success_call_back, base):
        return Answer(False, "The activation's return address is not on the expected "
                             "Commerce: nothing was saved.")
    try:
        tokens = exchange_tokens(base, posted["oauth_consumer_key"],
                                 posted["oauth_consumer_secret"], posted["oauth_verifier"],
                                 timeout=timeout)
    except ExchangeRefused as refused:
        problem = (EXPIRED_HELP if "expired" in refused.problem.lower() else
                   f"Commerce refused the token exchange ({refused}): check that the "
                   "Commerce URL is the store's base URL and activate the integration again.")
        with services.db.session() as session:
            row = session.get(StoreWizard, wizard_id)
            row.commerce_problem = problem
            row.commerce_consumer_hash = row.commerce_handshake = None
            row.commerce_waiting_until = services.clock() + WAIT  # ready for a new activation
        return Answer(False, problem)
    with services.db.session() as session:
        row = session.get(StoreWizard, wizard_id)
        row.commerce_credentials = json.dumps({
            "consumer_key": posted["oauth_consumer_key"],
            "consumer_secret": posted["oauth_consumer_secret"], **tokens})
        row.commerce_consumer_hash = row.commerce_handshake = row.commerce_problem = None
    return Answer(True, "Commerce is connected.", redirect=success_call_back)
