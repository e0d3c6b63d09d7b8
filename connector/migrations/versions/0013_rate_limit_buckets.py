"""rate_limit_buckets: SP-API token buckets per seller, application, region and operation,
kept across runs and processes

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_buckets",
        sa.Column("seller_id", sa.String(length=64), primary_key=True),
        sa.Column("application_id", sa.String(length=255), primary_key=True),
        sa.Column("region", sa.String(length=2), primary_key=True),
        sa.Column("operation", sa.String(length=64), primary_key=True),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("rate", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("rate_limit_buckets")
