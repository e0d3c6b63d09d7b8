"""Stock reservations: the store's strategy, and when an order's were placed

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("order_settings") as batch:
        batch.add_column(sa.Column("reservation_strategy", sa.String(length=16),
                                   nullable=False, server_default="none"))
    with op.batch_alter_table("amazon_orders") as batch:
        batch.add_column(sa.Column("reservations_placed_at", sa.DateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.drop_column("reservations_placed_at")
    with op.batch_alter_table("order_settings") as batch:
        batch.drop_column("reservation_strategy")
