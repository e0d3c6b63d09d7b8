"""resync_requests.claimed_by / claim_expires_at / attempts: queued resyncs outlive a restart

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("resync_requests") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("claim_expires_at", sa.DateTime(timezone=True),
                                   nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.create_index("ix_resync_requests_state", ["state", "created_at"])


def downgrade() -> None:
    with op.batch_alter_table("resync_requests") as batch:
        batch.drop_index("ix_resync_requests_state")
        batch.drop_column("attempts")
        batch.drop_column("claim_expires_at")
        batch.drop_column("claimed_by")
