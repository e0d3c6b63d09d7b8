"""The signed token with which the Commerce admin opens the admin pages in an iframe.

Format (JWT, HS256, shared secret ``CONNECTOR_ADMIN_JWT_SECRET``)::

    header  {"alg": "HS256", "typ": "JWT"}
    claims  {"sub": "<admin user name>", "aud": "amazon-orders-connector",
             "iat": <now>, "exp": <now + at most 300 s>, "jti": "<random, unique>"}

The algorithm is pinned (``alg: none`` and every other algorithm are refused), the audience
and expiry are checked, and a token may live five minutes at the most.
"""

from __future__ import annotations

import time
import uuid

import jwt

AUDIENCE = "amazon-orders-connector"
ALGORITHM = "HS256"
MAX_LIFETIME = 300  # seconds
LEEWAY = 30  # seconds of clock difference between Commerce and this service


class InvalidAdminToken(Exception):
    """The token is missing, forged, expired, for another service, or lives too long."""


def mint(secret: str, user: str, *, lifetime: int = MAX_LIFETIME, now: float | None = None,
         audience: str = AUDIENCE) -> str:
    """A token as the Commerce side makes one (operators and the demo use it too)."""
    issued = int(now if now is not None else time.time())
    claims = {"sub": user, "aud": audience, "iat": issued, "exp": issued + lifetime,
              "jti": uuid.uuid4().hex}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify(token: str | None, secret: str | None, *, now: float | None = None) -> dict:
    """The token's claims, or ``InvalidAdminToken`` saying what is wrong."""
    if not secret:
        raise InvalidAdminToken("admin pages are not configured (CONNECTOR_ADMIN_JWT_SECRET)")
    if not token:
        raise InvalidAdminToken("no token")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise InvalidAdminToken("not a token") from None
    if header.get("alg") != ALGORITHM:
        raise InvalidAdminToken(f"algorithm {header.get('alg')!r} is not accepted")
    options = {"require": ["sub", "aud", "iat", "exp", "jti"]}
    try:
        if now is None:
            claims = jwt.decode(token, secret, algorithms=[ALGORITHM], audience=AUDIENCE,
                                leeway=LEEWAY, options=options)
        else:
            claims = jwt.decode(token, secret, algorithms=[ALGORITHM], audience=AUDIENCE,
                                options={**options, "verify_exp": False})
            if claims["exp"] + LEEWAY < now:
                raise jwt.ExpiredSignatureError("Signature has expired")
    except jwt.ExpiredSignatureError:
        raise InvalidAdminToken("expired") from None
    except jwt.InvalidAudienceError:
        raise InvalidAdminToken("meant for another service") from None
    except jwt.PyJWTError as exc:
        raise InvalidAdminToken(f"invalid: {exc}") from None
    if claims["exp"] - claims["iat"] > MAX_LIFETIME:
        raise InvalidAdminToken(f"lives longer than {MAX_LIFETIME} seconds")
    if not isinstance(claims["sub"], str) or not claims["sub"]:
        raise InvalidAdminToken("no admin user")
    return claims
