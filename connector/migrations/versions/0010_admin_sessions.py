"""admin_sessions and used_admin_tokens: sessions that can be ended, tokens used once across
processes

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admin_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=255), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_admin_sessions")),
    )
    op.create_index(op.f("ix_admin_sessions_user_name"), "admin_sessions", ["user_name"])
    op.create_index(op.f("ix_admin_sessions_expires_at"), "admin_sessions", ["expires_at"])
    op.create_table(
        "used_admin_tokens",
        sa.Column("jti", sa.String(length=128), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_used_admin_tokens")),
    )
    op.create_index(op.f("ix_used_admin_tokens_expires_at"), "used_admin_tokens",
                    ["expires_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_used_admin_tokens_expires_at"), table_name="used_admin_tokens")
    op.drop_table("used_admin_tokens")
    op.drop_index(op.f("ix_admin_sessions_expires_at"), table_name="admin_sessions")
    op.drop_index(op.f("ix_admin_sessions_user_name"), table_name="admin_sessions")
    op.drop_table("admin_sessions")
