"""Secrets at rest: LWA and Commerce credentials are stored Fernet-encrypted.

The column type below encrypts on write and decrypts on read, so no code path handles a stored
secret in clear by accident. The keys belong to the database they protect: ``Database`` hands
its ``KeyRing`` to its engine's dialect, where the column type finds it. Two apps in one
process (the demo beside a real instance, a test beside another) never share or mix keys.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy.types import Text, TypeDecorator

#: Where an engine's dialect carries the keys of its database.
DIALECT_ATTRIBUTE = "connector_keys"


class SecretUnreadable(Exception):
    """A stored secret was written with a key this process does not have."""


class KeyRing:
    """The keys of one database: the first encrypts, every one of them can decrypt."""

    def __init__(self, *keys: str):
        if not keys:
            raise ValueError("a key ring needs at least one key")
        self._cipher = MultiFernet([Fernet(k.encode()) for k in keys])

    def encrypt(self, value: str) -> str:
        return self._cipher.encrypt(value.encode()).decode()

    def rotate(self, token: str) -> str:
        """The same secret, encrypted with the newest key (``SecretUnreadable`` if no key of
        the ring can read it)."""
        try:
            return self._cipher.rotate(token.encode()).decode()
        except InvalidToken:
            raise SecretUnreadable(
                "a stored secret cannot be decrypted with CONNECTOR_ENCRYPTION_KEY") from None

    def decrypt(self, token: str) -> str:
        try:
            return self._cipher.decrypt(token.encode()).decode()
        except InvalidToken:
            raise SecretUnreadable(
                "a stored secret cannot be decrypted with CONNECTOR_ENCRYPTION_KEY") from None


def _keys(dialect) -> KeyRing:
    keys = getattr(dialect, DIALECT_ATTRIBUTE, None)
    if keys is None:
        raise RuntimeError("this database was opened without an encryption key")
    return keys


class EncryptedText(TypeDecorator):
    """Text column holding a Fernet token; Python sees the clear value."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else _keys(dialect).encrypt(value)

    def process_result_value(self, value, dialect):
        return None if value is None else _keys(dialect).decrypt(value)
