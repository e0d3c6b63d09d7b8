"""``connector map``: an Amazon order JSON in, the Commerce body out."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from connector.cli import main

DATA = Path(__file__).parent / "data"


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, stdin=None):
        return runner.invoke(main, ["map", *map(str, args)], input=stdin)

    return invoke


def test_maps_a_v2026_file(run):
    result = run(DATA / "us-mfn-unshipped.v2026.json")
    assert result.exit_code == 0, result.stderr
    body = json.loads(result.stdout, parse_float=Decimal)
    assert body["entity"]["ext_order_id"] == "113-0000001-0000001"
    assert body["entity"]["grand_total"] == Decimal("58.03")
    assert "58.03" in result.stdout
    assert result.stderr == ""


def test_maps_a_v0_file(run):
    result = run(DATA / "de-mfn-partially-shipped.v0.json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["entity"]["order_currency_code"] == "EUR"


def test_reads_standard_input_and_takes_v0_address_and_buyer_payloads(run, tmp_path):
    document = json.loads((DATA / "de-mfn-partially-shipped.v0.json").read_text())
    del document["order"]["ShippingAddress"], document["order"]["BuyerInfo"]
    document["address"] = {"AmazonOrderId": "304-0000003-0000003", "ShippingAddress": {
        "Name": "Erika Musterfrau", "AddressLine1": "Ring 1", "City": "Köln",
        "StateOrRegion": "NW", "PostalCode": "50667", "CountryCode": "DE", "Phone": "0221 1"}}
    document["buyer"] = {"BuyerEmail": "em@marketplace.amazon.de", "BuyerName": "Erika M"}
    # Commerce's own region list, as GET /V1/directory/countries answers it (2.4.8's codes).
    directory = tmp_path / "countries.json"
    directory.write_text(json.dumps([{"id": "DE", "available_regions": [
        {"id": "88", "code": "NRW", "name": "Nordrhein-Westfalen"}]}]))
    result = run("-", "--regions", directory, stdin=json.dumps(document))
    assert result.exit_code == 0, result.stderr
    billing = json.loads(result.stdout)["entity"]["billing_address"]
    assert (billing["city"], billing["region_code"], billing["email"]) == (
        "Köln", "NRW", "em@marketplace.amazon.de")


def test_findings_go_to_stderr_one_per_line(run):
    result = run(DATA / "jp-fba-shipped.v2026.json")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "pii_missing: Amazon did not provide name, street, telephone, email; "
        "placeholders were sent"]
    document = json.loads((DATA / "us-mfn-unshipped.v2026.json").read_text())
    document["order"]["proceeds"]["grandTotal"]["amount"] = "60.03"
    result = run("-", stdin=json.dumps(document))
    assert result.exit_code == 0
    assert result.stderr.startswith("total_mismatch: grand total 58.03 USD differs from "
                                    "Amazon's order total 60.03 USD by 2.00")
    assert json.loads(result.stdout)["entity"]["grand_total"] == 58.03


def test_settings_file(run, tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"order_number_source": "amazon", "store_id": 4}))
    result = run("--settings", settings, DATA / "us-mfn-unshipped.v2026.json")
    entity = json.loads(result.stdout)["entity"]
    assert (entity["increment_id"], entity["store_id"]) == ("113-0000001-0000001", 4)


def test_bad_settings_name_the_field(run, tmp_path):
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"store_id": "one"}))
    result = run("--settings", settings, DATA / "us-mfn-unshipped.v2026.json")
    assert result.exit_code == 2
    assert result.stderr == "error: settings: store_id: must be a whole number\n"
    assert result.stdout == ""


def test_bad_json_exits_2_without_a_traceback(run):
    result = run("-", stdin='{"order": ')
    assert result.exit_code == 2
    assert result.stderr.startswith("error: standard input is not valid JSON")
    assert "Traceback" not in result.output


def test_a_missing_field_is_named(run):
    document = json.loads((DATA / "us-mfn-unshipped.v2026.json").read_text())
    del document["order"]["orderItems"][1]["orderItemId"]
    result = run("-", stdin=json.dumps(document))
    assert result.exit_code == 2
    assert result.stderr == ("error: standard input: orderItems[1].orderItemId: "
                             "required field is missing\n")
    assert result.stdout == ""


@pytest.mark.parametrize("document, field", [
    ([], "order"), ({"orders": []}, "order"), ({"order": {"AmazonOrderId": "1"}},
                                                 "OrderStatus"),
    ({"order": {"AmazonOrderId": "1"}, "items": [], "address": 3}, "address"),
])
def test_wrong_shapes_are_named(run, document, field):
    result = run("-", stdin=json.dumps(document))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: standard input: {field}: ")


def test_a_missing_file_is_a_usage_error(run, tmp_path):
    result = run(tmp_path / "nope.json")
    assert result.exit_code == 2
    assert "nope.json" in result.stderr
