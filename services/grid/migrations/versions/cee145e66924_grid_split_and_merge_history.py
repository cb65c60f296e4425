"""grid split and merge history

Revision ID: cee145e66924
Revises: 7b2508ea9b5e
Create Date: 2026-11-24 06:46:28.018215
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import enable_tenant_rls

revision = 'cee145e66924'
down_revision = '7b2508ea9b5e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('grid_history',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('grid_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('other_grid_id', sa.Uuid(), nullable=False),
    sa.Column('households', sa.Integer(), nullable=False),
    sa.Column('residents', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'grid_id'], ['grids.tenant_id', 'grids.id'], name=op.f('fk_grid_history_tenant_id_grid_id_grids')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_grid_history'))
    )
    with op.batch_alter_table('grid_history', schema=None) as batch_op:
        batch_op.create_index('ix_grid_history_tenant_grid', ['tenant_id', 'grid_id'], unique=False)

    with op.batch_alter_table('grids', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('merged_into', sa.Uuid(), nullable=True))

    enable_tenant_rls('grid_history')


def downgrade() -> None:
    with op.batch_alter_table('grids', schema=None) as batch_op:
        batch_op.drop_column('merged_into')
        batch_op.drop_column('retired_at')

    with op.batch_alter_table('grid_history', schema=None) as batch_op:
        batch_op.drop_index('ix_grid_history_tenant_grid')

    op.drop_table('grid_history')
