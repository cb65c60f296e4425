"""rpc replies: keys of applied RPCs and their answers (idempotent mutations)

Revision ID: a1d0e7c3f901
Revises: 9d3e6b1f4a27
Create Date: 2026-12-05 04:00:00
"""
from alembic import op

from shared.migrations_env import create_rpc_replies_table

revision = 'a1d0e7c3f901'
down_revision = '9d3e6b1f4a27'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_rpc_replies_table()


def downgrade() -> None:
    op.drop_index("ix_rpc_replies_created", table_name="rpc_replies")
    op.drop_table("rpc_replies")
