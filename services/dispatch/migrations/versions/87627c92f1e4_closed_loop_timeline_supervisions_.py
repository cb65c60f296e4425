"""closed loop: timeline, supervisions, calendar overrides, whistle parts

Revision ID: 87627c92f1e4
Revises: 4aa588b70573
Create Date: 2026-11-24 06:21:48.339456
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import enable_tenant_rls

revision = '87627c92f1e4'
down_revision = '4aa588b70573'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_days',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('working', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=100), nullable=True),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_calendar_days')),
    sa.UniqueConstraint('tenant_id', 'day', name=op.f('uq_calendar_days_tenant_id_day'))
    )
    op.create_table('case_timeline',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('actor', sa.String(length=120), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'case_id'], ['cases.tenant_id', 'cases.id'], name=op.f('fk_case_timeline_tenant_id_case_id_cases')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_case_timeline')),
    sa.UniqueConstraint('tenant_id', 'case_id', 'seq', name=op.f('uq_case_timeline_tenant_id_case_id_seq'))
    )
    op.create_table('supervisions',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('flagged_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'case_id'], ['cases.tenant_id', 'cases.id'], name=op.f('fk_supervisions_tenant_id_case_id_cases')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_supervisions')),
    sa.UniqueConstraint('tenant_id', 'case_id', 'step', name=op.f('uq_supervisions_tenant_id_case_id_step'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('level', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deadline_step', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('resolved_on_time', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('handler_member_ids', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('rating', sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column('merged_into', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('supervised_step', sa.Integer(), nullable=True))

    op.create_table('whistle_parts',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('department_id', sa.Uuid(), nullable=False),
    sa.Column('department_name', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('summoned_by', sa.String(length=120), nullable=True),
    sa.Column('summoned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('respond_by', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handler_member_ids', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'case_id'], ['cases.tenant_id', 'cases.id'], name=op.f('fk_whistle_parts_tenant_id_case_id_cases')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_whistle_parts'))
    )
    with op.batch_alter_table('whistle_parts', schema=None) as batch_op:
        batch_op.create_index('ix_whistle_parts_tenant_case', ['tenant_id', 'case_id'], unique=False)
        batch_op.create_index('ix_whistle_parts_tenant_department', ['tenant_id', 'department_id'], unique=False)

    for table in ('calendar_days', 'case_timeline', 'supervisions', 'whistle_parts'):
        enable_tenant_rls(table)
    if op.get_bind().dialect.name == 'postgresql':
        # the overdue sweep lists (tenant, case) pairs across tenants, read-only; each case is then
        # locked and flagged in a transaction bound to its own tenant
        op.execute("CREATE POLICY overdue_sweep ON cases FOR SELECT "
                   "USING (current_setting('app.overdue_sweep', true) = 'on')")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP POLICY overdue_sweep ON cases")
    op.drop_table('whistle_parts')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('supervised_step')
        batch_op.drop_column('merged_into')
        batch_op.drop_column('rating')
        batch_op.drop_column('handler_member_ids')
        batch_op.drop_column('resolved_on_time')
        batch_op.drop_column('resolved_at')
        batch_op.drop_column('deadline_step')
        batch_op.drop_column('due_at')
        batch_op.drop_column('level')

    op.drop_table('supervisions')
    op.drop_table('case_timeline')
    op.drop_table('calendar_days')
