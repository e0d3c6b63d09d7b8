"""``connector keys rotate``, as an operator runs it: new key first, old key after it; then the
old key is no longer needed. A key missing or wrong: one line, nothing changed."""

from __future__ import annotations

import json

from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text

from tests.test_cli import GOOD

OLD, NEW, OTHER = (Fernet.generate_key().decode() for _ in range(3))


def raw_secrets(url) -> list[tuple]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT id, lwa_client_secret, refresh_token, "
                                     "commerce_credentials FROM stores ORDER BY id")).all()
    finally:
        engine.dispose()


def with_key(monkeypatch, keys: str) -> None:
    monkeypatch.setenv("CONNECTOR_ENCRYPTION_KEY", keys)


def add_two_stores(cli, monkeypatch):
    with_key(monkeypatch, OLD)
    assert cli("db", "upgrade").exit_code == 0
    assert cli(*GOOD).exit_code == 0
    second = [a if a != "US store" else "Second store" for a in GOOD]
    assert cli(*second).exit_code == 0


def test_rotation_re_encrypts_every_secret_and_the_old_key_goes(cli, app_config,
                                                                monkeypatch):
    add_two_stores(cli, monkeypatch)
    url = app_config["database_url"]
    before = raw_secrets(url)

    with_key(monkeypatch, f"{NEW},{OLD}")
    result = cli("keys", "rotate")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "stores.lwa_client_secret: 2 re-encrypted", "stores.refresh_token: 2 re-encrypted",
        "stores.commerce_credentials: 2 re-encrypted",
        "store_wizards.lwa_client_secret: 0 re-encrypted",
        "store_wizards.refresh_token: 0 re-encrypted",
        "store_wizards.commerce_credentials: 0 re-encrypted",
        "store_wizards.commerce_handshake: 0 re-encrypted",
        "6 secret(s) now encrypted with the first of 2 key(s); the others are no longer "
        "needed."]
    after = raw_secrets(url)
    new = Fernet(NEW.encode())
    for old_row, new_row in zip(before, after, strict=True):
        for old_token, new_token in zip(old_row[1:], new_row[1:], strict=True):
            assert new_token != old_token
            assert new.decrypt(new_token.encode()) == Fernet(OLD.encode()).decrypt(
                old_token.encode())

    # the new key alone reads everything back; the secrets never show
    with_key(monkeypatch, NEW)
    shown = cli("stores", "show", "1")
    assert shown.exit_code == 0 and "s3cr3t" not in shown.output
    from connector import create_app
    app = create_app({"database_url": url, "instance_path": app_config["instance_path"]})
    try:
        from connector.models import Store
        with app.extensions["connector_db"].session() as session:
            store = session.get(Store, 2)
            assert store.lwa_client_secret == "lwa-secret-s3cr3t"
            assert store.refresh_token == "Atzr|refresh-s3cr3t"
            assert json.loads(store.commerce_credentials) == {"token": "tok-s3cr3t"}
    finally:
        app.extensions["connector_db"].dispose()


def test_without_the_old_key_nothing_changes(cli, app_config, monkeypatch):
    add_two_stores(cli, monkeypatch)
    url = app_config["database_url"]
    before = raw_secrets(url)
    with_key(monkeypatch, f"{NEW},{OTHER}")  # the old key left out
    result = cli("keys", "rotate")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == ["error: stores.lwa_client_secret of row 1 cannot be decrypted with any key "
                     "in CONNECTOR_ENCRYPTION_KEY: give the new key first and the old one "
                     "after it (comma-separated); nothing was changed"]
    assert raw_secrets(url) == before


def test_a_malformed_key_is_one_clear_line(cli, app_config, monkeypatch):
    add_two_stores(cli, monkeypatch)
    before = raw_secrets(app_config["database_url"])
    with_key(monkeypatch, f"{NEW},not-a-key")
    result = cli("keys", "rotate")
    assert result.exit_code == 2
    assert result.output.strip() == ("error: CONNECTOR_ENCRYPTION_KEY: key 2 not a valid "
                                     "Fernet key (32 url-safe base64-encoded bytes)")
    assert raw_secrets(app_config["database_url"]) == before
