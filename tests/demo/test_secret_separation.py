"""A demo (``CONNECTOR_SANDBOX=on``) next to a real-mode service with the same instance
folder and the same configured secrets: nothing the demo shows or hands out opens the real
one, the demo never shows the configured secrets, and it listens on loopback only."""

from __future__ import annotations

import re
from pathlib import Path

import requests

from connector.web.admin.security import COOKIE

API_KEY = "real-api-key-0123456789abcdef"
ADMIN_SECRET = "real-admin-secret-0123456789-abcdefghijklmnop"
SESSION_KEY = "real-session-key-0123456789-abcdefghijklmnop"


def listening_addresses(port: int) -> set[str]:
    """The local addresses a socket listens on for ``port`` (Linux's /proc/net/tcp*)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        for line in path.read_text().splitlines()[1:] if path.exists() else []:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_demo_never_hands_out_what_opens_the_real_service(serve, tmp_path):
    shared = {"CONNECTOR_INSTANCE_PATH": str(tmp_path / "instance"),
              "CONNECTOR_API_KEYS": API_KEY, "CONNECTOR_ADMIN_JWT_SECRET": ADMIN_SECRET,
              "CONNECTOR_SECRET_KEY": SESSION_KEY, "CONNECTOR_SCHEDULER": "off",
              "CONNECTOR_LOG_LEVEL": "WARNING"}
    demo = serve({**shared, "CONNECTOR_SANDBOX": "on"}, args=("--host", "0.0.0.0"))
    real = serve({**shared, "CONNECTOR_SANDBOX": "off"})

    # Loopback only, whatever --host said, and the console says why it is a demo.
    assert listening_addresses(demo.port) == {"0100007F"}  # 127.0.0.1
    assert "serving on 127.0.0.1, not 0.0.0.0" in demo.console
    assert "Why:              CONNECTOR_SANDBOX=on." in demo.console
    index = requests.get(f"{demo.url}/sandbox/", timeout=30).text
    for secret in (API_KEY, ADMIN_SECRET, SESSION_KEY):
        assert secret not in demo.console and secret not in index

    # The demo's own API key works on the demo only; the configured one on the real only.
    demo_key = re.search(r"Authorization: Bearer (\S+);", demo.console).group(1)
    assert demo_key in index

    def stores(server, key):
        return requests.get(f"{server.url}/api/v1/stores", timeout=30,
                            headers={"Authorization": f"Bearer {key}"}).status_code

    assert (stores(demo, demo_key), stores(real, demo_key)) == (200, 401)
    assert (stores(demo, API_KEY), stores(real, API_KEY)) == (401, 200)

    # A demo sign-in link, and the session it opens, open nothing on the real service.
    entry = requests.get(f"{demo.url}/sandbox/admin", allow_redirects=False, timeout=30)
    token = entry.headers["Location"].split("token=", 1)[1]
    refused = requests.get(f"{real.url}/admin/?token={token}", allow_redirects=False,
                           timeout=30)
    assert refused.status_code == 401
    opened = requests.get(f"{demo.url}/admin/?token={token}", allow_redirects=False,
                          timeout=30)
    assert opened.status_code == 303
    cookie = opened.cookies[COOKIE]
    assert requests.get(f"{demo.url}/admin/", cookies={COOKIE: cookie},
                        timeout=30).status_code == 200
    assert requests.get(f"{real.url}/admin/", cookies={COOKIE: cookie},
                        timeout=30).status_code == 401
