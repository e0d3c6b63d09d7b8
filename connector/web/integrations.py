"""The addresses Amazon and Commerce use while a store is being connected.

- ``GET /integrations/amazon/callback``: the SP-API application's redirect URI, where Seller
  Central sends the seller's browser after consent. It opens in a window of its own, without
  the admin pages' session: the one-time ``state`` says which store being connected asked.
- ``POST /integrations/commerce/callback`` and ``GET /integrations/commerce/identity``: the
  Callback URL and Identity link URL of the integration in Commerce.

Each only completes a step of a wizard that waits for it; none creates or changes a store."""

from __future__ import annotations

import html

from flask import Blueprint, current_app, redirect, request, url_for

from connector.orders import (
    complete_activation,
    complete_authorization,
    receive_consumer,
    services_for,
)

bp = Blueprint("integrations", __name__, url_prefix="/integrations")

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Amazon Orders</title><meta name="referrer" content="no-referrer"></head>
<body>
<h1>{title}</h1><p id="outcome">{message}</p>
<p>You can close this window and go back to Add store in the Commerce admin.</p></body></html>"""


def _page(title: str, message: str, status: int):
    body = PAGE.format(title=html.escape(title), message=html.escape(message))
    return body, status, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                          "Referrer-Policy": "no-referrer",
                          "Content-Security-Policy": "default-src 'none'; "
                                                     "frame-ancestors 'none'"}


@bp.get("/amazon/callback")
def amazon_callback():
    app = current_app.extensions.get("connector_spapi_app")
    if app is None:
        return _page("Not set up", "Authorize with Amazon is not set up on this connector.", 404)
    done = complete_authorization(services_for(current_app), app, request.args.to_dict(),
                                  url_for("integrations.amazon_callback", _external=True))
    if done.ok:
        return _page("Amazon authorized", done.message, 200)
    return _page("Amazon did not authorize", done.message, 400)


@bp.post("/commerce/callback")
def commerce_callback():
    """Commerce's post when the merchant clicks Activate (server to server)."""
    answer = receive_consumer(services_for(current_app), request.form.to_dict())
    status = 200 if answer.ok else 403
    return {"ok": answer.ok, "message": answer.message}, status


@bp.get("/commerce/identity")
def commerce_identity():
    """Commerce's identity link, opened in the merchant's browser after the post."""
    answer = complete_activation(services_for(current_app),
                                 request.args.get("oauth_consumer_key", "")[:255],
                                 request.args.get("success_call_back", "")[:2000])
    if answer.ok and answer.redirect:
        response = redirect(answer.redirect, code=303)
        response.leaves_the_service = True  # to the Commerce being connected (checked)
        return response
    return _page("Commerce was not connected", answer.message, 400)
