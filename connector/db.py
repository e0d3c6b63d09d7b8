"""The database: one engine per app, sessions with explicit transactions, migrations."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from connector.crypto import DIALECT_ATTRIBUTE, KeyRing

MIGRATIONS = Path(__file__).parent / "migrations"


SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def private_sqlite_file(url: str) -> None:
    """Create a SQLite database file readable by its owner only (0600), and tighten one
    that exists: it holds buyers' data and encrypted credentials. SQLite gives its -wal and
    -journal files the database file's permissions."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return
    path = Path(parsed.database)
    if parsed.database.startswith("file:") or not path.parent.is_dir():
        return
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for suffix in SQLITE_COMPANIONS:
        companion = Path(f"{path}{suffix}")
        if companion.exists():
            companion.chmod(0o600)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        private_sqlite_file(url)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


class Database:
    """Engine and session factory; ``with db.session() as s:`` commits or rolls back.

    ``keys`` encrypt and decrypt the stored secrets of this database (see ``connector.crypto``);
    without them, reading or writing a secret column fails."""

    def __init__(self, url: str, keys: KeyRing | None = None):
        self.url = url
        self.keys = keys
        self.engine = make_engine(url)
        setattr(self.engine.dialect, DIALECT_ATTRIBUTE, keys)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self):
        session: Session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    private_sqlite_file(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def init_app(app: Flask, url: str, keys: KeyRing) -> Database:
    db = Database(url, keys)
    app.extensions["connector_db"] = db
    return db


def get_db() -> Database:
    return current_app.extensions["connector_db"]
