"""ORDER_CHANGE notifications: each store's subscription and the messages handled

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification_subscriptions",
        sa.Column("store_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  sa.ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("queue_arn", sa.String(length=1000), nullable=False),
        sa.Column("destination_id", sa.String(length=255), nullable=False),
        sa.Column("subscription_id", sa.String(length=255), nullable=False),
        sa.Column("subscribed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("relaxed_interval_minutes", sa.Integer(), nullable=False),
        sa.Column("silence_minutes", sa.Integer(), nullable=False),
        sa.Column("last_message_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_lag_seconds", sa.Float(), nullable=True),
        sa.Column("messages", sa.Integer(), nullable=False),
    )
    op.create_table(
        "notification_messages",
        sa.Column("notification_id", sa.String(length=128), primary_key=True),
        sa.Column("store_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  sa.ForeignKey("stores.id", ondelete="CASCADE"), nullable=True),
        sa.Column("amazon_order_id", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_notification_messages_received", "notification_messages",
                    ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_notification_messages_received", table_name="notification_messages")
    op.drop_table("notification_messages")
    op.drop_table("notification_subscriptions")
