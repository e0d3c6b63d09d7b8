"""The admin iframe token: only a fresh HS256 token for this service, signed with the shared
secret, opens the pages."""

import base64
import json
import time

import jwt
import pytest

from connector.web.admin_token import AUDIENCE, InvalidAdminToken, mint, verify

SECRET = "s" * 40


def test_a_fresh_token_is_accepted():
    claims = verify(mint(SECRET, "admin"), SECRET)
    assert claims["sub"] == "admin" and claims["aud"] == AUDIENCE


@pytest.mark.parametrize("token, why", [
    (lambda: mint("x" * 40, "admin"), "invalid"),
    (lambda: mint(SECRET, "admin", now=time.time() - 3600), "expired"),
    (lambda: mint(SECRET, "admin", audience="another-app"), "another service"),
    (lambda: mint(SECRET, "admin", lifetime=3600), "longer than"),
    (lambda: jwt.encode({"sub": "admin", "aud": AUDIENCE, "iat": int(time.time()),
                         "exp": int(time.time()) + 60}, SECRET, algorithm="HS256"), "invalid"),
    (lambda: "not.a.token", "not a token"),
])
def test_bad_tokens_are_refused(token, why):
    with pytest.raises(InvalidAdminToken) as refused:
        verify(token(), SECRET)
    assert why in str(refused.value)


def test_alg_none_is_refused():
    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    now = int(time.time())
    unsigned = (part({"alg": "none", "typ": "JWT"}) + "." + part(
        {"sub": "admin", "aud": AUDIENCE, "iat": now, "exp": now + 60, "jti": "1"}) + ".")
    with pytest.raises(InvalidAdminToken, match="algorithm 'none'"):
        verify(unsigned, SECRET)


def test_no_secret_configured_refuses_everything():
    with pytest.raises(InvalidAdminToken, match="not configured"):
        verify(mint(SECRET, "admin"), None)


def _signed(**changes) -> str:
    now = int(time.time())
    claims = {"sub": "admin", "aud": AUDIENCE, "iat": now, "exp": now + 60, "jti": "j-1",
              **changes}
    return jwt.encode(claims, SECRET, algorithm="HS256")


@pytest.mark.parametrize("changes", [
    {"exp": str(int(time.time()) + 60)},
    {"iat": str(int(time.time()))},
    {"jti": {"id": 1}},
    {"jti": "j" * 129},
    {"sub": "a" * 256},
])
def test_claims_of_the_wrong_type_are_refused(changes):
    with pytest.raises(InvalidAdminToken):
        verify(_signed(**changes), SECRET)
    with pytest.raises(InvalidAdminToken):
        verify(_signed(**changes), SECRET, now=time.time())
