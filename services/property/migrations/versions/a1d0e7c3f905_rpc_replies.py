"""rpc replies: keys of applied RPCs and their answers (idempotent mutations)

Revision ID: a1d0e7c3f905
Revises: 883431df034f
Create Date: 2026-12-05 04:00:00
"""
from alembic import op

from shared.migrations_env import create_rpc_replies_table

revision = 'a1d0e7c3f905'
down_revision = '883431df034f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_rpc_replies_table()


def downgrade() -> None:
    op.drop_index("ix_rpc_replies_created", table_name="rpc_replies")
    op.drop_table("rpc_replies")
