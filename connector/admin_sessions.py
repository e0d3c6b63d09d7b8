"""Admin sessions and used sign-in tokens, kept in the database so every process agrees.

- A sign-in token's id (``jti``) is recorded once, until the token expires. With several
  gunicorn workers, or after a restart, a replayed token is still refused: a memory of used
  tokens per process gave one session per worker.
- A session is a row; the cookie carries the session id, signed. Signing out, or signing in
  again, deletes the row, and the cookie then opens nothing in any process. The table keeps a
  hash of the id only.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError

from connector.db import Database
from connector.models import AdminSessionRow, UsedAdminToken, utcnow

SESSION_LIFETIME = timedelta(hours=8)  # a working day; reopening from Commerce starts anew


@dataclass(frozen=True)
class StoredSession:
    user: str
    started: datetime


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def first_use(db: Database, jti: str, expires_at: datetime) -> bool:
    """Record the token id; False when any process recorded it before. Ids of tokens that
    have expired are forgotten on the way (an expired token is refused anyway)."""
    try:
        with db.session() as session:
            session.execute(delete(UsedAdminToken).where(UsedAdminToken.expires_at < utcnow()))
            session.add(UsedAdminToken(jti=jti, expires_at=expires_at))
            session.flush()
    except IntegrityError:
        return False
    return True


def start_session(db: Database, user: str, *, replacing: str | None = None,
                  end_users_other_sessions: bool = True) -> str:
    """A new session id for ``user``. The browser's previous session (``replacing``) ends;
    so, unless told otherwise, do the user's sessions in other browsers."""
    session_id = secrets.token_urlsafe(32)
    now = utcnow()
    ended = [AdminSessionRow.expires_at < now]
    if replacing:
        ended.append(AdminSessionRow.id_hash == _hash(replacing))
    if end_users_other_sessions:
        ended.append(AdminSessionRow.user_name == user)
    with db.session() as session:
        session.execute(delete(AdminSessionRow).where(or_(*ended)))
        session.add(AdminSessionRow(id_hash=_hash(session_id), user_name=user, started_at=now,
                                    expires_at=now + SESSION_LIFETIME))
    return session_id


def find_session(db: Database, session_id: str) -> StoredSession | None:
    """The live session with this id, or None (ended, expired or never started)."""
    with db.session() as session:
        row = session.get(AdminSessionRow, _hash(session_id))
        if row is None or row.expires_at <= utcnow():
            return None
        return StoredSession(row.user_name, row.started_at)


def end_session(db: Database, session_id: str) -> None:
    with db.session() as session:
        session.execute(delete(AdminSessionRow).where(
            AdminSessionRow.id_hash == _hash(session_id)))
