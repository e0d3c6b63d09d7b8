"""Ids in URLs: whole numbers that fit the database's 64-bit keys.

Werkzeug's ``int`` converter takes any size, and a 20-digit id made the database driver fail
with a 500. Bounded here, such an id simply matches no route: a 404 like any unknown id.
"""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**63 - 1


class IdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def id_schema(converter) -> dict:
    """How the OpenAPI document describes such a path parameter."""
    return {"type": "integer", "minimum": 0, "maximum": MAX_ID}


def init_app(app) -> None:
    app.url_map.converters["int"] = IdConverter
