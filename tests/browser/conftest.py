"""Browser tests: Debian's Chromium (never a downloaded one) drives the admin pages inside an
iframe of a stand-in Commerce admin page served from another site (``localhost`` vs
``127.0.0.1``), as the Commerce admin embeds them."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from flask import Flask, request

from tests.conftest import require
from tests.servers import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
SECRET = "browser-test-admin-secret-" + "z" * 50
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"



def commerce_admin_stand_in() -> Flask:
    """A page that frames the admin pages the way the companion module's admin page does."""
    host = Flask("commerce_admin_stand_in")

    @host.get("/")
    def embed():
        src = html.escape(request.args.get("src", ""), quote=True)
        width = request.args.get("width", 1280, type=int)
        return (f"<!doctype html><title>Commerce admin</title><h1>Amazon Sales Channel</h1>"
                f'<iframe id="amazon-orders" src="{src}" width="{width}" height="1100" '
                f'style="border:0"></iframe>')

    return host


class HostServer:
    """The stand-in, reachable as ``localhost`` (the Commerce admin) or ``127.0.0.1``."""

    def __init__(self):
        self._server = LiveServer(commerce_admin_stand_in())
        self.port = self._server.port

    def url(self, host: str = "localhost") -> str:
        return f"http://{host}:{self.port}"

    def stop(self):
        self._server.stop()


@pytest.fixture
def host():
    server = HostServer()
    yield server
    server.stop()


@pytest.fixture
def app_config(app_config, host):
    """Only the stand-in Commerce admin (on ``localhost``) may frame the pages."""
    return {**app_config, "admin_jwt_secret": SECRET,
            "commerce_admin_origins": host.url("localhost")}


@pytest.fixture(scope="module")
def browser():
    require(CHROMIUM.exists(), f"Debian's Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1320, "height": 1200})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.locator("iframe#amazon-orders").screenshot(path=str(path))
    return path
