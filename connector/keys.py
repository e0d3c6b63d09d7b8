"""Key rotation: every stored secret re-encrypted with the newest key of
``CONNECTOR_ENCRYPTION_KEY`` (``connector keys rotate``).

Run it with the new key first and the old one(s) after it; once it reports, the old keys can be
dropped. All in one transaction: a secret no given key can read stops it, and nothing changes.
"""

from __future__ import annotations

from sqlalchemy import Text, select, type_coerce, update

from connector.crypto import EncryptedText, SecretUnreadable
from connector.db import Database
from connector.models import Base


class Unreadable(Exception):
    """A stored secret no key given can read: where it is."""

    def __init__(self, table: str, column: str, row: object):
        super().__init__(table, column, row)
        self.table, self.column, self.row = table, column, row

    def __str__(self) -> str:
        return (f"{self.table}.{self.column} of row {self.row} cannot be decrypted with any key "
                "in CONNECTOR_ENCRYPTION_KEY: give the new key first and the old one after it "
                "(comma-separated); nothing was changed")


def encrypted_columns() -> list:
    """Every column stored encrypted, in every table."""
    return [column for table in Base.metadata.sorted_tables for column in table.columns
            if isinstance(column.type, EncryptedText)]


def rotate_secrets(db: Database) -> dict[str, int]:
    """Re-encrypt every stored secret with the newest key; how many per ``table.column``."""
    counts: dict[str, int] = {}
    with db.session() as session:
        for column in encrypted_columns():
            table = column.table
            key = list(table.primary_key.columns)[0]
            raw = type_coerce(column, Text)
            rows = session.execute(select(key, raw).where(column.is_not(None))).all()
            for row_key, token in rows:
                try:
                    fresh = db.keys.rotate(token)
                except SecretUnreadable:
                    raise Unreadable(table.name, column.name, row_key) from None
                session.execute(update(table).where(key == row_key)
                                .values({column.name: type_coerce(fresh, Text)}))
            counts[f"{table.name}.{column.name}"] = len(rows)
    return counts
