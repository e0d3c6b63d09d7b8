"""Typed settings from ``CONNECTOR_*`` environment variables and the instance folder.

Every variable the service reads is declared once in ``VARIABLES``; the README's configuration
table is checked against it. A bad value stops start-up with one line naming the variable.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from cryptography.fernet import Fernet


class ConfigError(Exception):
    """A setting is missing or invalid; the message names the variable."""


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    meaning: str


VARIABLES: tuple[Variable, ...] = (
    Variable("CONNECTOR_INSTANCE_PATH", "./instance",
             "Folder for the SQLite database, the generated keys and other local state."),
    Variable("CONNECTOR_DATABASE_URL", "sqlite:///<instance>/connector.db",
             "SQLAlchemy URL of the database; `postgresql://user@host/db` uses psycopg 3."),
    Variable("CONNECTOR_ENCRYPTION_KEY", "generated into `<instance>/encryption.key`",
             "Fernet key that encrypts stored secrets (LWA and Commerce credentials); several, "
             "comma-separated and newest first, while rotating (`connector keys rotate`)."),
    Variable("CONNECTOR_SECRET_KEY", "generated into `<instance>/secret.key`",
             "Key (at least 32 characters) that signs the admin pages' session and CSRF "
             "tokens."),
    Variable("CONNECTOR_LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING or ERROR."),
    Variable("CONNECTOR_LOG_FORMAT", "text",
             "`json`: one JSON object per line, with store_id, run_id and amazon_order_id "
             "where they apply; `text`: plain lines."),
    Variable("CONNECTOR_READ_ONLY", "0",
             "`1`: record but never send state-changing calls to Amazon or Commerce "
             "(for staging copies)."),
    Variable("CONNECTOR_SCHEDULER", "on",
             "`off` keeps the scheduled jobs out of the web process "
             "(run `connector scheduler` instead)."),
    Variable("CONNECTOR_IMPORT_CONCURRENCY", "4",
             "How many Commerce orders a store's run creates at once (1 to 16)."),
    Variable("CONNECTOR_WEB_THREADS", "8",
             "Requests `connector serve` answers at once (1 to 64)."),
    Variable("CONNECTOR_STORE_CONCURRENCY", "4",
             "Stores one scheduler process runs at once, each under its lease (1 to 64)."),
    Variable("CONNECTOR_SHUTDOWN_GRACE", "25",
             "Seconds a stopping process gives running store runs to reach a safe point "
             "(1 to 600)."),
    Variable("CONNECTOR_METRICS_ADDRESS", "(none)",
             "`host:port` where `connector scheduler` serves its own `/metrics` (its counters "
             "are not in the web replicas'); keep it on a private network."),
    Variable("CONNECTOR_API_KEYS", "(none)",
             "Comma-separated API keys accepted by the integrator API (each at least 16 "
             "characters)."),
    Variable("CONNECTOR_ADMIN_JWT_SECRET", "(none)",
             "Shared secret (HS256, at least 32 characters) of the signed token with which the "
             "Commerce admin opens the admin pages."),
    Variable("CONNECTOR_COMMERCE_ADMIN_ORIGINS", "(none)",
             "Space- or comma-separated origins allowed to frame the admin pages."),
    Variable("CONNECTOR_ADMIN_ONE_SESSION", "on",
             "`on`: signing in to the admin pages ends that admin user's other sessions; `off` "
             "keeps them until they expire or sign out."),
    Variable("CONNECTOR_SPAPI_APP_ID", "(none)",
             "Application id of the connector's SP-API application: with its LWA client id "
             "and secret, Add store offers Authorize with Amazon."),
    Variable("CONNECTOR_SPAPI_LWA_CLIENT_ID", "(none)",
             "LWA client id of that application."),
    Variable("CONNECTOR_SPAPI_LWA_CLIENT_SECRET", "(none)",
             "LWA client secret of that application."),
    Variable("CONNECTOR_SPAPI_DRAFT", "0",
             "`1` while the application is in draft: the consent link carries "
             "`version=beta`."),
    Variable("CONNECTOR_SANDBOX", "auto",
             "`connector serve` as a demo with stand-ins for Amazon and Commerce: `auto` when "
             "the database has no store, the instance folder is the default one and none of "
             "the database URL, keys and secrets above is set; `on` always; `off` never."),
)

#: With any of these set, ``CONNECTOR_SANDBOX=auto`` never starts the demo: someone is
#: configuring a real deployment (a database URL may carry a password, too).
DEPLOYMENT_VARIABLES = ("CONNECTOR_DATABASE_URL", "CONNECTOR_ENCRYPTION_KEY",
                        "CONNECTOR_SECRET_KEY", "CONNECTOR_API_KEYS",
                        "CONNECTOR_ADMIN_JWT_SECRET")
DEFAULT_INSTANCE = "./instance"

# Secret strength: what start-up refuses (see ``weak_secret``).
MIN_API_KEY_LENGTH = 16
MIN_SECRET_LENGTH = 32
MIN_DIFFERENT_CHARACTERS = 8


def _flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ConfigError(f"{name}: expected on/off (1/0, true/false), got {raw!r}")


def _whole(env: dict[str, str], name: str, default: str, low: int, high: int) -> int:
    raw = (env.get(name) or default).strip()
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ConfigError(f"{name}: expected a whole number from {low} to {high}, got {raw!r}")
    return int(raw)


def _sandbox(raw: str) -> str:
    if raw.strip().lower() in ("", "auto"):
        return "auto"
    try:
        return "on" if _flag("CONNECTOR_SANDBOX", raw) else "off"
    except ConfigError:
        raise ConfigError(f"CONNECTOR_SANDBOX: expected auto, on or off, got {raw!r}") from None


def _list(raw: str) -> tuple[str, ...]:
    return tuple(part for part in raw.replace(",", " ").split() if part)


def normalise_database_url(url: str) -> str:
    """Accept the plain ``postgresql://`` form and pick the psycopg 3 driver for it."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _check_database_url(url: str) -> str:
    url = normalise_database_url(url)
    scheme = urlparse(url).scheme
    if not (scheme.startswith("sqlite") or scheme.startswith("postgresql")):
        raise ConfigError(
            f"CONNECTOR_DATABASE_URL: unsupported database {scheme!r}; use sqlite:/// or "
            "postgresql://"
        )
    return url


