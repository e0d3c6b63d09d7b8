"""``connector resync``: the same resync from the command line, with a summary line."""

from tests.api.conftest import AUTH


def test_resync_by_order_twice_imports_once(cli, client, connected):
    world = connected
    oid = world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    first = cli("resync", "--store", world.store_id, "--order", oid)
    assert first.exit_code == 0, first.output
    summary = first.stdout.strip().splitlines()[-1]
    assert summary.endswith(": fetched 1, created 1, already imported 0, blocked 0, failed 0, "
                            "skipped 0, not found 0")
    assert "Fetching from Amazon" in first.stderr
    second = cli("resync", "--store", world.store_id, "--order", oid)
    assert second.exit_code == 0
    assert "fetched 1, created 0, already imported 1" in second.stdout
    assert len(world.commerce_orders()) == 1
    # Recorded like an API resync: an integrator can read it.
    resync_id = summary.split()[1]
    body = client.get(f"/api/v1/resyncs/{resync_id}", headers=AUTH).get_json()
    assert body["state"] == "done" and body["counts"]["created"] == 1


def test_bad_input_names_the_option_and_exits_2(cli, connected):
    result = cli("resync", "--store", connected.store_id)
    assert result.exit_code == 2
    assert "error: Give --order or --since." in result.stderr
    result = cli("resync", "--store", connected.store_id, "--since", "soon")
    assert result.exit_code == 2
    assert "error: --since: Not a valid datetime." in result.stderr
    result = cli("resync", "--store", connected.store_id, "--order", "nope")
    assert result.exit_code == 2
    assert "error: --order: Not an Amazon order id" in result.stderr
    result = cli("resync", "--store", 99, "--order", "113-0000000-0000001")
    assert result.exit_code == 2
    assert "error: no store with id 99" in result.stderr


def test_a_failed_resync_exits_1_with_the_reason(cli, connected):
    connected.amazon_faults(error_rate=1)
    result = cli("resync", "--store", connected.store_id, "--order", "113-0000000-0000001")
    assert result.exit_code == 1
    assert " failed: " in result.stdout
    assert "error: Amazon: " in result.stdout
