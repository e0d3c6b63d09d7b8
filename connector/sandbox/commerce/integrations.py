"""Commerce's integrations, as Magento's Integration module runs them: the admin page
(System > Extensions > Integrations: add one with a Callback URL and an Identity link URL,
Activate), the post of the consumer credentials and a verifier to the callback, the identity
link, and the token endpoints ``/oauth/token/request`` and ``/oauth/token/access`` that check
the OAuth 1.0a signature and the consumer key's age (Magento's default: 300 seconds).

Activate opens the identity link in the same window (Magento opens a pop-up) with
``oauth_consumer_key`` and ``success_call_back``; the success callback marks the integration
active. The access token then works for the REST API like any integration's."""

from __future__ import annotations

import html
import secrets
import string
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

import requests
from flask import Blueprint, current_app, redirect, request

from connector.sandbox.commerce.auth import oauth_params, signature_matches

blueprint = Blueprint("commerce_integrations", __name__)
CONSUMER_EXPIRY = 300.0  # seconds, Magento's default
ALPHABET = string.ascii_lowercase + string.digits


def _token() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(32))


@dataclass
class Integration:
    id: int
    name: str
    callback_url: str
    identity_url: str
    status: str = "Inactive"
    consumer: dict = field(default_factory=dict)  # key, secret, verifier, created
    request_tokens: dict = field(default_factory=dict)  # token -> secret
    message: str = ""


@dataclass
class Integrations:
    items: dict[int, Integration] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    clock: object = time.monotonic
    #: Stores > Configuration > Services > OAuth > Consumer Settings: key expiry, in seconds.
    consumer_expiry: float = CONSUMER_EXPIRY
    #: A fault for tests: the secret posted to the callback is not the one checked here.
    post_wrong_secret: bool = False

    def by_consumer(self, key: str) -> Integration | None:
        return next((i for i in self.items.values() if i.consumer.get("key") == key), None)


def integrations() -> Integrations:
    return current_app.extensions.setdefault("commerce_sandbox_integrations", Integrations())


def _root() -> str:
    """Where the sandbox is mounted ('' alone, ``/sandbox/commerce`` in the demo)."""
    return html.escape(request.script_root, quote=True)


def _page(body: str, status: int = 200):
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Integrations | "
            f"Commerce sandbox</title></head><body style='font-family: sans-serif; margin: 2rem'>"
            f"<p><a href='{_root()}/'>Commerce sandbox</a> / System / Extensions</p>"
            f"<h1>Integrations</h1>"
            f"{body}</body></html>", status, {"Content-Type": "text/html; charset=utf-8"})


@blueprint.get("/admin/integrations")
def integrations_page():
    rows = "".join(
        f"<tr><td>{html.escape(i.name)}</td><td class='status'>{i.status}</td>"
        f"<td>{html.escape(i.callback_url)}</td><td>{html.escape(i.identity_url)}</td><td>"
        f"<form method='post' action='{_root()}/admin/integrations/{i.id}/activate'><button "
        f"type='submit'>{'Reauthorize' if i.status == 'Active' else 'Activate'}</button>"
        f"</form></td><td class='message'>{html.escape(i.message)}</td></tr>"
        for i in integrations().items.values())
    return _page(
        "<table border='1' cellpadding='6'><thead><tr><th>Name</th><th>Status</th>"
        "<th>Callback URL</th><th>Identity link URL</th><th></th><th></th></tr></thead>"
        f"<tbody>{rows or '<tr><td colspan=6>No integrations.</td></tr>'}</tbody></table>"
        f"<h2>Add New Integration</h2><form method='post' action='{_root()}/admin/integrations'>"
        "<p><label>Name <input name='name' value='Amazon Orders'></label></p>"
        "<p><label>Callback URL <input name='callback_url' size='60'></label></p>"
        "<p><label>Identity link URL <input name='identity_url' size='60'></label></p>"
        "<p><button type='submit'>Save</button></p></form>")


@blueprint.post("/admin/integrations")
def add_integration():
    found = integrations()
    fields = {k: (request.form.get(k) or "").strip() for k in ("name", "callback_url",
                                                               "identity_url")}
    if not all(fields.values()):
        return _page("<p role='alert'>Name, Callback URL and Identity link URL are needed here."
                     "</p>", 400)
    with found.lock:
        new_id = max(found.items, default=0) + 1
        found.items[new_id] = Integration(new_id, **fields)
    return redirect(f"{request.script_root}/admin/integrations", code=303)


