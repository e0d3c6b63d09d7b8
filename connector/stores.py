"""Adding and reading Amazon stores, with field-level validation shared by the CLI and API."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from connector.domain import StoreStatus
from connector.marketplaces import MARKETPLACES, REGIONS
from connector.models import OrderSettings, Store, SyncState
from connector.urls import secret_parts, without_secrets


def _url(value: str) -> None:
    """An http(s) URL with nothing secret in it: credentials go in their own (encrypted)
    fields, while a URL is shown in the API, on pages and in error texts."""
    validate.URL(schemes={"http", "https"}, require_tld=False)(value)
    found = secret_parts(value)
    if found:
        raise ValidationError(f"Must not contain {' or '.join(found)}: give credentials in "
                              "their own fields, where they are stored encrypted.")


class NewStoreSchema(Schema):
    """What it takes to connect one Amazon seller account to Commerce."""

    name = fields.String(required=True, validate=validate.Length(1, 120))
    region = fields.String(required=True, validate=validate.OneOf(REGIONS))
    marketplace_ids = fields.List(fields.String(), required=True,
                                  validate=validate.Length(min=1, max=50))
    seller_id = fields.String(required=True, validate=validate.Length(1, 64))
    lwa_client_id = fields.String(required=True, validate=validate.Length(1, 255))
    lwa_client_secret = fields.String(required=True, validate=validate.Length(1, 1000),
                                      load_only=True)
    refresh_token = fields.String(required=True, validate=validate.Length(1, 2000),
                                  load_only=True)
    amazon_api = fields.String(load_default="v2026", validate=validate.OneOf(["v2026", "v0"]))
    amazon_endpoint = fields.String(load_default=None, allow_none=True, validate=_url)
    amazon_lwa_url = fields.String(load_default=None, allow_none=True, validate=_url)
    commerce_url = fields.String(required=True, validate=_url)
    commerce_store_code = fields.String(load_default="default",
                                        validate=validate.Regexp(r"^[a-z0-9_]{1,64}$"))
    commerce_website = fields.String(load_default=None, allow_none=True)
    commerce_token = fields.String(load_default=None, allow_none=True, load_only=True)
    commerce_consumer_key = fields.String(load_default=None, allow_none=True, load_only=True)
    commerce_consumer_secret = fields.String(load_default=None, allow_none=True, load_only=True)
    commerce_access_token = fields.String(load_default=None, allow_none=True, load_only=True)
    commerce_access_token_secret = fields.String(load_default=None, allow_none=True,
                                                 load_only=True)
    status = fields.String(load_default=StoreStatus.ACTIVE,
                           validate=validate.OneOf([StoreStatus.ACTIVE, StoreStatus.INACTIVE]))
    integration_time = fields.AwareDateTime(load_default=None, allow_none=True,
                                            default_timezone=UTC)

    @pre_load
    def _split_marketplaces(self, data, **_):
        value = data.get("marketplace_ids")
        if isinstance(value, str):
            data = {**data, "marketplace_ids": [v for v in value.replace(",", " ").split() if v]}
        return data

    @validates_schema(skip_on_field_errors=False)
    def _check(self, data, **_):
        errors = marketplace_errors(data.get("region"), data.get("marketplace_ids") or [])
        if "commerce_token" in self.fields:  # not when only other parts are checked
            errors.update(commerce_credential_errors(data))
        if errors:
            raise ValidationError(errors)


#: The parts of a store the admin pages' wizard asks for, one step each.
BASICS = ("name", "region", "marketplace_ids")
AMAZON = ("seller_id", "lwa_client_id", "lwa_client_secret", "refresh_token")
COMMERCE = ("commerce_url", "commerce_token", "commerce_consumer_key",
            "commerce_consumer_secret", "commerce_access_token", "commerce_access_token_secret")
OAUTH_FIELDS = ("commerce_consumer_key", "commerce_consumer_secret", "commerce_access_token",
                "commerce_access_token_secret")


def marketplace_errors(region: str | None, marketplace_ids: list[str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for mid in marketplace_ids:
        market = MARKETPLACES.get(mid)
        if market is None:
            errors.setdefault("marketplace_ids", []).append(f"Unknown marketplace id {mid}.")
        elif region and market.region != region:
            errors.setdefault("marketplace_ids", []).append(
                f"{mid} ({market.name}) is in region {market.region}, not {region}.")
    return errors


def commerce_credential_errors(data: dict) -> dict[str, list[str]]:
    oauth = [data.get(k) for k in OAUTH_FIELDS]
    if data.get("commerce_token") and any(oauth):
        return {"commerce_token": ["Give either a Commerce access token or the four OAuth 1.0a "
                                   "credentials, not both."]}
    if not data.get("commerce_token") and not all(oauth):
        return {"commerce_token": ["Give a Commerce integration access token, or all four "
                                   "OAuth 1.0a credentials."]}
    return {}


def check_part(payload: dict, names: tuple[str, ...]) -> dict:
    """Validate only some fields of a new store (a step of the wizard), with the same rules
    as the whole; raises ``ValidationError``."""
    return NewStoreSchema(only=names).load({k: v for k, v in payload.items() if k in names})


def name_taken(session: Session, name: str, *, other_than: int | None = None) -> bool:
    query = select(Store.id).where(Store.name == name)
    if other_than is not None:
        query = query.where(Store.id != other_than)
    return session.scalar(query) is not None


def commerce_credentials(data: dict) -> dict:
    if data.get("commerce_token"):
        return {"token": data["commerce_token"]}
    return {k: data[f"commerce_{k}"] for k in ("consumer_key", "consumer_secret",
                                               "access_token", "access_token_secret")}


def prepare_store(session: Session, payload: dict) -> Store:
    """Validate a new store and build it, unsaved (with default order settings); raises
    ``ValidationError`` (field -> messages)."""
    data = NewStoreSchema().load(payload)
    if name_taken(session, data["name"]):
        raise ValidationError({"name": [f"A store named {data['name']!r} exists already."]})
    store = Store(
        name=data["name"], region=data["region"], marketplace_ids=data["marketplace_ids"],
        seller_id=data["seller_id"], lwa_client_id=data["lwa_client_id"],
        lwa_client_secret=data["lwa_client_secret"], refresh_token=data["refresh_token"],
        amazon_api=data["amazon_api"], amazon_endpoint=data["amazon_endpoint"],
        amazon_lwa_url=data["amazon_lwa_url"], commerce_url=data["commerce_url"].rstrip("/"),
        commerce_store_code=data["commerce_store_code"],
        commerce_website=data["commerce_website"],
        commerce_credentials=json.dumps(commerce_credentials(data)),
        status=data["status"],
        integration_time=data["integration_time"] or datetime.now(UTC),
    )
    store.settings = OrderSettings(store_view_code=data["commerce_store_code"])
    return store


def save_store(session: Session, store: Store) -> Store:
    """Save a store built by ``prepare_store`` with its sync state."""
    session.add(store)
    session.flush()
    session.add(SyncState(store_id=store.id))
    return store


def add_store(session: Session, payload: dict) -> Store:
    """Validate and add a store with default order settings; raises ``ValidationError``
    (field -> messages) and writes nothing when anything is wrong."""
    return save_store(session, prepare_store(session, payload))


def all_stores(session: Session) -> list[Store]:
    return list(session.scalars(select(Store).order_by(Store.id)))


def describe(store: Store) -> dict:
    """A store as shown to people: never a secret."""
    return {
        "id": store.id, "name": store.name, "region": store.region,
        "marketplace_ids": list(store.marketplace_ids), "seller_id": store.seller_id,
        "status": store.status, "amazon_api": store.amazon_api,
        "commerce_url": without_secrets(store.commerce_url),
        "commerce_store_code": store.commerce_store_code,
        "commerce_website": store.commerce_website,
        "integration_time": store.integration_time.isoformat().replace("+00:00", "Z"),
        "created_at": store.created_at.isoformat().replace("+00:00", "Z"),
    }