def weak_secret(value: str, min_length: int) -> str | None:
    """Why ``value`` is too weak to guard the service, or None. Guessable values (one
    character, a run of spaces, ``aaaa...``) are refused rather than trusted."""
    if len(value) < min_length:
        return f"must be at least {min_length} characters"
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        return "must not contain spaces or control characters"
    if len(set(value)) < MIN_DIFFERENT_CHARACTERS:
        return f"must use at least {MIN_DIFFERENT_CHARACTERS} different characters"
    return None


def _strong(name: str, value: str, min_length: int) -> str:
    problem = weak_secret(value, min_length)
    if problem:
        raise ConfigError(f"{name}: too weak: {problem}; make one with: python3 -c "
                          "'import secrets; print(secrets.token_urlsafe(32))'")
    return value


def _key_from_file(path: Path, make, announce: list[str]) -> str:
    if path.exists():
        return path.read_text().strip()
    value = make()
    path.write_text(value + "\n")
    path.chmod(0o600)
    announce.append(str(path))
    return value


@dataclass(frozen=True)
class Settings:
    instance_path: Path
    database_url: str
    #: The key that encrypts, and every key that may decrypt (newest first).
    encryption_keys: tuple[str, ...]
    secret_key: str
    log_level: str = "INFO"
    log_format: str = "text"
    read_only: bool = False
    scheduler: bool = True
    import_concurrency: int = 4
    web_threads: int = 8
    store_concurrency: int = 4
    shutdown_grace: int = 25
    metrics_address: tuple[str, int] | None = None
    api_keys: tuple[str, ...] = ()
    admin_jwt_secret: str | None = None
    commerce_admin_origins: tuple[str, ...] = ()
    sandbox: str = "auto"  # auto | on | off
    spapi_app_id: str | None = None
    spapi_lwa_client_id: str | None = None
    spapi_lwa_client_secret: str | None = None
    spapi_draft: bool = False
    admin_one_session: bool = True
    testing: bool = False
    # Whether the instance folder is the default ``./instance``, and which of
    # ``DEPLOYMENT_VARIABLES`` are set: ``auto`` starts the demo only with the one and none
    # of the other.
    default_instance: bool = field(default=False, compare=False)
    deployment_settings: tuple[str, ...] = field(default=(), compare=False)
    # Key files this start-up created (for the one log line that says so).
    generated_keys: tuple[str, ...] = field(default=(), compare=False)


