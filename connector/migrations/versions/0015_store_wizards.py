"""store_wizards: stores being connected from the admin pages, step by step

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "store_wizards",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("session_hash", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=255), nullable=False),
        sa.Column("store_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=True),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("region", sa.String(length=2), nullable=True),
        sa.Column("marketplace_ids", sa.JSON(), nullable=True),
        sa.Column("amazon_way", sa.String(length=16), nullable=True),
        sa.Column("seller_id", sa.String(length=64), nullable=True),
        sa.Column("lwa_client_id", sa.String(length=255), nullable=True),
        sa.Column("lwa_client_secret", sa.Text(), nullable=True),
        sa.Column("refresh_token", sa.Text(), nullable=True),
        sa.Column("amazon_state_hash", sa.String(length=64), nullable=True),
        sa.Column("amazon_state_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("amazon_problem", sa.Text(), nullable=True),
        sa.Column("commerce_url", sa.String(length=500), nullable=True),
        sa.Column("commerce_credentials", sa.Text(), nullable=True),
        sa.Column("commerce_waiting_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("commerce_consumer_hash", sa.String(length=64), nullable=True),
        sa.Column("commerce_handshake", sa.Text(), nullable=True),
        sa.Column("commerce_problem", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE",
                                name=op.f("fk_store_wizards_store_id_stores")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_wizards")),
        sa.UniqueConstraint("amazon_state_hash",
                            name=op.f("uq_store_wizards_amazon_state_hash")),
        sa.UniqueConstraint("commerce_consumer_hash",
                            name=op.f("uq_store_wizards_commerce_consumer_hash")),
    )
    op.create_index(op.f("ix_store_wizards_session_hash"), "store_wizards", ["session_hash"])
    op.create_index(op.f("ix_store_wizards_expires_at"), "store_wizards", ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_store_wizards_expires_at"), table_name="store_wizards")
    op.drop_index(op.f("ix_store_wizards_session_hash"), table_name="store_wizards")
    op.drop_table("store_wizards")
