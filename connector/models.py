"""Tables. Money columns are exact decimals; times are stored as aware UTC.

Alembic migrations in ``connector/migrations`` create these; a test checks the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from connector.crypto import EncryptedText
from connector.domain import ResyncState, StoreStatus

# Auto-increment primary keys: BIGINT on PostgreSQL, INTEGER (rowid) on SQLite.
Id = BigInteger().with_variant(Integer(), "sqlite")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every database (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class MoneyAmount(TypeDecorator):
    """An exact amount with 4 decimals, below 10^14.

    PostgreSQL keeps NUMERIC(18, 4). SQLite would store NUMERIC as a float and lose cents on
    large amounts, so there the column holds whole ten-thousandths in an INTEGER, which
    still compares and sorts correctly.
    """

    impl = Numeric(18, 4)
    cache_ok = True
    SCALE = Decimal("10000")

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(18, 4, asdecimal=True))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = Decimal(value)
        if dialect.name == "sqlite":
            scaled = value * self.SCALE
            if scaled != scaled.to_integral_value():
                raise ValueError(f"amount {value} has more than 4 decimals")
            return int(scaled)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / self.SCALE).quantize(Decimal("0.0001"))
        return Decimal(value)


MONEY = MoneyAmount()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Store(Base):
    """One Amazon seller account in one region, linked to one Commerce store view."""

    __tablename__ = "stores"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    region: Mapped[str] = mapped_column(String(2))  # NA | EU | FE
    marketplace_ids: Mapped[list] = mapped_column(JSON)
    seller_id: Mapped[str] = mapped_column(String(64))
    lwa_client_id: Mapped[str] = mapped_column(String(255))
    lwa_client_secret: Mapped[str] = mapped_column(EncryptedText)
    refresh_token: Mapped[str] = mapped_column(EncryptedText)
    amazon_api: Mapped[str] = mapped_column(String(8), default="v2026")  # v2026 | v0
    amazon_endpoint: Mapped[str | None] = mapped_column(String(500))  # override (sandbox)
    amazon_lwa_url: Mapped[str | None] = mapped_column(String(500))  # override (sandbox)
    commerce_url: Mapped[str] = mapped_column(String(500))
    commerce_store_code: Mapped[str] = mapped_column(String(64), default="default")
    commerce_website: Mapped[str | None] = mapped_column(String(64))
    # JSON of the Commerce credentials ({"token": ...} or the four OAuth 1.0a values).
    commerce_credentials: Mapped[str] = mapped_column(EncryptedText)
    status: Mapped[str] = mapped_column(String(16), default=StoreStatus.ACTIVE)
    integration_time: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    settings: Mapped[OrderSettings] = relationship(back_populates="store", uselist=False,
                                                   cascade="all, delete-orphan")


class OrderSettings(Base):
    """The merchant's "Order settings" page, one row per store."""

    __tablename__ = "order_settings"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"),
                                          primary_key=True)
    import_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    store_view_code: Mapped[str | None] = mapped_column(String(64))
    customer_creation: Mapped[str] = mapped_column(String(16), default="guest")  # guest|create
    order_number_source: Mapped[str] = mapped_column(String(16), default="commerce")  # |amazon
    order_status: Mapped[str] = mapped_column(String(16), default="default")  # default|custom
    processing_status: Mapped[str | None] = mapped_column(String(64))
    payment_method_code: Mapped[str] = mapped_column(String(64), default="checkmo")
    shipping_method_code: Mapped[str] = mapped_column(String(64), default="flatrate_flatrate")
    sync_interval_minutes: Mapped[int] = mapped_column(Integer, default=5)
    carrier_mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    reserve_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    # How imported orders reach MSI's salable quantity: none | module (the companion module's
    # reservations endpoint) | cli-recipe (Magento's reservation commands run from cron).
    reservation_strategy: Mapped[str] = mapped_column(String(16), default="none",
                                                      server_default="none")
    # "Hold orders the buyer asked to cancel": put such an order on hold in Commerce.
    hold_buyer_cancellations: Mapped[bool] = mapped_column(Boolean, default=True,
                                                           server_default=true())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    store: Mapped[Store] = relationship(back_populates="settings")