def load_settings(environ: dict[str, str] | None = None, **overrides) -> Settings:
    """Read and validate settings; ``overrides`` (from ``create_app(config)``) win."""
    env = dict(os.environ if environ is None else environ)
    for key, value in overrides.items():
        env[f"CONNECTOR_{key.upper()}"] = str(value) if not isinstance(value, bool) else (
            "1" if value else "0")

    instance = Path(env.get("CONNECTOR_INSTANCE_PATH") or DEFAULT_INSTANCE).expanduser().resolve()
    try:
        instance.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"CONNECTOR_INSTANCE_PATH: cannot create {instance}: "
                          f"{exc.strerror}") from None

    database_url = _check_database_url(
        env.get("CONNECTOR_DATABASE_URL") or f"sqlite:///{instance / 'connector.db'}")

    generated: list[str] = []
    encryption_key = env.get("CONNECTOR_ENCRYPTION_KEY") or _key_from_file(
        instance / "encryption.key", lambda: Fernet.generate_key().decode(), generated)
    encryption_keys = _list(encryption_key)
    for number, key in enumerate(encryption_keys, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            which = f"key {number} " if len(encryption_keys) > 1 else ""
            raise ConfigError(f"CONNECTOR_ENCRYPTION_KEY: {which}not a valid Fernet key (32 "
                              "url-safe base64-encoded bytes)") from None
    if not encryption_keys:
        raise ConfigError("CONNECTOR_ENCRYPTION_KEY: no key given")
    secret_key = env.get("CONNECTOR_SECRET_KEY") or _key_from_file(
        instance / "secret.key", lambda: secrets.token_urlsafe(32), generated)
    _strong("CONNECTOR_SECRET_KEY", secret_key, MIN_SECRET_LENGTH)

    log_level = (env.get("CONNECTOR_LOG_LEVEL") or "INFO").upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"CONNECTOR_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR, got "
                          f"{log_level!r}")

    log_format = (env.get("CONNECTOR_LOG_FORMAT") or "text").strip().lower()
    if log_format not in ("text", "json"):
        raise ConfigError(f"CONNECTOR_LOG_FORMAT: expected text or json, got {log_format!r}")

    origins = _list(env.get("CONNECTOR_COMMERCE_ADMIN_ORIGINS", ""))
    for origin in origins:
        parsed = urlparse(origin)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.path not in (
                "", "/"):
            raise ConfigError(f"CONNECTOR_COMMERCE_ADMIN_ORIGINS: {origin!r} is not an origin "
                              "like https://admin.example.com")

    raw_concurrency = env.get("CONNECTOR_IMPORT_CONCURRENCY", "4").strip()
    if not raw_concurrency.isdigit() or not 1 <= int(raw_concurrency) <= 16:
        raise ConfigError("CONNECTOR_IMPORT_CONCURRENCY: expected a whole number from 1 to 16, "
                          f"got {raw_concurrency!r}")

    web_threads = _whole(env, "CONNECTOR_WEB_THREADS", "8", 1, 64)
    store_concurrency = _whole(env, "CONNECTOR_STORE_CONCURRENCY", "4", 1, 64)
    shutdown_grace = _whole(env, "CONNECTOR_SHUTDOWN_GRACE", "25", 1, 600)

    metrics_address = None
    raw_metrics = (env.get("CONNECTOR_METRICS_ADDRESS") or "").strip()
    if raw_metrics:
        host, _, port = raw_metrics.rpartition(":")
        if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise ConfigError("CONNECTOR_METRICS_ADDRESS: expected host:port like "
                              f"127.0.0.1:9101, got {raw_metrics!r}")
        metrics_address = (host.strip("[]"), int(port))

    admin_secret = env.get("CONNECTOR_ADMIN_JWT_SECRET") or None
    if admin_secret is not None:
        _strong("CONNECTOR_ADMIN_JWT_SECRET", admin_secret, MIN_SECRET_LENGTH)
    api_keys = _list(env.get("CONNECTOR_API_KEYS", ""))
    spapi = [env.get(f"CONNECTOR_SPAPI_{name}") or None
             for name in ("APP_ID", "LWA_CLIENT_ID", "LWA_CLIENT_SECRET")]
    if any(spapi) and not all(spapi):
        raise ConfigError("CONNECTOR_SPAPI_APP_ID, CONNECTOR_SPAPI_LWA_CLIENT_ID and "
                          "CONNECTOR_SPAPI_LWA_CLIENT_SECRET: set all three, or none")
    for key in api_keys:
        _strong("CONNECTOR_API_KEYS", key, MIN_API_KEY_LENGTH)

    return Settings(
        instance_path=instance,
        database_url=database_url,
        encryption_keys=encryption_keys,
        secret_key=secret_key,
        log_level=log_level,
        log_format=log_format,
        read_only=_flag("CONNECTOR_READ_ONLY", env.get("CONNECTOR_READ_ONLY", "0")),
        scheduler=_flag("CONNECTOR_SCHEDULER", env.get("CONNECTOR_SCHEDULER", "on")),
        import_concurrency=int(raw_concurrency),
        web_threads=web_threads,
        store_concurrency=store_concurrency,
        shutdown_grace=shutdown_grace,
        metrics_address=metrics_address,
        api_keys=api_keys,
        admin_jwt_secret=admin_secret,
        commerce_admin_origins=origins,
        sandbox=_sandbox(env.get("CONNECTOR_SANDBOX", "auto")),
        spapi_app_id=spapi[0], spapi_lwa_client_id=spapi[1], spapi_lwa_client_secret=spapi[2],
        spapi_draft=_flag("CONNECTOR_SPAPI_DRAFT", env.get("CONNECTOR_SPAPI_DRAFT", "0")),
        admin_one_session=_flag("CONNECTOR_ADMIN_ONE_SESSION",
                                env.get("CONNECTOR_ADMIN_ONE_SESSION", "on")),
        testing=_flag("CONNECTOR_TESTING", env.get("CONNECTOR_TESTING", "0")),
        generated_keys=tuple(generated),
        default_instance=instance == Path(DEFAULT_INSTANCE).resolve(),
        deployment_settings=tuple(name for name in DEPLOYMENT_VARIABLES if env.get(name)),
    )
