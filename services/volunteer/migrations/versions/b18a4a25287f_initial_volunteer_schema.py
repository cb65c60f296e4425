"""initial volunteer schema

Revision ID: b18a4a25287f
Revises: 
Create Date: 2026-11-24 05:53:16.613429
"""
from alembic import op

from shared.migrations_env import create_messaging_tables

revision = 'b18a4a25287f'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()


def downgrade() -> None:
    op.drop_table('outbox')
    op.drop_table('inbox')
