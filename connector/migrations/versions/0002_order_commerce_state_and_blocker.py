"""amazon_orders: the Commerce order's state as last read, and why an order is blocked

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.add_column(sa.Column("commerce_state", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("blocked_reason", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("blocked_sku", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.drop_column("blocked_sku")
        batch.drop_column("blocked_reason")
        batch.drop_column("commerce_state")
