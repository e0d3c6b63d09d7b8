"""Browsers ask for /favicon.ico on every page: it is there, not a 404."""


def test_favicon_is_served(client):
    answer = client.get("/favicon.ico")
    assert answer.status_code == 200
    assert answer.mimetype == "image/vnd.microsoft.icon"
    assert answer.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
