"""Stores for integrators: POST, PATCH, disconnect and DELETE under /api/v1, secrets
write-only, the same rules and connection check as Add store."""

from __future__ import annotations

from sqlalchemy import func, select

from connector.models import AmazonOrder, Store

KEY = {"Authorization": "Bearer onboarding-test-key-0123456789"}
SECRETS = ("sandbox-secret", "Atzr|sandbox", "sandbox-token")


def new_store(world, **fields) -> dict:
    return {"name": "API store", "region": "NA", "marketplace_ids": ["ATVPDKIKX0DER"],
            "seller_id": "A2SELLER", "lwa_client_id": "sandbox-client",
            "lwa_client_secret": "sandbox-secret", "refresh_token": "Atzr|sandbox",
            "commerce_url": world.commerce_url, "commerce_token": "sandbox-token", **fields}


def no_secret_in(answer) -> None:
    text = answer.get_data(as_text=True)
    assert not [s for s in SECRETS if s in text], text


def test_post_checks_the_connection_and_never_answers_a_secret(client, sandboxes):
    world = sandboxes
    answer = client.post("/api/v1/stores", json=new_store(world), headers=KEY)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    body = answer.json
    assert (body["name"], body["status"], body["seller_id"]) == ("API store", "Active",
                                                                 "A2SELLER")
    assert answer.headers["Location"] == f"/api/v1/stores/{body['id']}"
    no_secret_in(answer)
    no_secret_in(client.get(answer.headers["Location"], headers=KEY))


def test_post_refuses_bad_fields_and_failed_checks_saving_nothing(client, sandboxes):
    world = sandboxes
    bad = client.post("/api/v1/stores", json=new_store(world, region="EU"), headers=KEY)
    assert bad.status_code == 422
    assert "marketplace_ids" in bad.json["errors"]["json"]
    taken = client.post("/api/v1/stores", json=new_store(world, name="Demo US"), headers=KEY)
    assert taken.status_code == 422 and "exists already" in taken.json["errors"]["json"][
        "name"][0]
    failed = client.post("/api/v1/stores", json=new_store(world, commerce_token="wrong"),
                         headers=KEY)
    assert failed.status_code == 422
    assert any(line.startswith("Commerce sign-in") for line in failed.json["errors"]["json"][
        "connection"])
    with world.db().session() as session:
        assert session.scalar(select(func.count()).select_from(Store)) == 1


def test_patch_replaces_credentials_after_checking_them(client, sandboxes):
    world = sandboxes
    url = f"/api/v1/stores/{world.store_id}"
    wrong = client.patch(url, json={"refresh_token": "Atzr|stale"}, headers=KEY)
    assert wrong.status_code == 422 and "connection" in wrong.json["errors"]["json"]
    renamed = client.patch(url, json={"name": "Renamed", "refresh_token": "Atzr|sandbox"},
                           headers=KEY)
    assert renamed.status_code == 200 and renamed.json["name"] == "Renamed"
    no_secret_in(renamed)
    region = client.patch(url, json={"region": "EU"}, headers=KEY)
    assert region.status_code == 422


def test_disconnect_keeps_the_history_and_delete_removes_it(client, sandboxes):
    world = sandboxes
    world.place_order([("MUG-1", 1, "12.00")], status="UNSHIPPED")
    world.run()
    url = f"/api/v1/stores/{world.store_id}"
    both = client.patch(url, json={"status": "Disconnected", "name": "x"}, headers=KEY)
    assert both.status_code == 422
    answer = client.patch(url, json={"status": "Disconnected"}, headers=KEY)
    assert answer.status_code == 200 and answer.json["status"] == "Disconnected"
    with world.db().session() as session:
        store = session.get(Store, world.store_id)
        assert (store.refresh_token, store.lwa_client_secret, store.commerce_credentials) == (
            "", "", "{}")
        assert session.scalar(select(func.count()).select_from(AmazonOrder)) == 1
    # Active again only with credentials.
    refused = client.patch(url, json={"status": "Active"}, headers=KEY)
    assert refused.status_code == 422
    back = client.patch(url, json={"status": "Active", "lwa_client_secret": "sandbox-secret",
                                   "refresh_token": "Atzr|sandbox",
                                   "commerce_token": "sandbox-token"}, headers=KEY)
    assert back.status_code == 200 and back.json["status"] == "Active"
    assert client.delete(url, headers=KEY).status_code == 204
    assert client.get(url, headers=KEY).status_code == 404
    with world.db().session() as session:
        assert session.scalar(select(func.count()).select_from(AmazonOrder)) == 0


def test_the_openapi_document_lists_the_store_changes(client):
    paths = client.get("/api/openapi.json").json["paths"]
    assert {"post"} <= set(paths["/api/v1/stores"])
    assert {"patch", "delete"} <= set(paths["/api/v1/stores/{store_id}"])
    body = paths["/api/v1/stores"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]
