"""``connector admin-url``: a signed link to the admin pages, for operators and the demo."""

from __future__ import annotations

import click

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@click.command(name="admin-url",
               help="Print a link that opens the admin pages (valid for five minutes, once).")
@click.option("--user", default="admin", show_default=True,
              help="Admin user name the pages show and record in order notes.")
@click.option("--base-url", default=DEFAULT_BASE_URL, show_default=True,
              help="Where the service is reachable from the browser.")
def admin_url(user: str, base_url: str) -> None:
    from connector.cli.common import fail
    from connector.config import ConfigError, load_settings
    from connector.web.admin_token import mint

    try:
        settings = load_settings()
    except ConfigError as exc:
        fail(str(exc))
    if not settings.admin_jwt_secret:
        fail("CONNECTOR_ADMIN_JWT_SECRET is not set: the admin pages cannot be opened")
    if not user.strip():
        fail("--user: give the admin user name")
    token = mint(settings.admin_jwt_secret, user.strip())
    click.echo(f"{base_url.rstrip('/')}/admin/?token={token}")
