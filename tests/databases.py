"""Test databases: a fresh PostgreSQL schema per test, and a migrated template that each test's
app starts from instead of running every migration again.

The template is made once per test session (once per xdist worker) by the real migrations. A
test's SQLite file is a copy of it; a test's PostgreSQL schema is filled by replaying the
template's ``pg_dump`` (tables, indexes, sequences and the Alembic version, renamed to the test's
schema), which takes a tenth of the migrations' time. Without ``pg_dump`` each test migrates.

Replaying the dump and dropping a used schema still cost most of a second of DDL per test, so a
thread beside the tests does both: it keeps a filled spare schema ready, which a test's empty
schema is swapped for by a rename, and it drops used schemas while the next test runs.
"""

from __future__ import annotations

import queue
import re
import shutil
import subprocess
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg

SCHEMA_OPTION = re.compile(r"options=-csearch_path%3D(\w+)")


def postgres_problem(url: str) -> str | None:
    """Why PostgreSQL at ``url`` cannot be used, or None when it can."""
    try:
        with psycopg.connect(url, connect_timeout=3):
            return None
    except Exception as exc:  # any failure means "not here"
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc) else ''}"


@contextmanager
def fresh_postgres_schema(url: str, prefix: str = "t"):
    """A new empty schema; yields a SQLAlchemy URL whose search_path points at it."""
    from connector.config import normalise_database_url

    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in url else "?"
    try:
        yield normalise_database_url(f"{url}{sep}options=-csearch_path%3D{schema}")
    finally:
        _background(url).drop(schema)


class _SchemaWorker:
    """One thread per server that fills spare schemas ahead of the tests and drops used ones."""

    def __init__(self, server_url: str):
        self.server_url = server_url
        self.jobs: queue.Queue = queue.Queue()
        self.pending = 0
        self.idle = threading.Condition()
        self.thread = threading.Thread(target=self._run, daemon=True, name="test-schemas")
        self.thread.start()

    def submit(self, job) -> None:
        with self.idle:
            self.pending += 1
        self.jobs.put(job)

    def drop(self, schema: str) -> None:
        self.submit(lambda conn: conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))

    def wait(self) -> None:
        """Until every job so far is done (the end of the session)."""
        with self.idle:
            self.idle.wait_for(lambda: self.pending == 0, timeout=120)

    def _run(self) -> None:
        with psycopg.connect(self.server_url, autocommit=True) as conn:
            while True:
                job = self.jobs.get()
                try:
                    job(conn)
                except Exception:  # noqa: BLE001 - a failed spare is made again on demand
                    pass
                finally:
                    with self.idle:
                        self.pending -= 1
                        self.idle.notify_all()


_WORKERS: dict[str, _SchemaWorker] = {}
_WORKERS_LOCK = threading.Lock()


def _background(server_url: str) -> _SchemaWorker:
    with _WORKERS_LOCK:
        if server_url not in _WORKERS:
            _WORKERS[server_url] = _SchemaWorker(server_url)
        return _WORKERS[server_url]


def finish_background_work() -> None:
    """Drops what is still queued: the end of a test session."""
    for worker in list(_WORKERS.values()):
        worker.wait()


def schema_of(url: str) -> str:
    return SCHEMA_OPTION.search(url).group(1)


class SqliteTemplate:
    """A migrated SQLite file; a test's database is a copy of it."""

    def __init__(self, path: Path):
        from connector import db

        self.path = path
        db.upgrade(f"sqlite:///{path}")

    def restore(self, url: str) -> None:
        shutil.copyfile(self.path, url.removeprefix("sqlite:///"))


class PostgresTemplate:
    """A migrated schema on the suite's server, as the SQL that rebuilds it in another schema."""

    def __init__(self, server_url: str, migrated_url: str):
        from connector import db

        self.server_url = server_url
        self.schema = schema_of(migrated_url)
        db.upgrade(migrated_url)
        self.sql = self._dump()
        self.spares: queue.Queue = queue.Queue()
        if self.sql is not None:
            self._make_spare()

    def _dump(self) -> str | None:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            return None
        done = subprocess.run([pg_dump, "--no-owner", "--no-privileges", "--inserts",
                               f"--schema={self.schema}", f"--dbname={self.server_url}"],
                              capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:  # e.g. a pg_dump older than the server: migrate instead
            return None
        # Meta-commands (``\restrict``) are psql's, and the test's schema exists already.
        lines = [line for line in done.stdout.splitlines()
                 if not line.startswith("\\") and not line.startswith("CREATE SCHEMA ")]
        return "\n".join(lines)

    def restore(self, url: str) -> None:
        if self.sql is None:
            from connector import db

            db.upgrade(url)
            return
        spare = self.spares.get(timeout=120)
        self._make_spare()  # for the next test, made while this one runs
        with psycopg.connect(self.server_url, autocommit=True) as conn:
            # Sequences are bound to their tables by OID, so the rename keeps them.
            conn.execute(f'DROP SCHEMA "{schema_of(url)}"; '
                         f'ALTER SCHEMA "{spare}" RENAME TO "{schema_of(url)}"')

    def _make_spare(self) -> None:
        spare = f"spare_{uuid.uuid4().hex[:12]}"

        def fill(conn) -> None:
            try:
                with conn.transaction():
                    conn.execute(f'CREATE SCHEMA "{spare}"')
                    # The template's name is unique (a uuid): it appears only where it names
                    # the schema.
                    conn.execute(self.sql.replace(self.schema, spare))
            finally:
                self.spares.put(spare)  # a failed fill shows as the test's missing tables

        _background(self.server_url).submit(fill)

    def discard_spares(self) -> None:
        worker = _background(self.server_url)
        worker.wait()
        while not self.spares.empty():
            worker.drop(self.spares.get())
        worker.wait()
