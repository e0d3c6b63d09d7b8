"""Sessions can be ended: sign-out, and a new sign-in, end them in every process; a token is
used once whatever process sees it."""

from __future__ import annotations

from dataclasses import replace

from connector.web.admin.security import COOKIE
from connector.web.admin_token import mint
from tests.admin.conftest import SECRET, sign_in

SIGNED_OUT = "You signed out."


def cookie_of(client) -> str:
    return client.get_cookie(COOKIE, path="/admin/").value


def opens(app, cookie: str) -> bool:
    """Whether this cookie value, sent from any browser, opens the pages."""
    other = app.test_client()
    other.set_cookie(COOKIE, cookie, path="/admin/")
    return other.get("/admin/").status_code == 200


def test_every_page_offers_sign_out_and_it_ends_the_session(app, admin):
    page = admin.get("/admin/").get_data(as_text=True)
    assert 'action="/admin/sign-out"' in page and ">Sign out</button>" in page
    kept = cookie_of(admin.client)
    answer = admin.post("/admin/sign-out", form_page="/admin/")
    assert answer.status_code == 200
    assert SIGNED_OUT in answer.get_data(as_text=True)
    assert f"{COOKIE}=;" in answer.headers["Set-Cookie"]
    assert admin.get("/admin/").status_code == 401
    assert not opens(app, kept)  # a copy of the cookie is worth nothing either


def test_sign_out_needs_the_csrf_token(app, admin):
    answer = admin.client.post("/admin/sign-out", data={})
    assert answer.status_code == 400
    assert opens(app, cookie_of(admin.client))


def test_signing_in_again_ends_the_browsers_previous_session(app, admin):
    old = cookie_of(admin.client)
    sign_in(admin.client)
    assert cookie_of(admin.client) != old
    assert not opens(app, old)
    assert opens(app, cookie_of(admin.client))


def test_signing_in_elsewhere_ends_the_users_other_sessions(app, admin):
    first = cookie_of(admin.client)
    other_user = sign_in(app.test_client(), "someone-else")
    second = sign_in(app.test_client(), "merchant")
    assert not opens(app, first)
    assert opens(app, cookie_of(second.client))
    assert opens(app, cookie_of(other_user.client))


def test_with_one_session_off_other_browsers_keep_theirs(app):
    settings = app.extensions["connector_settings"]
    app.extensions["connector_settings"] = replace(settings, admin_one_session=False)
    first, second = sign_in(app.test_client()), sign_in(app.test_client())
    assert opens(app, cookie_of(first.client)) and opens(app, cookie_of(second.client))


def test_a_used_token_stays_used_for_another_app_on_the_same_database(app, app_config):
    from connector import create_app

    token = mint(SECRET, "merchant")
    assert app.test_client().get(f"/admin/?token={token}").status_code == 303
    restarted = create_app(app_config)
    try:
        answer = restarted.test_client().get(f"/admin/?token={token}")
        assert answer.status_code == 401
        assert "used already" in answer.get_data(as_text=True)
    finally:
        restarted.extensions["connector_db"].dispose()
