"""whistle part overdue: when the overdue sweep marked a part not reported in time (超时未报到) or
not resolved in time (超期未办结); the sweep's cross-tenant scan also reads whistle_parts

Revision ID: 1cd93c61d9df
Revises: 9997ef2b606c
Create Date: 2026-12-04 15:52:03.298644
"""
import sqlalchemy as sa
from alembic import op

revision = '1cd93c61d9df'
down_revision = '9997ef2b606c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('whistle_parts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('response_overdue_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolve_overdue_at', sa.DateTime(timezone=True), nullable=True))

    if op.get_bind().dialect.name == 'postgresql':
        # the overdue sweep lists (tenant, part) pairs across tenants, read-only, as it does cases
        # (policy overdue_sweep ON cases); each part is then marked in its own tenant's transaction
        op.execute("CREATE POLICY overdue_sweep ON whistle_parts FOR SELECT "
                   "USING (current_setting('app.overdue_sweep', true) = 'on')")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP POLICY overdue_sweep ON whistle_parts")
    with op.batch_alter_table('whistle_parts', schema=None) as batch_op:
        batch_op.drop_column('resolve_overdue_at')
        batch_op.drop_column('response_overdue_at')
