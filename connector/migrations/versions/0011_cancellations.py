"""Cancellations both ways: cancellation_feeds; the merchant's cancellation and the buyer's
request on amazon_orders; "Hold orders the buyer asked to cancel" in order_settings

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "cancellation_feeds",
        sa.Column("id", Id, nullable=False),
        sa.Column("store_id", Id, nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("marketplace_ids", sa.JSON(), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.String(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("processing_status", sa.String(length=16), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("claimed_by", sa.String(length=128), nullable=True),
        sa.Column("claim_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"],
                                name=op.f("fk_cancellation_feeds_store_id_stores"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cancellation_feeds")),
        sa.UniqueConstraint("store_id", "feed_id",
                            name=op.f("uq_cancellation_feeds_store_id_feed_id")),
    )
    op.create_index("ix_cancellation_feeds_store_state", "cancellation_feeds",
                    ["store_id", "state"])
    with op.batch_alter_table("amazon_orders") as batch:
        batch.add_column(sa.Column("buyer_cancel_requested_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("buyer_cancel_reason", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("buyer_cancel_told_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("commerce_held_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("seller_cancel_state", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("seller_cancel_reason", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("seller_cancel_requested_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("seller_cancel_requested_by", sa.String(length=255),
                                   nullable=True))
        batch.add_column(sa.Column("seller_cancel_feed_id", Id, nullable=True))
        batch.add_column(sa.Column("seller_cancel_message_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("seller_cancel_message", sa.Text(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_amazon_orders_seller_cancel_feed_id_cancellation_feeds"),
            "cancellation_feeds", ["seller_cancel_feed_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_amazon_orders_store_buyer_cancel",
                           ["store_id", "amazon_status"],
                           sqlite_where=sa.text("buyer_cancel_requested_at IS NOT NULL"),
                           postgresql_where=sa.text("buyer_cancel_requested_at IS NOT NULL"))
        batch.create_index("ix_amazon_orders_store_seller_cancel",
                           ["store_id", "seller_cancel_state"])
    with op.batch_alter_table("order_settings") as batch:
        batch.add_column(sa.Column("hold_buyer_cancellations", sa.Boolean(), nullable=False,
                                   server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("order_settings") as batch:
        batch.drop_column("hold_buyer_cancellations")
    with op.batch_alter_table("amazon_orders") as batch:
        batch.drop_index("ix_amazon_orders_store_seller_cancel")
        batch.drop_index("ix_amazon_orders_store_buyer_cancel")
        batch.drop_constraint(op.f("fk_amazon_orders_seller_cancel_feed_id_cancellation_feeds"),
                              type_="foreignkey")
        for column in ("seller_cancel_message", "seller_cancel_message_id",
                       "seller_cancel_feed_id", "seller_cancel_requested_by",
                       "seller_cancel_requested_at", "seller_cancel_reason",
                       "seller_cancel_state", "commerce_held_at", "buyer_cancel_told_at",
                       "buyer_cancel_reason", "buyer_cancel_requested_at"):
            batch.drop_column(column)
    op.drop_index("ix_cancellation_feeds_store_state", table_name="cancellation_feeds")
    op.drop_table("cancellation_feeds")
