"""One sign-in token, replayed against two real server processes sharing one database (and
against a restarted one), opens one session; signing out in one process ends it in the other.
Runs on PostgreSQL too when the suite does (``CONNECTOR_TEST_DATABASE_URL``)."""

from __future__ import annotations

import re

import requests

from connector.web.admin.security import COOKIE
from connector.web.admin_token import mint
from tests.admin.conftest import SECRET

REPLAYS = 20


def open_with_token(server, token: str) -> requests.Response:
    return requests.get(f"{server.url}/admin/?token={token}", allow_redirects=False, timeout=30)


def page(server, cookie: str) -> requests.Response:
    return requests.get(f"{server.url}/admin/", cookies={COOKIE: cookie}, timeout=30)


def test_a_token_opens_one_session_across_processes_and_restarts(serve, tmp_path,
                                                                 database_url):
    env = {"CONNECTOR_INSTANCE_PATH": str(tmp_path / "instance"),
           "CONNECTOR_DATABASE_URL": database_url, "CONNECTOR_SANDBOX": "off",
           "CONNECTOR_SCHEDULER": "off", "CONNECTOR_ADMIN_JWT_SECRET": SECRET,
           "CONNECTOR_LOG_LEVEL": "WARNING"}
    first, second = serve(env), serve(env)
    token = mint(SECRET, "merchant")

    answers = [open_with_token((first, second)[n % 2], token) for n in range(REPLAYS)]
    opened = [a for a in answers if a.status_code == 303]
    assert len(opened) == 1, [a.status_code for a in answers]
    assert all(a.status_code == 401 and "used already" in a.text
               for a in answers if a.status_code != 303)
    cookie = opened[0].cookies[COOKIE]
    assert page(first, cookie).status_code == 200 and page(second, cookie).status_code == 200

    first.stop()
    restarted = serve(env)
    assert open_with_token(restarted, token).status_code == 401

    signed_in = page(second, cookie).text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', signed_in).group(1)
    out = requests.post(f"{second.url}/admin/sign-out", data={"csrf_token": csrf},
                        cookies={COOKIE: cookie}, timeout=30)
    assert out.status_code == 200
    assert page(restarted, cookie).status_code == 401
    assert page(second, cookie).status_code == 401
