"""Tokens minted by the module's PHP TokenIssuer are accepted by the service's verifier, and the
bad ones (expired, wrong secret, too long-lived) are refused."""

from __future__ import annotations

import base64
import json
import time

import pytest

from connector.web.admin_token import AUDIENCE, LEEWAY, InvalidAdminToken, verify
from tests.commerce_module.conftest import HERE, run

SECRET = "module-and-service-share-this-secret-0123456789"
NOW = 1_700_000_000


def mint(php: str, user: str, lifetime: int, now: int | None = None, secret: str = SECRET):
    args = [php, HERE / "mint_token.php", user, str(lifetime)]
    if now is not None:
        args.append(str(now))
    return run(*args, stdin=secret + "\n")


def token(php: str, user: str = "admin", lifetime: int = 120, now: int | None = None,
          secret: str = SECRET) -> str:
    result = mint(php, user, lifetime, now, secret)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def payload(jwt: str) -> dict:
    part = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_a_fresh_token_is_accepted(php):
    claims = verify(token(php, "jane.doe", 120), SECRET)
    assert claims["sub"] == "jane.doe" and claims["aud"] == AUDIENCE
    assert claims["exp"] - claims["iat"] == 120
    assert abs(claims["iat"] - time.time()) < 60
    assert len(claims["jti"]) == 32 and int(claims["jti"], 16) >= 0


def test_claims_at_a_given_time(php):
    claims = verify(token(php, "admin", 300, NOW), SECRET, now=NOW + 10)
    assert (claims["iat"], claims["exp"]) == (NOW, NOW + 300)


def test_every_token_has_its_own_jti(php):
    assert payload(token(php, now=NOW))["jti"] != payload(token(php, now=NOW))["jti"]


def test_non_ascii_user_names_survive(php):
    assert verify(token(php, "jöhn.døe/ops"), SECRET)["sub"] == "jöhn.døe/ops"


def test_an_expired_token_is_refused(php):
    minted = token(php, "admin", 120, NOW)
    assert verify(minted, SECRET, now=NOW + 120 + LEEWAY)["sub"] == "admin"
    with pytest.raises(InvalidAdminToken, match="expired"):
        verify(minted, SECRET, now=NOW + 120 + LEEWAY + 1)
    with pytest.raises(InvalidAdminToken, match="expired"):
        verify(token(php, "admin", 120, int(time.time()) - 3600), SECRET)


def test_a_token_signed_with_another_secret_is_refused(php):
    minted = token(php, secret="another-secret-that-is-long-enough-0123456789")
    with pytest.raises(InvalidAdminToken, match="invalid"):
        verify(minted, SECRET)


def test_a_tampered_token_is_refused(php):
    header, claims, signature = token(php).split(".")
    forged = dict(payload(f"{header}.{claims}.{signature}"), sub="root")
    forged_part = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidAdminToken, match="invalid"):
        verify(f"{header}.{forged_part}.{signature}", SECRET)


def test_five_minutes_at_most(php):
    assert verify(token(php, "admin", 300), SECRET)["sub"] == "admin"
    refused = mint(php, "admin", 301)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "between 1 and 300 seconds" in refused.stderr


def test_a_short_secret_is_refused(php):
    refused = mint(php, "admin", 120, secret="s" * 31)
    assert refused.returncode == 2 and "at least 32 characters" in refused.stderr
