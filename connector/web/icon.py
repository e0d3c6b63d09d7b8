"""``/favicon.ico``: browsers ask for it on every page (the admin pages, the demo's); a 404
each time clutters the logs and the browser's console."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Flask, Response

ICON = Path(__file__).parent / "static" / "favicon.ico"


@cache
def _icon() -> bytes:
    return ICON.read_bytes()


def init_app(app: Flask) -> None:
    @app.get("/favicon.ico")
    def favicon():
        response = Response(_icon(), mimetype="image/vnd.microsoft.icon")
        response.cache_control.public = True
        response.cache_control.max_age = 86400
        return response
