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
MAX_USER_LENGTH = 255
MAX_JTI_LENGTH = 128  # what the used-token table keeps


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
    if now is not None:
        options["verify_exp"] = False
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], audience=AUDIENCE,
                            leeway=LEEWAY, options=options)
    except jwt.ExpiredSignatureError:
        raise InvalidAdminToken("expired") from None
    except jwt.InvalidAudienceError:
        raise InvalidAdminToken("meant for another service") from None
    except jwt.PyJWTError as exc:
        raise InvalidAdminToken(f"invalid: {exc}") from None
    _check_types(claims)
    if now is not None and claims["exp"] + LEEWAY < now:
        raise InvalidAdminToken("expired")
    if claims["exp"] - claims["iat"] > MAX_LIFETIME:
        raise InvalidAdminToken(f"lives longer than {MAX_LIFETIME} seconds")
    return claims


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_types(claims: dict) -> None:
    """A signed token can still carry a string ``exp`` (PyJWT reads ``"1700000000"`` as a
    number) or an object ``jti``: claims of the wrong type are refused, never computed with."""
    for name in ("iat", "exp"):
        if not _number(claims[name]):
            raise InvalidAdminToken(f"invalid: {name} is not a number")
    if not isinstance(claims["sub"], str) or not 0 < len(claims["sub"]) <= MAX_USER_LENGTH:
        raise InvalidAdminToken("no admin user")
    if not isinstance(claims["jti"], str) or not 0 < len(claims["jti"]) <= MAX_JTI_LENGTH:
        raise InvalidAdminToken(f"invalid: jti is not a string of 1 to {MAX_JTI_LENGTH} "
                                "characters")
