"""Credentials never ride in a store's URLs: refused when a store is added, and never shown
(API, readiness, error texts) for a store that has them from before."""

from sqlalchemy import update

from connector.models import Store
from connector.orders.commerce_lists import read_lists
from tests.api.conftest import AUTH

PASSWORD = "s3cr3t-pass"  # also one of the suite's log markers: no log line may carry it


def test_a_url_with_credentials_or_a_query_is_refused_by_field(app, cli):
    base = ["stores", "add", "--name", "US", "--region", "NA", "--marketplace",
            "ATVPDKIKX0DER", "--seller-id", "A1", "--lwa-client-id", "c",
            "--lwa-client-secret", "s", "--refresh-token", "r", "--commerce-token", "t"]
    result = cli(*base, "--commerce-url", f"https://ops:{PASSWORD}@shop.example.com")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: commerce_url: Must not contain a user name or "
                                    "password: give credentials in their own fields")
    result = cli(*base, "--commerce-url", "https://shop.example.com",
                 "--amazon-lwa-url", f"https://lwa.example.com/token?secret={PASSWORD}")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: amazon_lwa_url: Must not contain a query")
    assert PASSWORD not in cli("stores", "list", "--json").stdout


def test_credentials_in_an_older_store_url_never_show(client, connected):
    world = connected
    with world.db().session() as session:
        session.execute(update(Store).values(
            commerce_url=world.commerce_url.replace("http://", f"http://ops:{PASSWORD}@")))
    world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.commerce_faults(error_rate=1)
    world.run()

    stores = client.get("/api/v1/stores", headers=AUTH)
    [store] = stores.get_json()["stores"]
    assert f"{world.commerce_url}/rest/" in store["sync"]["last_commerce_error"]
    assert store["commerce_url"] == world.commerce_url
    ready = client.get("/health/ready")
    with world.db().session() as session:
        lists = read_lists(world.lifecycle, session.get(Store, world.store_id))
    assert lists.problem is not None
    for text in (stores.get_data(as_text=True), ready.get_data(as_text=True), lists.problem):
        assert PASSWORD not in text