@blueprint.post("/admin/integrations/<int:integration_id>/activate")
def activate(integration_id: int):
    """Post the consumer credentials to the callback, then open the identity link."""
    found = integrations()
    integration = found.items.get(integration_id)
    if integration is None:
        return _page("<p>No such integration.</p>", 404)
    consumer = {"key": _token(), "secret": _token(), "verifier": _token(),
                "created": found.clock()}
    integration.consumer, integration.request_tokens = consumer, {}
    base = request.url_root  # Magento's store base URL ends with a slash
    posted_secret = _token() if found.post_wrong_secret else consumer["secret"]
    try:
        answer = requests.post(integration.callback_url, timeout=10, data={
            "oauth_consumer_key": consumer["key"], "oauth_consumer_secret": posted_secret,
            "store_base_url": base, "oauth_verifier": consumer["verifier"]})
        posted = answer.status_code == 200
        detail = f"the callback answered {answer.status_code}"
    except requests.RequestException as exc:
        posted, detail = False, f"the callback could not be reached ({type(exc).__name__})"
    if not posted:
        integration.message = f"Activation failed: {detail}."
        return _page(f"<p role='alert' id='activation-failed'>{html.escape(integration.message)}"
                     f"</p><p><a href='{_root()}/admin/integrations'>Back to Integrations</a></p>",
                     502)
    back = f"{request.url_root}admin/integrations/{integration.id}/activated"
    query = urlencode({"oauth_consumer_key": consumer["key"], "success_call_back": back})
    return redirect(f"{integration.identity_url}?{query}", code=303)


@blueprint.get("/admin/integrations/<int:integration_id>/activated")
def activated(integration_id: int):
    integration = integrations().items.get(integration_id)
    if integration is None or not integration.consumer.get("access_token"):
        return _page("<p>The integration was not activated.</p>", 400)
    integration.status, integration.message = "Active", "The integration is active."
    return redirect(f"{request.script_root}/admin/integrations", code=303)


def _problem(text: str, status: int = 401):
    return urlencode({"oauth_problem": text}), status, {
        "Content-Type": "application/x-www-form-urlencoded"}


def _consumer_for(header: str) -> tuple[Integration | None, str | None]:
    found = integrations()
    params = oauth_params(header)
    integration = found.by_consumer(params.get("oauth_consumer_key", ""))
    if integration is None:
        return None, "Consumer key is not valid"
    if found.clock() - integration.consumer["created"] > found.consumer_expiry:
        return None, "Consumer key has expired"
    return integration, None


@blueprint.post("/oauth/token/request")
def request_token():
    header = request.headers.get("Authorization", "")
    integration, problem = _consumer_for(header)
    if problem:
        return _problem(problem)
    if not signature_matches(header, integration.consumer["secret"], ""):
        return _problem("Invalid signature")
    token, secret = _token(), _token()
    integration.request_tokens[token] = secret
    return urlencode({"oauth_token": token, "oauth_token_secret": secret}), 200, {
        "Content-Type": "application/x-www-form-urlencoded"}


@blueprint.post("/oauth/token/access")
def access_token():
    header = request.headers.get("Authorization", "")
    integration, problem = _consumer_for(header)
    if problem:
        return _problem(problem)
    params = oauth_params(header)
    token_secret = integration.request_tokens.pop(params.get("oauth_token", ""), None)
    if token_secret is None:
        return _problem("Token is not valid")
    if not signature_matches(header, integration.consumer["secret"], token_secret):
        return _problem("Invalid signature")
    if params.get("oauth_verifier") != integration.consumer["verifier"]:
        return _problem("Verifier is invalid")
    access, access_secret = _token(), _token()
    integration.consumer.update(access_token=access, access_token_secret=access_secret)
    sandbox = current_app.extensions["commerce_sandbox"]
    sandbox.credentials.activated.append({
        "consumer_key": integration.consumer["key"],
        "consumer_secret": integration.consumer["secret"],
        "access_token": access, "access_token_secret": access_secret})
    return urlencode({"oauth_token": access, "oauth_token_secret": access_secret}), 200, {
        "Content-Type": "application/x-www-form-urlencoded"}


@blueprint.post("/_sandbox/integrations/settings")
def settings():
    """``consumer_expiry`` (seconds; 0: a key expires before it can be exchanged) and
    ``post_wrong_secret`` (the callback gets a secret that signs wrongly)."""
    found = integrations()
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return {"error": "send JSON"}, 400
    if "consumer_expiry" in body:
        found.consumer_expiry = float(body["consumer_expiry"])
    if "post_wrong_secret" in body:
        found.post_wrong_secret = bool(body["post_wrong_secret"])
    return {"consumer_expiry": found.consumer_expiry,
            "post_wrong_secret": found.post_wrong_secret}
