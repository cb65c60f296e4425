"""initial organization schema

Revision ID: 1f5a604edaa3
Revises: 
Create Date: 2026-11-24 05:53:13.027924
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import create_messaging_tables, enable_tenant_rls

revision = '1f5a604edaa3'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table('counties',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_counties')),
    sa.UniqueConstraint('tenant_id', name=op.f('uq_counties_tenant_id'))
    )
    enable_tenant_rls('counties')


def downgrade() -> None:
    op.drop_table('outbox')
    op.drop_table('inbox')
    op.drop_table('counties')
