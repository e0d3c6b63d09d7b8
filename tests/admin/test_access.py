"""Only the Commerce admin opens the pages: a fresh signed token, then a partitioned session
cookie; forms need the CSRF token; no one else may frame the pages."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from connector.models import OrderSettings, Store
from connector.web.admin_token import AUDIENCE, mint
from tests.admin.conftest import COMMERCE_ADMIN, SECRET, add_order, sign_in

OPEN_FROM_COMMERCE = "Open this page from the Commerce admin"


def _unsigned(claims: dict) -> str:
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def _claims(**extra):
    now = int(time.time())
    return {"sub": "merchant", "aud": AUDIENCE, "iat": now, "exp": now + 60, "jti": "j1",
            **extra}


BAD_TOKENS = {
    "expired": lambda: mint(SECRET, "merchant", now=time.time() - 3600),
    "wrong signature": lambda: mint("another-secret-" + "y" * 30, "merchant"),
    "alg none": lambda: _unsigned(_claims()),
    "wrong audience": lambda: mint(SECRET, "merchant", audience="another-service"),
    "HS512": lambda: jwt.encode(_claims(), SECRET, algorithm="HS512"),
    "garbage": lambda: "not-a-token",
}


def test_without_a_token_the_page_says_to_open_it_from_commerce(client):
    answer = client.get("/admin/")
    assert answer.status_code == 401
    assert OPEN_FROM_COMMERCE in answer.get_data(as_text=True)
    assert "Set-Cookie" not in answer.headers


@pytest.mark.parametrize("kind", BAD_TOKENS)
def test_a_bad_token_is_refused_with_401(client, kind):
    answer = client.get(f"/admin/?token={BAD_TOKENS[kind]()}")
    assert answer.status_code == 401
    assert OPEN_FROM_COMMERCE in answer.get_data(as_text=True)
    assert "Set-Cookie" not in answer.headers
    assert client.get("/admin/").status_code == 401  # and no session was started


def test_a_good_token_becomes_a_partitioned_session_and_leaves_the_address(client, store_id):
    answer = client.get(f"/admin/stores/{store_id}/orders?status=Error&token="
                        f"{mint(SECRET, 'merchant')}")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/admin/stores/{store_id}/orders?status=Error"
    cookie = answer.headers["Set-Cookie"]
    for attribute in ("Secure", "HttpOnly", "SameSite=None", "Partitioned", "Path=/admin/"):
        assert attribute in cookie
    page = client.get(answer.headers["Location"])
    assert page.status_code == 200
    assert "Amazon Orders" in page.get_data(as_text=True)


def test_a_replayed_token_after_expiry_is_refused(app, client):
    # Valid for about one more second (the token's end plus the 30 s clock leeway).
    token = mint(SECRET, "merchant", now=time.time() - 329)
    assert client.get(f"/admin/?token={token}").status_code == 303
    time.sleep(1.5)
    fresh = app.test_client()
    assert fresh.get(f"/admin/?token={token}").status_code == 401


def test_a_used_token_does_not_open_a_second_browser(app, client):
    token = mint(SECRET, "merchant")
    assert client.get(f"/admin/?token={token}").status_code == 303
    other = app.test_client().get(f"/admin/?token={token}")
    assert other.status_code == 401
    assert "used already" in other.get_data(as_text=True)


def test_a_tampered_session_cookie_is_refused(client):
    sign_in(client)
    cookie = client.get_cookie("amazon_orders_admin", path="/admin/")
    client.set_cookie("amazon_orders_admin", cookie.value[:-2] + "xx", path="/admin/")
    assert client.get("/admin/").status_code == 401


def test_csp_limits_framing_to_the_commerce_admin_on_every_admin_response(admin, db, store_id):
    add_order(db, store_id, "111-0000001-0000001")
    paths = ["/admin/", f"/admin/stores/{store_id}", f"/admin/stores/{store_id}/settings",
             f"/admin/stores/{store_id}/orders", f"/admin/stores/{store_id}/orders?total_min=x",
             f"/admin/stores/{store_id}/orders/111-0000001-0000001",
             f"/admin/stores/{store_id}/orders/111-0000001-0000001?tab=items",
             f"/admin/stores/{store_id}/orders/111-0000001-0000001?tab=tracking",
             f"/admin/stores/{store_id}/sku-matching", "/admin/stores/999",
             "/admin/static/admin.css"]
    for path in paths:
        answer = admin.get(path)
        answer.close()
        assert answer.status_code in (200, 404), path
        policy = answer.headers["Content-Security-Policy"]
        assert f"frame-ancestors {COMMERCE_ADMIN}" in policy, path
    refused = admin.client.post(f"/admin/stores/{store_id}/settings", data={})
    assert refused.status_code == 400
    assert f"frame-ancestors {COMMERCE_ADMIN}" in refused.headers["Content-Security-Policy"]


def test_without_configured_origins_only_the_service_itself_may_frame(app_config):
    from connector import create_app

    app = create_app({**app_config, "commerce_admin_origins": ""})
    try:
        answer = app.test_client().get("/admin/")
        assert answer.status_code == 401
        assert "frame-ancestors 'self'" in answer.headers["Content-Security-Policy"]
    finally:
        app.extensions["connector_db"].dispose()


def test_a_form_without_the_csrf_token_changes_nothing(admin, db, store_id):
    path = f"/admin/stores/{store_id}/settings"
    for token in (None, "wrong"):
        data = {"import_enabled": "disabled", "sync_interval_minutes": "30"}
        if token:
            data["csrf_token"] = token
        answer = admin.client.post(path, data=data)
        assert answer.status_code == 400
        assert "security token is missing or out of date" in answer.get_data(as_text=True)
    deactivate = admin.client.post(f"/admin/stores/{store_id}/status",
                                   data={"status": "Inactive"})
    assert deactivate.status_code == 400
    with db.session() as session:
        settings = session.get(OrderSettings, store_id)
        assert settings.import_enabled is True and settings.sync_interval_minutes == 5
        assert session.get(Store, store_id).status == "Active"


def test_another_sessions_csrf_token_is_refused(app, admin, store_id):
    foreign = sign_in(app.test_client(), "someone-else").csrf(f"/admin/stores/{store_id}")
    answer = admin.client.post(f"/admin/stores/{store_id}/status",
                               data={"status": "Inactive", "csrf_token": foreign})
    assert answer.status_code == 400


def test_admin_url_prints_a_link_that_opens_the_pages(cli, monkeypatch, app):
    monkeypatch.setenv("CONNECTOR_ADMIN_JWT_SECRET", SECRET)
    result = cli("admin-url", "--user", "ops", "--base-url", "https://connector.example/")
    assert result.exit_code == 0, result.output
    link = result.output.strip()
    assert link.startswith("https://connector.example/admin/?token=")
    token = link.split("token=", 1)[1]
    answer = app.test_client().get(f"/admin/?token={token}")
    assert answer.status_code == 303


def test_admin_url_without_a_secret_says_so(cli, monkeypatch):
    monkeypatch.delenv("CONNECTOR_ADMIN_JWT_SECRET", raising=False)
    result = cli("admin-url")
    assert result.exit_code == 2
    assert "CONNECTOR_ADMIN_JWT_SECRET" in result.output


def test_a_forged_host_never_receives_the_token(client):
    token = mint(SECRET, "merchant")
    answer = client.get(f"/admin?token={token}", headers={"Host": "attacker.example"})
    assert answer.status_code == 308
    assert answer.headers["Location"] == f"/admin/?token={token}"


def test_a_signed_token_with_a_string_expiry_is_a_401_not_a_500(client):
    now = int(time.time())
    token = jwt.encode({"sub": "merchant", "aud": AUDIENCE, "iat": now, "exp": str(now + 60),
                        "jti": "string-exp"}, SECRET, algorithm="HS256")
    answer = client.get(f"/admin/?token={token}")
    assert answer.status_code == 401
    assert OPEN_FROM_COMMERCE in answer.get_data(as_text=True)
