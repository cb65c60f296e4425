"""quarterly grid figures and rating settings

Revision ID: 7b2508ea9b5e
Revises: c46b1bb63ace
Create Date: 2026-11-24 06:39:15.079640
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import enable_tenant_rls

revision = '7b2508ea9b5e'
down_revision = 'c46b1bb63ace'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grid_quarter_figures',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('grid_id', sa.Uuid(), nullable=False),
    sa.Column('quarter', sa.String(length=6), nullable=False),
    sa.Column('reported', sa.Integer(), nullable=False),
    sa.Column('closed', sa.Integer(), nullable=False),
    sa.Column('overdue', sa.Integer(), nullable=False),
    sa.Column('rated', sa.Integer(), nullable=False),
    sa.Column('unsatisfied', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'grid_id'], ['grids.tenant_id', 'grids.id'], name=op.f('fk_grid_quarter_figures_tenant_id_grid_id_grids')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_grid_quarter_figures')),
    sa.UniqueConstraint('tenant_id', 'grid_id', 'quarter', name=op.f('uq_grid_quarter_figures_tenant_id_grid_id_quarter'))
    )
    with op.batch_alter_table('staffing_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rating', sa.JSON(), nullable=True))

    enable_tenant_rls('grid_quarter_figures')


def downgrade() -> None:
    with op.batch_alter_table('staffing_settings', schema=None) as batch_op:
        batch_op.drop_column('rating')

    op.drop_table('grid_quarter_figures')
