"""amazon_orders.shipping_address_edited_at: a merchant's address fix survives Amazon updates

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.add_column(sa.Column("shipping_address_edited_at", sa.DateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.drop_column("shipping_address_edited_at")
