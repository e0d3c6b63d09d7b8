"""Who may see the admin pages, and how the page stays safe inside the Commerce admin's iframe.

- The Commerce admin opens the first page with ``?token=<signed token>`` (see
  ``connector.web.admin_token``). The token is checked, used once (in every process: see
  ``connector.admin_sessions``), and swapped for a session cookie; the browser is redirected
  to the same address without the token, so the token never stays in the address bar, the
  history or a ``Referer``.
- The session lives in the database and the cookie only names it: signing out, or signing in
  again, ends it everywhere. By default a sign-in also ends the admin user's other sessions
  (``CONNECTOR_ADMIN_ONE_SESSION``).
- The session cookie is ``Secure; HttpOnly; SameSite=None; Partitioned``. The page runs in a
  cross-site iframe, where browsers drop ordinary third-party cookies; a *partitioned* cookie
  (CHIPS) is kept, but only for this service embedded in that Commerce admin site.
- Every form carries a CSRF token derived from the session; a POST without the right one is
  refused with 400 (the cookie is ``SameSite=None``, so the browser would send it on a
  cross-site POST).
- Every admin response forbids framing except by the configured Commerce admin origins.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from flask import Flask, current_app, g, redirect, render_template, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from connector import admin_sessions as sessions
from connector.orders import services_for
from connector.web.admin_token import LEEWAY, InvalidAdminToken, verify

COOKIE = "amazon_orders_admin"
COOKIE_PATH = "/admin/"
def _db():
    """The database the admin sessions live in (the lifecycle's)."""
    return services_for(current_app).db


SESSION_SECONDS = int(sessions.SESSION_LIFETIME.total_seconds())
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class AdminSession:
    user: str
    sid: str
    flashes: list[dict] = field(default_factory=list)
    changed: bool = False

    def flash(self, message: str, kind: str = "success") -> None:
        """A message for the next page (after a redirect)."""
        self.flashes.append({"m": message, "k": kind})
        self.changed = True

    def take_flashes(self) -> list[dict]:
        shown, self.flashes = self.flashes, []
        if shown:
            self.changed = True
        return shown


def _settings():
    return current_app.extensions["connector_settings"]


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_settings().secret_key, salt="connector.admin.session")


def _load_session() -> AdminSession | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=SESSION_SECONDS)
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("s"), str):
        return None
    stored = sessions.find_session(_db(), data["s"])
    if stored is None:  # signed out, replaced by a newer sign-in, or expired
        return None
    return AdminSession(user=stored.user, sid=data["s"], flashes=list(data.get("f") or []))


def csrf_token() -> str:
    """The CSRF token of the current session (empty outside a session)."""
    session: AdminSession | None = g.get("admin_session")
    if session is None:
        return ""
    key = _settings().secret_key.encode()
    return hmac.new(key, f"csrf:{session.sid}".encode(), hashlib.sha256).hexdigest()


def refuse(reason: str, status: int = 401):
    """The page shown instead of the admin pages: no session, or a bad token."""
    return render_template("admin/open_from_commerce.html", reason=reason), status


def _url_without_token() -> str:
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
    return request.path + (f"?{urlencode(args)}" if args else "")


def _enter_with_token():
    token = request.args.get("token", "")
    try:
        claims = verify(token, _settings().admin_jwt_secret)
    except InvalidAdminToken as exc:
        return refuse(f"The sign-in link is not valid ({exc}).")
    current = _load_session()
    expires = datetime.fromtimestamp(claims["exp"], UTC) + timedelta(seconds=LEEWAY)
    if not sessions.first_use(_db(), claims["jti"], expires):
        # The browser that holds the session may load the same link again (a reload).
        if current is None or current.user != claims["sub"]:
            return refuse("The sign-in link was used already.")
    else:
        sid = sessions.start_session(
            _db(), claims["sub"], replacing=current.sid if current else None,
            end_users_other_sessions=_settings().admin_one_session)
        current = AdminSession(user=claims["sub"], sid=sid)
    current.changed = True
    g.admin_session = current
    return redirect(_url_without_token(), code=303)


def require_admin():
    """``before_request`` of the admin blueprint."""
    if request.endpoint == "admin.static":
        return None
    if "token" in request.args and request.method == "GET":
        return _enter_with_token()
    session = _load_session()
    if session is None:
        return refuse("Your session has ended or the page was opened directly.")
    g.admin_session = session
    if request.method in UNSAFE_METHODS:
        sent = request.form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
        if not sent or not hmac.compare_digest(sent, csrf_token()):
            return render_template("admin/bad_request.html", message=(
                "This form could not be accepted: its security token is missing or out of date. "
                "Reload the page and try again.")), 400
    return None


def save_session(response):
    """``after_request``: write the session cookie when it changed."""
    session: AdminSession | None = g.get("admin_session")
    if session is not None and session.changed:
        value = _serializer().dumps({"s": session.sid, "f": session.flashes})
        response.set_cookie(COOKIE, value, path=COOKIE_PATH, secure=True, httponly=True,
                            samesite="None", partitioned=True)
    return response


def content_security_policy(origins: tuple[str, ...]) -> str:
    ancestors = " ".join(origins) if origins else "'self'"
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; "
            f"frame-ancestors {ancestors}")


def sign_out(response):
    """End the current session everywhere and drop its cookie."""
    session: AdminSession | None = g.pop("admin_session", None)
    if session is not None:
        sessions.end_session(_db(), session.sid)
    response.delete_cookie(COOKIE, path=COOKIE_PATH, secure=True, httponly=True,
                           samesite="None", partitioned=True)
    return response


def init_app(app: Flask) -> None:
    policy = content_security_policy(app.extensions["connector_settings"]
                                     .commerce_admin_origins)

    @app.after_request
    def admin_headers(response):
        """On every response under /admin (pages, errors, static files)."""
        if request.path == "/admin" or request.path.startswith("/admin/"):
            response.headers["Content-Security-Policy"] = policy
            response.headers["Referrer-Policy"] = "no-referrer"
            response.headers["X-Content-Type-Options"] = "nosniff"
            if not request.path.startswith("/admin/static/"):
                response.headers["Cache-Control"] = "no-store"
        return response
