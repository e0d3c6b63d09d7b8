"""Secrets at rest: LWA and Commerce credentials are stored Fernet-encrypted.

The column type below encrypts on write and decrypts on read, so no code path handles a stored
secret in clear by accident. Every key configured in this process can decrypt (so a rotated key
keeps old rows readable); the most recently configured key encrypts.
"""

from __future__ import annotations

import threading

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy.types import Text, TypeDecorator

_lock = threading.Lock()
_keys: list[str] = []


class SecretUnreadable(Exception):
    """A stored secret was written with a key this process does not have."""


def configure(key: str) -> None:
    with _lock:
        if key in _keys:
            _keys.remove(key)
        _keys.insert(0, key)


def _cipher() -> MultiFernet:
    with _lock:
        if not _keys:
            raise RuntimeError("no encryption key configured; create_app() sets one")
        return MultiFernet([Fernet(k.encode()) for k in _keys])


def encrypt(value: str) -> str:
    return _cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable(
            "a stored secret cannot be decrypted with CONNECTOR_ENCRYPTION_KEY") from None


class EncryptedText(TypeDecorator):
    """Text column holding a Fernet token; Python sees the clear value."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else encrypt(value)

    def process_result_value(self, value, dialect):
        return None if value is None else decrypt(value)


def mask(value: str | None) -> str:
    """How a secret is shown anywhere a person reads it: never the value itself."""
    return "" if not value else "********"
