"""PostgreSQL: varchar_pattern_ops indexes for the order number and buyer name prefix filters

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_amazon_orders_store_number_prefix": "amazon_order_id",
    "ix_amazon_orders_store_buyer_prefix": "buyer_name_key",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's binary collation serves prefixes from the existing indexes
    for name, column in INDEXES.items():
        op.create_index(name, "amazon_orders", ["store_id", column],
                        postgresql_ops={column: "varchar_pattern_ops"})


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in INDEXES:
        op.drop_index(name, table_name="amazon_orders")
