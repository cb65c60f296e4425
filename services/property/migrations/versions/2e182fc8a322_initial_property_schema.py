"""initial property schema

Revision ID: 2e182fc8a322
Revises: 
Create Date: 2026-11-24 05:53:17.900635
"""
from alembic import op

from shared.migrations_env import create_messaging_tables

revision = '2e182fc8a322'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()


def downgrade() -> None:
    op.drop_table('outbox')
    op.drop_table('inbox')