class AmazonOrder(Base):
    """An Amazon order as the connector knows it, and its binding to a Commerce order."""

    __tablename__ = "amazon_orders"
    __table_args__ = (
        UniqueConstraint("store_id", "amazon_order_id"),
        Index("ix_amazon_orders_store_purchase", "store_id", "purchase_date", "id"),
        Index("ix_amazon_orders_store_status_purchase", "store_id", "status", "purchase_date"),
        Index("ix_amazon_orders_store_buyer", "store_id", "buyer_name_key", "id"),
        Index("ix_amazon_orders_store_total", "store_id", "order_total", "id"),
        Index("ix_amazon_orders_store_work", "store_id", "status", "next_attempt_at"),
        # Partial: only orders with a buyer's request (few), for the filter and the counts.
        Index("ix_amazon_orders_store_buyer_cancel", "store_id", "amazon_status",
              sqlite_where=text("buyer_cancel_requested_at IS NOT NULL"),
              postgresql_where=text("buyer_cancel_requested_at IS NOT NULL")),
        Index("ix_amazon_orders_store_seller_cancel", "store_id", "seller_cancel_state"),
        # PostgreSQL: prefix filters are ranges with the pattern operators ``~>=~``/``~<~``
        # (code-point order whatever the collation), which only these indexes serve. (SQLite
        # writes them as plain ranges on the indexes above.)
        Index("ix_amazon_orders_store_number_prefix", "store_id", "amazon_order_id",
              postgresql_ops={"amazon_order_id": "varchar_pattern_ops"}
              ).ddl_if(dialect="postgresql"),
        Index("ix_amazon_orders_store_buyer_prefix", "store_id", "buyer_name_key",
              postgresql_ops={"buyer_name_key": "varchar_pattern_ops"}
              ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    amazon_order_id: Mapped[str] = mapped_column(String(32))
    marketplace_id: Mapped[str | None] = mapped_column(String(32))
    # What the grids show: an Amazon status, or the connector's own Error / Completed.
    status: Mapped[str] = mapped_column(String(24))
    amazon_status: Mapped[str] = mapped_column(String(24))
    fulfilled_by: Mapped[str] = mapped_column(String(8))  # MERCHANT | AMAZON
    purchase_date: Mapped[datetime] = mapped_column(UTCDateTime)
    last_updated: Mapped[datetime] = mapped_column(UTCDateTime)
    buyer_name: Mapped[str | None] = mapped_column(String(255))
    buyer_name_key: Mapped[str | None] = mapped_column(String(255))  # lower-cased, for filters
    buyer_email: Mapped[str | None] = mapped_column(String(255))
    shipping_address: Mapped[dict | None] = mapped_column(JSON)
    currency: Mapped[str | None] = mapped_column(String(3))
    order_total: Mapped[Decimal | None] = mapped_column(MONEY)
    # The whole internal order model as JSON, so the lifecycle can map it without a refetch.
    order_data: Mapped[dict] = mapped_column(JSON)
    importable: Mapped[bool] = mapped_column(Boolean, default=True)
    commerce_order_id: Mapped[int | None] = mapped_column(BigInteger)
    commerce_increment_id: Mapped[str | None] = mapped_column(String(64))
    commerce_state: Mapped[str | None] = mapped_column(String(32))  # as last read from Commerce
    # Why the order is in Error: not_in_catalog | disabled | not_salable | refused, and the SKU.
    blocked_reason: Mapped[str | None] = mapped_column(String(32))
    blocked_sku: Mapped[str | None] = mapped_column(String(255))
    reservations_placed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "Pending Orders: Reserve Quantity": when the companion module was asked to hold stock
    # for this order while it is Pending, and the quantities per Commerce SKU it was asked for.
    stock_held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stock_hold: Mapped[dict | None] = mapped_column(JSON)
    # Set when the merchant corrected the shipping address; Amazon's later updates keep it.
    shipping_address_edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # First seen while the store's import was disabled: managed in Seller Central, never
    # imported unless the merchant asks for it (when and who).
    arrived_import_disabled: Mapped[bool] = mapped_column(Boolean, default=False,
                                                          server_default=false())
    import_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    import_requested_by: Mapped[str | None] = mapped_column(String(255))
    # What normalising the address for Commerce changed: [{field, before, after}].
    address_normalised: Mapped[list | None] = mapped_column(JSON)
    # Amazon canceled it, but the Commerce order could not be canceled (shipped, or refused).
    cancel_refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The buyer asked Amazon to cancel (Amazon reports it on the items): since when the
    # connector knows, and the buyer's reason; cleared when Amazon no longer reports it.
    buyer_cancel_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    buyer_cancel_reason: Mapped[str | None] = mapped_column(String(255))
    # When the Commerce order got its "Do not ship" comment about that request.
    buyer_cancel_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the connector put the Commerce order on hold (it releases only holds it placed).
    commerce_held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The merchant's cancellation (``connector.orders.seller_cancel``): its state, Amazon's
    # reason, when and by whom it was asked for, the feed (and message in it) that carries
    # it, and Amazon's words when it was refused.
    seller_cancel_state: Mapped[str | None] = mapped_column(String(16))
    seller_cancel_reason: Mapped[str | None] = mapped_column(String(40))
    seller_cancel_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    seller_cancel_requested_by: Mapped[str | None] = mapped_column(String(255))
    seller_cancel_feed_id: Mapped[int | None] = mapped_column(
        ForeignKey("cancellation_feeds.id", ondelete="SET NULL"))
    seller_cancel_message_id: Mapped[int | None] = mapped_column(Integer)
    seller_cancel_message: Mapped[str | None] = mapped_column(Text)
    # The import running now, if any (``connector.orders.coordination``): who, and until when.
    import_claimed_by: Mapped[str | None] = mapped_column(String(128))
    import_claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    latest_note: Mapped[str | None] = mapped_column(Text)
    pii_removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    items: Mapped[list[AmazonOrderItem]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="AmazonOrderItem.id")
    notes: Mapped[list[OrderNote]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderNote.id")


class AmazonOrderItem(Base):
    __tablename__ = "amazon_order_items"
    __table_args__ = (UniqueConstraint("order_id", "order_item_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("amazon_orders.id", ondelete="CASCADE"))
    order_item_id: Mapped[str] = mapped_column(String(64))
    seller_sku: Mapped[str | None] = mapped_column(String(255), index=True)
    asin: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    quantity_ordered: Mapped[int] = mapped_column(Integer)
    quantity_shipped: Mapped[int] = mapped_column(Integer, default=0)
    unit_price: Mapped[Decimal | None] = mapped_column(MONEY)
    line_price: Mapped[Decimal | None] = mapped_column(MONEY)
    item_tax: Mapped[Decimal | None] = mapped_column(MONEY)
    shipping_price: Mapped[Decimal | None] = mapped_column(MONEY)
    promotion_discount: Mapped[Decimal | None] = mapped_column(MONEY)

    order: Mapped[AmazonOrder] = relationship(back_populates="items")


class OrderNote(Base):
    """The full note history of an order; the grid shows the latest."""

    __tablename__ = "order_notes"
    __table_args__ = (Index("ix_order_notes_order", "order_id", "id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("amazon_orders.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text)

    order: Mapped[AmazonOrder] = relationship(back_populates="notes")


class CancellationFeed(Base):
    """One order acknowledgement feed carrying a store's seller cancellations to Amazon
    (``connector.orders.cancel_feed``): where it stands, the feed id Amazon gave it, and what
    Amazon answered. Its orders point at it. The claim keeps two processes from sending it at
    once; ``attempted_at`` is when createFeed was last (perhaps) sent, where a look at
    Amazon's feeds starts before sending again."""

    __tablename__ = "cancellation_feeds"
    __table_args__ = (UniqueConstraint("store_id", "feed_id"),
                      Index("ix_cancellation_feeds_store_state", "store_id", "state"))

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(16))
    marketplace_ids: Mapped[list] = mapped_column(JSON)
    orders: Mapped[int] = mapped_column(Integer, default=0)
    feed_id: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    attempted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    processing_status: Mapped[str | None] = mapped_column(String(16))  # Amazon's, last read
    summary: Mapped[dict | None] = mapped_column(JSON)  # the processing report's counts
    error: Mapped[str | None] = mapped_column(Text)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SkuMatch(Base):
    """The merchant's match of an Amazon SKU to a Commerce SKU."""

    __tablename__ = "sku_matches"
    __table_args__ = (UniqueConstraint("store_id", "amazon_sku"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    amazon_sku: Mapped[str] = mapped_column(String(255))
    commerce_sku: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncState(Base):
    """Per store: how far the sync got, who runs it now, and how the last run went."""

    __tablename__ = "sync_state"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"),
                                          primary_key=True)
    watermark: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_owner: Mapped[str | None] = mapped_column(String(128))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_amazon_error: Mapped[str | None] = mapped_column(Text)
    last_commerce_error: Mapped[str | None] = mapped_column(Text)
    throttled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConfirmedShipment(Base):
    """A Commerce shipment Amazon has been told about; never sent twice."""

    __tablename__ = "confirmed_shipments"
    __table_args__ = (UniqueConstraint("order_id", "commerce_shipment_id"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("amazon_orders.id", ondelete="CASCADE"))
    commerce_shipment_id: Mapped[int] = mapped_column(BigInteger)
    carrier_code: Mapped[str | None] = mapped_column(String(64))
    tracking_number: Mapped[str | None] = mapped_column(String(128))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ResyncRequest(Base):
    """An integrator's request to fetch orders again; reports what it did.

    Kept until it ends, so a process that starts later runs it: ``claimed_by`` names the
    process running it now, until ``claim_expires_at`` unless it renews; ``attempts`` counts
    the runs that started, so one that keeps stopping its process ends instead of looping.
    """

    __tablename__ = "resync_requests"
    __table_args__ = (Index("ix_resync_requests_state", "state", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    params: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default=ResyncState.QUEUED)
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SchedulerHeartbeat(Base):
    """One row per scheduler process; feeds /health/ready."""

    __tablename__ = "scheduler_heartbeats"

    owner: Mapped[str] = mapped_column(String(128), primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AdminSessionRow(Base):
    """A signed-in admin's session; the cookie carries its id. Deleting the row ends the
    session in every process at once (sign-out, a new sign-in). Only a hash of the id is
    kept, so the table alone opens nothing."""

    __tablename__ = "admin_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(String(255), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class UsedAdminToken(Base):
    """The id (``jti``) of an admin sign-in token already exchanged for a session, kept until
    the token expires: the primary key makes "used once" hold across processes and
    restarts."""

    __tablename__ = "used_admin_tokens"

    jti: Mapped[str] = mapped_column(String(128), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class StoreWizard(Base):
    """A store being connected (or reconnected) from the admin pages, step by step. Nothing
    here is a store yet: the store is saved only when every connection check passes. Secrets
    are encrypted like a store's; a wizard belongs to the admin session that started it (a
    hash of its id, as ``admin_sessions`` keeps it)."""

    __tablename__ = "store_wizards"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_hash: Mapped[str] = mapped_column(String(64), index=True)
    user_name: Mapped[str] = mapped_column(String(255))
    #: Set when the wizard reconnects an existing store (re-authorize, new credentials).
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(2))
    marketplace_ids: Mapped[list | None] = mapped_column(JSON)
    # Amazon: "authorized" (website authorization workflow) or "pasted" (private app).
    amazon_way: Mapped[str | None] = mapped_column(String(16))
    seller_id: Mapped[str | None] = mapped_column(String(64))
    lwa_client_id: Mapped[str | None] = mapped_column(String(255))
    lwa_client_secret: Mapped[str | None] = mapped_column(EncryptedText)
    refresh_token: Mapped[str | None] = mapped_column(EncryptedText)
    #: A hash of the one-time ``state`` sent to Seller Central, and until when it is good.
    amazon_state_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    amazon_state_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Why the last authorization failed, in the merchant's words (shown on the Amazon step).
    amazon_problem: Mapped[str | None] = mapped_column(Text)
    commerce_url: Mapped[str | None] = mapped_column(String(500))
    commerce_credentials: Mapped[str | None] = mapped_column(EncryptedText)
    #: Commerce's integration activation: until when the wizard waits for Commerce's post to
    #: the callback URL, a hash of the consumer key it posted (to find the wizard from the
    #: identity link) and what it posted (JSON: key, secret, verifier, store base URL).
    commerce_waiting_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    commerce_consumer_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    commerce_handshake: Mapped[str | None] = mapped_column(EncryptedText)
    commerce_problem: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class NotificationSubscription(Base):
    """A store's ORDER_CHANGE subscription: the SQS queue Amazon sends to, Amazon's ids for the
    destination and the subscription, and how the messages are flowing. Polling relaxes to
    ``relaxed_interval_minutes`` while messages flow; when none came for ``silence_minutes``
    while orders kept changing, the store's own interval applies again."""

    __tablename__ = "notification_subscriptions"

    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"),
                                          primary_key=True)
    queue_arn: Mapped[str] = mapped_column(String(1000))
    destination_id: Mapped[str] = mapped_column(String(255))
    subscription_id: Mapped[str] = mapped_column(String(255))
    subscribed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    relaxed_interval_minutes: Mapped[int] = mapped_column(Integer, default=15)
    silence_minutes: Mapped[int] = mapped_column(Integer, default=30)
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Seconds from Amazon publishing the last message to its order committed here.
    last_lag_seconds: Mapped[float | None] = mapped_column(Float)
    messages: Mapped[int] = mapped_column(Integer, default=0)


class NotificationMessage(Base):
    """A notification handled once: ``NotificationId`` is the key, so a message Amazon or SQS
    delivers again is deleted without a second import. Malformed ones are kept with why."""

    __tablename__ = "notification_messages"
    __table_args__ = (Index("ix_notification_messages_received", "received_at"),)

    notification_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"))
    amazon_order_id: Mapped[str | None] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))  # handled | malformed | dropped
    detail: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def exists_on(dialect: str):
    """Alembic ``include_object``: leave out what the models create on other databases only
    (``Index(...).ddl_if(dialect=...)``), so comparing models and migrations agrees."""
    def include(obj, name, type_, reflected, compare_to) -> bool:
        only = getattr(obj, "_ddl_if", None)
        return only is None or only.dialect in (None, dialect)
    return include


class RateLimitBucket(Base):
    """What the connector last knew of one SP-API token bucket. Amazon's limits are per
    seller and application (and region), not per run or process: each run starts from here."""

    __tablename__ = "rate_limit_buckets"

    seller_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    application_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    region: Mapped[str] = mapped_column(String(2), primary_key=True)
    operation: Mapped[str] = mapped_column(String(64), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    rate: Mapped[float] = mapped_column(Float)  # tokens per second, as Amazon last said
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
