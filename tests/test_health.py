"""Health endpoints for load balancers and integrators."""

from sqlalchemy import create_engine

from connector.db import Database


def test_liveness(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_ready_when_the_database_answers(client):
    response = client.get("/health/ready")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] is True


def test_not_ready_when_the_database_is_gone(app, client, tmp_path):
    # Point the app at a database file inside a folder that does not exist.
    broken = Database(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    broken.engine = create_engine(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    app.extensions["connector_db"] = app.extensions["connector_services"].db = broken
    response = client.get("/health/ready")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is False
    broken.dispose()


def test_unknown_health_path_is_json_404(client):
    response = client.get("/health/nope")
    assert response.status_code == 404
    assert response.get_json()["error"] == "Not Found"


def test_ready_says_when_read_only_mode_is_on(app_config):
    from connector import create_app, db

    app = create_app({**app_config, "read_only": True})
    db.upgrade(app_config["database_url"])
    body = app.test_client().get("/health/ready").get_json()
    assert body["checks"]["read_only"] == {"ok": True, "enabled": True}
    app.extensions["connector_db"].dispose()
