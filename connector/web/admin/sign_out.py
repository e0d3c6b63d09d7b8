"""Sign out: ends the session in every process, so a copied cookie opens nothing."""

from __future__ import annotations

from flask import make_response

from connector.web.admin import security
from connector.web.admin.blueprint import bp


@bp.post("/sign-out")
def sign_out():
    page = security.refuse("You signed out. Open the page from the Commerce admin to sign in "
                           "again.", status=200)
    return security.sign_out(make_response(page))
