"""amazon_orders.stock_held_at / stock_hold: stock held in Commerce for a Pending order

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.add_column(sa.Column("stock_held_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("stock_hold", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.drop_column("stock_hold")
        batch.drop_column("stock_held_at")
