"""Start-up settings: bad values stop start-up with one line naming the variable."""

import subprocess
import sys

import pytest

from connector import create_app
from connector.config import ConfigError, load_settings


@pytest.fixture
def env(tmp_path):
    return {"CONNECTOR_INSTANCE_PATH": str(tmp_path / "inst")}


def test_defaults_put_the_database_and_keys_in_the_instance_folder(env, tmp_path):
    settings = load_settings(env)
    assert settings.database_url == f"sqlite:///{tmp_path / 'inst' / 'connector.db'}"
    assert (tmp_path / "inst" / "encryption.key").is_file()
    assert settings.scheduler is True and settings.read_only is False
    # A second start reuses the generated keys instead of making new ones.
    again = load_settings(env)
    assert again.encryption_keys == settings.encryption_keys
    assert again.generated_keys == ()


@pytest.mark.parametrize("name, value, expected", [
    ("CONNECTOR_LOG_LEVEL", "LOUD", "CONNECTOR_LOG_LEVEL"),
    ("CONNECTOR_READ_ONLY", "maybe", "CONNECTOR_READ_ONLY"),
    ("CONNECTOR_SCHEDULER", "sometimes", "CONNECTOR_SCHEDULER"),
    ("CONNECTOR_DATABASE_URL", "mysql://root@localhost/x", "CONNECTOR_DATABASE_URL"),
    ("CONNECTOR_ENCRYPTION_KEY", "not-a-key", "CONNECTOR_ENCRYPTION_KEY"),
    ("CONNECTOR_ADMIN_JWT_SECRET", "short", "CONNECTOR_ADMIN_JWT_SECRET"),
    ("CONNECTOR_COMMERCE_ADMIN_ORIGINS", "admin.example.com", "CONNECTOR_COMMERCE_ADMIN_ORIGINS"),
    ("CONNECTOR_IMPORT_CONCURRENCY", "0", "CONNECTOR_IMPORT_CONCURRENCY"),
    ("CONNECTOR_IMPORT_CONCURRENCY", "many", "CONNECTOR_IMPORT_CONCURRENCY"),
    ("CONNECTOR_WEB_THREADS", "0", "CONNECTOR_WEB_THREADS"),
    ("CONNECTOR_LOG_FORMAT", "xml", "CONNECTOR_LOG_FORMAT"),
    ("CONNECTOR_METRICS_ADDRESS", "9101", "CONNECTOR_METRICS_ADDRESS"),
    ("CONNECTOR_STORE_CONCURRENCY", "65", "CONNECTOR_STORE_CONCURRENCY"),
    ("CONNECTOR_SHUTDOWN_GRACE", "soon", "CONNECTOR_SHUTDOWN_GRACE"),
])
def test_a_bad_value_names_its_variable(env, name, value, expected):
    with pytest.raises(ConfigError) as excinfo:
        load_settings({**env, name: value})
    assert str(excinfo.value).startswith(expected + ":")


def test_postgres_urls_use_psycopg3(env):
    settings = load_settings({**env, "CONNECTOR_DATABASE_URL": "postgresql://u@h/db"})
    assert settings.database_url == "postgresql+psycopg://u@h/db"


def test_create_app_takes_overrides(tmp_path):
    app = create_app({"instance_path": str(tmp_path / "i"), "read_only": True,
                      "scheduler": False})
    settings = app.extensions["connector_settings"]
    assert settings.read_only is True and settings.scheduler is False
    app.extensions["connector_db"].dispose()


def test_the_cli_prints_one_line_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "connector.cli", "stores", "list"],
        env={"CONNECTOR_INSTANCE_PATH": str(tmp_path / "i"), "CONNECTOR_LOG_LEVEL": "LOUD",
             "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: CONNECTOR_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR, got 'LOUD'"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name, value", [
    ("CONNECTOR_API_KEYS", "k"),
    ("CONNECTOR_API_KEYS", "good-key-0123456789abcdef,x"),
    ("CONNECTOR_API_KEYS", "a" * 40),
    ("CONNECTOR_ADMIN_JWT_SECRET", " " * 40),
    ("CONNECTOR_ADMIN_JWT_SECRET", "ab" * 20),
    ("CONNECTOR_ADMIN_JWT_SECRET", "tab\there-0123456789-0123456789-0123456789"),
    ("CONNECTOR_SECRET_KEY", "short-key"),
])
def test_weak_secrets_stop_start_up(env, name, value):
    with pytest.raises(ConfigError) as excinfo:
        load_settings({**env, name: value})
    assert str(excinfo.value).startswith(f"{name}: too weak: ")


def test_strong_secrets_are_accepted(env):
    settings = load_settings({**env, "CONNECTOR_API_KEYS": "key-one-0123456789,key-two-9876543210",
                              "CONNECTOR_ADMIN_JWT_SECRET": "Zx8-q2Lm_90aBcDeFgHiJkLmNoPqRsTuV"})
    assert settings.api_keys == ("key-one-0123456789", "key-two-9876543210")


def test_a_weak_secret_is_one_line_on_the_console(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "connector.cli", "stores", "list"],
        env={"CONNECTOR_INSTANCE_PATH": str(tmp_path / "i"), "PATH": "/usr/bin:/bin",
             "CONNECTOR_ADMIN_JWT_SECRET": " " * 40},
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: CONNECTOR_ADMIN_JWT_SECRET: too weak: ")
