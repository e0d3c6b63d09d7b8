"""Seller Central's consent page for the website authorization workflow, and the codes it
hands out, as Amazon documents them: ``/apps/authorize/consent?application_id=...&state=...``
(``&version=beta`` for a draft application), Authorize or Cancel, then a redirect to the
application's registered redirect URI with ``state``, ``selling_partner_id`` and
``spapi_oauth_code``. A code is good for five minutes, once (exchanged at ``/auth/o2/token``
with ``grant_type=authorization_code``). Errors MD1000 (a draft application without
``version=beta``) and MD5101 (a redirect URI not registered) are shown on the page, as Seller
Central shows them."""

from __future__ import annotations

import html
import secrets
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, request

from connector.sandbox.amazon.envelope import json_response

CODE_LIFETIME = 300.0  # seconds
APP_ID = "amzn1.sp.solution.sandbox-app"
SELLER_ID = "A1SANDBOXSELLER"

consent = Blueprint("consent", __name__)


@dataclass
class ConsentState:
    """The one SP-API application the sandbox knows, and the codes it handed out."""

    app_id: str = APP_ID
    app_name: str = "Amazon Orders for Adobe Commerce"
    draft: bool = False
    redirect_uris: list[str] = field(default_factory=list)
    seller_id: str = SELLER_ID
    #: How long a code is good, in seconds (Amazon: five minutes; 0 for a test of expiry).
    code_lifetime: float = CODE_LIFETIME
    #: code -> (issued at on the sandbox clock, redirect URI, used)
    codes: dict[str, list] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def consent_state() -> ConsentState:
    return current_app.extensions["amazon_sandbox_consent"]


def _page(title: str, body: str, status: int = 200):
    page = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title} | "
            f"Seller Central (sandbox)</title></head><body style='font-family: sans-serif; "
            f"max-width: 40rem; margin: 3rem auto'><p><strong>Amazon Seller Central</strong> "
            f"(sandbox)</p><h1>{title}</h1>{body}</body></html>")
    return page, status, {"Content-Type": "text/html; charset=utf-8"}


def _error(code: str, text: str):
    return _page("We could not authorize this application",
                 f"<p id='error-code'>Error code: {code}</p><p>{html.escape(text)}</p>", 400)


def _check(args) -> tuple[str, str] | None:
    """(error code, text) when the consent request is not acceptable."""
    state = consent_state()
    if args.get("application_id") != state.app_id:
        return "MD9100", "The application id is not known."
    if state.draft and args.get("version") != "beta":
        return "MD1000", ("This application is in draft status: the authorization URI needs "
                          "the version=beta parameter.")
    wanted = args.get("redirect_uri")
    if not state.redirect_uris or (wanted and wanted not in state.redirect_uris):
        return "MD5101", "The redirect URI is not one of the application's redirect URIs."
    return None


@consent.get("/apps/authorize/consent")
def consent_page():
    problem = _check(request.args)
    if problem:
        return _error(*problem)
    state = consent_state()
    hidden = "".join(f"<input type='hidden' name='{k}' value='{html.escape(v, quote=True)}'>"
                     for k, v in request.args.items() if k in (
                         "application_id", "state", "version", "redirect_uri"))
    return _page("Authorize this application?", (
        f"<p><strong>{html.escape(state.app_name)}</strong> asks to access your selling account "
        f"(seller {state.seller_id}): orders, shipments and feeds.</p>"
        f"<form method='post'>{hidden}<button type='submit' name='decision' value='authorize'>"
        "Confirm</button> <button type='submit' name='decision' value='cancel'>Cancel"
        "</button></form>"))


@consent.post("/apps/authorize/consent")
def consent_decision():
    problem = _check(request.form)
    if problem:
        return _error(*problem)
    if request.form.get("decision") != "authorize":
        return _page("Authorization canceled", "<p id='canceled'>You did not authorize the "
                     "application. Nothing was shared. You can close this window.</p>")
    state = consent_state()
    target = request.form.get("redirect_uri") or state.redirect_uris[0]
    code = "ANsandbox" + secrets.token_urlsafe(18)
    with state.lock:
        state.codes[code] = [current_app.extensions["amazon_sandbox"].clock(), target, False]
    query = urlencode({"state": request.form.get("state", ""),
                       "selling_partner_id": state.seller_id, "spapi_oauth_code": code})
    return redirect(f"{target}?{query}", code=302)


def exchange(form) -> tuple[dict, int]:
    """``grant_type=authorization_code`` at LWA: a refresh token for a good code."""
    state = consent_state()
    sandbox = current_app.extensions["amazon_sandbox"]
    if not form.get("code") or not form.get("client_id"):
        return {"error": "invalid_request",
                "error_description": "The request is missing a required parameter"}, 400
    if form.get("client_id") != sandbox.client_id or form.get(
            "client_secret") != sandbox.client_secret:
        return {"error": "invalid_client", "error_description": "Client authentication failed"}, 401
    with state.lock:
        entry = state.codes.get(form["code"])
        good = (entry is not None and not entry[2]
                and sandbox.clock() - entry[0] <= state.code_lifetime
                and form.get("redirect_uri") == entry[1])
        if entry is not None:
            entry[2] = True
    if not good:
        return {"error": "invalid_grant",
                "error_description": "The request has an invalid grant parameter : code"}, 400
    token = "Atza|" + secrets.token_urlsafe(24)
    with sandbox.lock:
        sandbox.access_tokens[token] = sandbox.clock() + sandbox.expires_in
    return {"access_token": token, "refresh_token": sandbox.refresh_token,
            "token_type": "bearer", "expires_in": int(sandbox.expires_in)}, 200


@consent.post("/_sandbox/app")
def configure_app():
    """The application as registered: ``redirect_uris``, whether it is a ``draft``, and
    ``code_lifetime`` (seconds)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_response({"error": "send JSON"}, 400)
    state = consent_state()
    if "redirect_uris" in body:
        uris = body["redirect_uris"]
        if not isinstance(uris, list) or not all(isinstance(u, str) for u in uris):
            return json_response({"error": "redirect_uris: a list of URLs"}, 400)
        state.redirect_uris = list(uris)
    if "draft" in body:
        state.draft = bool(body["draft"])
    if "code_lifetime" in body:
        state.code_lifetime = float(body["code_lifetime"])
    return json_response({"application_id": state.app_id, "draft": state.draft,
                          "redirect_uris": state.redirect_uris,
                          "code_lifetime": state.code_lifetime})


@consent.post("/_sandbox/authorization-codes/expire")
def expire_codes():
    """Make every code handed out so far older than five minutes."""
    state = consent_state()
    with state.lock:
        for entry in state.codes.values():
            entry[0] -= CODE_LIFETIME + 1
    return json_response({"expired": len(state.codes)})
