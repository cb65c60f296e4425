"""door-to-door visits

Revision ID: c46b1bb63ace
Revises: 67495f314e10
Create Date: 2026-11-24 06:36:17.966769
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import enable_tenant_rls

revision = 'c46b1bb63ace'
down_revision = '67495f314e10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('visits',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('grid_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('visitor', sa.String(length=128), nullable=False),
    sa.Column('visited_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'grid_id'], ['grids.tenant_id', 'grids.id'], name=op.f('fk_visits_tenant_id_grid_id_grids')),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['households.tenant_id', 'households.id'], name=op.f('fk_visits_tenant_id_household_id_households')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_visits'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index('ix_visits_tenant_grid_time', ['tenant_id', 'grid_id', 'visited_at'], unique=False)
        batch_op.create_index('ix_visits_tenant_household', ['tenant_id', 'household_id'], unique=False)

    with op.batch_alter_table('staffing_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visit_quota', sa.Integer(), server_default='3', nullable=False))

    enable_tenant_rls('visits')


def downgrade() -> None:
    with op.batch_alter_table('staffing_settings', schema=None) as batch_op:
        batch_op.drop_column('visit_quota')

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index('ix_visits_tenant_household')
        batch_op.drop_index('ix_visits_tenant_grid_time')

    op.drop_table('visits')
