"""Shared fixtures: an app on a fresh database per test, a CLI runner, a live HTTP server.

Prerequisites a laptop may lack (PostgreSQL, Chromium, the contract fixtures) skip with a clear
reason, except under ``CONNECTOR_REQUIRE_ALL=1`` (CI), where a missing one fails the test.

``CONNECTOR_TEST_DATABASE_URL`` (a PostgreSQL URL) runs the whole suite on PostgreSQL: each
test gets its own fresh schema, dropped afterwards, so runs never see each other's data.
Each test's app starts from a copy of a database migrated once per session (per xdist worker,
``tests/databases.py``); the tests of the migrations run them for real.
"""

from __future__ import annotations

import os

import pytest

from tests.databases import (
    PostgresTemplate,
    SqliteTemplate,
    finish_background_work,
    fresh_postgres_schema,
    postgres_problem,
)
from tests.servers import LiveServer

REQUIRE_ALL = os.environ.get("CONNECTOR_REQUIRE_ALL") == "1"
POSTGRES_URL = os.environ.get("CONNECTOR_TEST_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/test")
SUITE_DATABASE_URL = os.environ.get("CONNECTOR_TEST_DATABASE_URL")


def require(condition: bool, reason: str) -> None:
    """Skip (locally) or fail (``CONNECTOR_REQUIRE_ALL=1``) when a prerequisite is absent."""
    if condition:
        return
    if REQUIRE_ALL:
        pytest.fail(f"prerequisite missing under CONNECTOR_REQUIRE_ALL=1: {reason}",
                    pytrace=False)
    pytest.skip(reason)


def require_suite_database() -> None:
    problem = postgres_problem(SUITE_DATABASE_URL)
    if problem:
        pytest.fail(f"CONNECTOR_TEST_DATABASE_URL not reachable: {problem}", pytrace=False)


def pytest_sessionfinish(session):
    """Used PostgreSQL schemas are dropped by a thread beside the tests: wait for it."""
    finish_background_work()


def pytest_collection_modifyitems(items):
    """Marks ``suite_database`` the tests that run on the suite's database: only they differ
    between a run on SQLite and one with ``CONNECTOR_TEST_DATABASE_URL``."""
    for item in items:
        if "database_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.suite_database)


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL schema (tests marked ``postgres``)."""
    problem = postgres_problem(POSTGRES_URL)
    require(problem is None, f"PostgreSQL not reachable at {POSTGRES_URL} ({problem})")
    with fresh_postgres_schema(POSTGRES_URL) as url:
        yield url


@pytest.fixture
def database_url(tmp_path):
    """The database this test runs on: SQLite, or a fresh PostgreSQL schema when the suite
    runs with ``CONNECTOR_TEST_DATABASE_URL``."""
    if SUITE_DATABASE_URL:
        require_suite_database()
        with fresh_postgres_schema(SUITE_DATABASE_URL) as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'connector.db'}"


@pytest.fixture
def app_config(tmp_path, database_url):
    return {"instance_path": str(tmp_path / "instance"), "database_url": database_url,
            "testing": True, "scheduler": False}


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """The database after every migration, made once per session (per xdist worker)."""
    if not SUITE_DATABASE_URL:
        yield SqliteTemplate(tmp_path_factory.mktemp("template") / "migrated.db")
        return
    require_suite_database()
    with fresh_postgres_schema(SUITE_DATABASE_URL, prefix="template") as url:
        template = PostgresTemplate(SUITE_DATABASE_URL, url)
        yield template
        template.discard_spares()


@pytest.fixture
def app(app_config, migrated_database):
    """The connector on this test's database, migrated (a copy of ``migrated_database``)."""
    from connector import create_app

    migrated_database.restore(app_config["database_url"])
    app = create_app(app_config)
    yield app
    worker = app.extensions.get("connector_resync_worker")
    if worker is not None:  # a resync still running holds a connection the dispose would leak
        worker.join()
    app.extensions["connector_db"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def cli(monkeypatch, app_config):
    """Runs ``connector ...`` in-process with this test's instance folder and database."""
    from click.testing import CliRunner

    from connector.cli import main

    monkeypatch.setenv("CONNECTOR_INSTANCE_PATH", app_config["instance_path"])
    monkeypatch.setenv("CONNECTOR_DATABASE_URL", app_config["database_url"])
    runner = CliRunner()

    def run(*args, **kwargs):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return run


@pytest.fixture
def live_server():
    """``live_server(app)`` -> a ``LiveServer`` with ``.url``; stopped after the test."""
    servers: list[LiveServer] = []

    def start(app) -> LiveServer:
        server = LiveServer(app)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def serve(tmp_path):
    """``serve(env, cwd=..., args=...)`` -> a running ``connector serve`` process
    (``tests/servers.py``) with only the given ``CONNECTOR_*`` settings; stopped after the
    test."""
    from tests.servers import Served

    started: list[Served] = []

    def start(env: dict[str, str], **kwargs) -> Served:
        server = Served(env, tmp_path, **kwargs)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    # Their log lines (access log included) reach no caplog: scan the files themselves.
    leaks = [f"{server.log_path.name}: {marker!r}" for server in started
             for marker in SECRET_MARKERS + PII_MARKERS if marker in server.log]
    assert not leaks, "secret or PII in a server's log:\n" + "\n".join(leaks)


@pytest.fixture(scope="module")
def sqs():
    """Amazon SQS on moto's server for the module's tests (``tests/sqs.py``)."""
    from tests.sqs import start_moto

    server, queues = start_moto()
    yield queues
    server.stop()


@pytest.fixture
def world(app, live_server):
    """Both sandboxes over real HTTP and a store connected to them (``tests/e2e/world.py``)."""
    from tests.e2e.world import make_world

    w = make_world(app, live_server)
    yield w
    w.http.close()


# Secrets and buyer PII the suite's data carries. No log line of any test may contain them.
SECRET_MARKERS = ("sandbox-secret", "Atzr|sandbox", "sandbox-token", "lwa-secret",
                  "s3cr3t", "refresh-value", "commerce-token-789")
PII_MARKERS = ("@marketplace.amazon.com", "1420 Maple Avenue", "Jane Doe", "Emma Taylor")


@pytest.fixture(autouse=True)
def no_secret_or_pii_in_logs(caplog):
    """Scans every log record of every test (the service's, werkzeug's, the libraries')."""
    yield
    leaks = []
    for when in ("setup", "call", "teardown"):
        for record in caplog.get_records(when):
            if record.name.startswith("sqlalchemy.engine"):
                continue  # enabled on purpose by one test that checks parameters are encrypted
            line = record.getMessage()
            leaks += [f"{record.name}: {marker!r} in {line[:200]!r}"
                      for marker in SECRET_MARKERS + PII_MARKERS if marker in line]
    assert not leaks, "secret or PII in a log line:\n" + "\n".join(leaks)
