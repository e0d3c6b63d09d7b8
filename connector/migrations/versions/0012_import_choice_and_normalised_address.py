"""amazon_orders: arrived while import was disabled, the merchant's request to import it, and
what address normalisation changed

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.add_column(sa.Column("arrived_import_disabled", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("import_requested_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("import_requested_by", sa.String(length=255),
                                   nullable=True))
        batch.add_column(sa.Column("address_normalised", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.drop_column("address_normalised")
        batch.drop_column("import_requested_by")
        batch.drop_column("import_requested_at")
        batch.drop_column("arrived_import_disabled")
