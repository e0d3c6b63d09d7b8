"""The `connector` command: stores are added only when every option is valid."""

import json
import logging

import pytest
from sqlalchemy import create_engine, text

GOOD = ["stores", "add", "--name", "US store", "--region", "NA",
        "--marketplace", "ATVPDKIKX0DER", "--marketplace", "A2EUQ1WTGCTBG2",
        "--seller-id", "A1SELLER", "--lwa-client-id", "amzn1.application-oa2-client.abc",
        "--lwa-client-secret", "lwa-secret-s3cr3t", "--refresh-token", "Atzr|refresh-s3cr3t",
        "--commerce-url", "https://shop.example.com", "--commerce-token", "tok-s3cr3t"]


def store_count(url):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM stores")).scalar()
    finally:
        engine.dispose()


@pytest.fixture
def migrated(cli, app_config):
    result = cli("db", "upgrade")
    assert result.exit_code == 0, result.output
    return app_config["database_url"]


def test_add_list_and_show_a_store(cli, migrated):
    result = cli(*GOOD)
    assert result.exit_code == 0, result.output
    assert "added store 1: US store" in result.output
    listing = cli("stores", "list", "--json")
    stores = json.loads(listing.output)
    assert [s["name"] for s in stores] == ["US store"]
    assert stores[0]["marketplace_ids"] == ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"]
    shown = cli("stores", "show", "1")
    assert json.loads(shown.output)["region"] == "NA"


@pytest.mark.parametrize("change, field", [
    ({"--region": "XX"}, "region"),
    ({"--marketplace": "A1PA6795UKMFR9"}, "marketplace_ids"),  # a German id in region NA
    ({"--marketplace": "NOPE"}, "marketplace_ids"),
    ({"--commerce-url": "shop.example.com"}, "commerce_url"),
    ({"--commerce-token": None}, "commerce_token"),
    ({"--integration-time": "yesterday"}, "integration_time"),
])
def test_bad_input_names_the_field_and_writes_nothing(cli, migrated, change, field):
    args = list(GOOD)
    for option, value in change.items():
        if option not in args:
            args += [option, value]
            continue
        i = args.index(option)
        if value is None:
            del args[i:i + 2]
        else:
            args[i + 1] = value
    result = cli(*args)
    assert result.exit_code == 2
    assert f"error: {field}:" in result.output
    assert store_count(migrated) == 0


def test_a_second_store_with_the_same_name_is_refused(cli, migrated):
    assert cli(*GOOD).exit_code == 0
    result = cli(*GOOD)
    assert result.exit_code == 2
    assert "error: name: A store named 'US store' exists already." in result.output
    assert store_count(migrated) == 1


def test_show_an_unknown_store(cli, migrated):
    result = cli("stores", "show", "42")
    assert result.exit_code == 2
    assert "no store with id 42" in result.output


def test_secrets_never_reach_logs_or_output(cli, migrated, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    try:
        outputs = [cli(*GOOD).output, cli("stores", "list", "--json").output,
                   cli("stores", "show", "1").output]
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    everything = caplog.text + "".join(outputs)
    assert "INSERT INTO stores" in caplog.text  # the SQL was logged, with its parameters
    for secret in ("lwa-secret-s3cr3t", "refresh-s3cr3t", "tok-s3cr3t"):
        assert secret not in everything


def test_migrations_leave_an_empty_database_usable(cli, migrated):
    result = cli("db", "downgrade", "base")
    assert result.exit_code == 0
    assert cli("db", "upgrade").exit_code == 0
    assert store_count(migrated) == 0


def test_help_lists_every_command(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for command in ("serve", "scheduler", "db", "stores", "sandbox", "map", "resync",
                    "admin-url"):
        assert f"  {command}" in result.output


def test_stores_check_against_the_sandboxes(cli, migrated, live_server):
    """`connector stores check`: one line per check, exit code 0 only when all pass."""
    from connector.sandbox.amazon import create_amazon_sandbox
    from connector.sandbox.commerce import create_commerce_sandbox

    amazon = live_server(create_amazon_sandbox(samples=False)).url
    commerce = live_server(create_commerce_sandbox()).url
    sandboxes = ["--amazon-endpoint", amazon, "--amazon-lwa-url", f"{amazon}/auth/o2/token",
                 "--lwa-client-id", "sandbox-client", "--lwa-client-secret", "sandbox-secret",
                 "--refresh-token", "Atzr|sandbox", "--commerce-url", commerce]
    base = ["stores", "add", "--region", "NA", "--marketplace", "ATVPDKIKX0DER",
            "--seller-id", "A1SELLER", *sandboxes]
    assert cli(*base, "--name", "Good", "--commerce-token", "sandbox-token").exit_code == 0
    assert cli(*base, "--name", "Revoked", "--commerce-token", "revoked-789").exit_code == 0

    good = cli("stores", "check", "1")
    assert good.exit_code == 0, good.output
    lines = good.output.splitlines()
    assert lines[0] == "store 1: Good"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "  ok    Amazon sign-in", "  ok    Amazon marketplace ATVPDKIKX0DER",
        "  ok    Commerce sign-in", "  ok    Commerce store view", "  ok    Payment method",
        "  ok    Shipping method"]

    every = cli("stores", "check")
    assert every.exit_code == 1, every.output
    assert "store 2: Revoked" in every.output
    assert ("  FAIL  Commerce sign-in: Commerce answered 401: the integration token was revoked"
            in every.output)

    unknown = cli("stores", "check", "99")
    assert unknown.exit_code == 2 and "no store with id 99" in unknown.output
