"""amazon_orders.import_claimed_by / import_claim_expires_at: an import claim names its holder

An import claim used to be a time only; it now names the process holding it, like a store
lease or a resync claim, so one that a dead process left is taken over at once. A claim in
flight during the upgrade is dropped: the claim only guards a running import, and the import
looks Commerce up before it creates anything.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.add_column(sa.Column("import_claimed_by", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("import_claim_expires_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.drop_column("import_claimed_at")


def downgrade() -> None:
    with op.batch_alter_table("amazon_orders") as batch:
        batch.add_column(sa.Column("import_claimed_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.drop_column("import_claim_expires_at")
        batch.drop_column("import_claimed_by")
