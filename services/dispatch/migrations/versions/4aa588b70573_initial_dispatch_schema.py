"""initial dispatch schema

Revision ID: 4aa588b70573
Revises: 
Create Date: 2026-11-24 05:53:15.453130
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import create_messaging_tables, enable_tenant_rls

revision = '4aa588b70573'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table('cases',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('grid_id', sa.Uuid(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reporter', sa.String(length=120), nullable=True),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_cases'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_tenant_grid', ['tenant_id', 'grid_id'], unique=False)

    enable_tenant_rls('cases')


def downgrade() -> None:
    op.drop_table('outbox')
    op.drop_table('inbox')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_tenant_grid')

    op.drop_table('cases')
