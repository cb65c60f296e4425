"""notifications inbox (消息中心): notices per step and recipient, per-person reads

Revision ID: 69c6b03ddfaf
Revises: 87e4c6f716d1
Create Date: 2026-12-04 14:53:59.355525
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import enable_tenant_rls

revision = '69c6b03ddfaf'
down_revision = '87e4c6f716d1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notifications',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('recipient', sa.String(length=160), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=True),
    sa.Column('role', sa.String(length=32), nullable=True),
    sa.Column('department_id', sa.Uuid(), nullable=True),
    sa.Column('department_name', sa.String(length=64), nullable=True),
    sa.Column('actor', sa.String(length=120), nullable=True),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('grid_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('title_zh', sa.String(length=100), nullable=False),
    sa.Column('title_en', sa.String(length=160), nullable=False),
    sa.Column('summary_zh', sa.String(length=300), nullable=False),
    sa.Column('summary_en', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'case_id'], ['cases.tenant_id', 'cases.id'], name=op.f('fk_notifications_tenant_id_case_id_cases')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('tenant_id', 'case_id', 'seq', 'recipient', name=op.f('uq_notifications_tenant_id_case_id_seq_recipient'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_tenant_role', ['tenant_id', 'role', 'created_at'], unique=False)
        batch_op.create_index('ix_notifications_tenant_subject', ['tenant_id', 'subject', 'created_at'], unique=False)

    op.create_table('notification_reads',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('notification_id', sa.Uuid(), nullable=False),
    sa.Column('reader', sa.String(length=120), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'notification_id'], ['notifications.tenant_id', 'notifications.id'], name=op.f('fk_notification_reads_tenant_id_notification_id_notifications')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_notification_reads')),
    sa.UniqueConstraint('tenant_id', 'notification_id', 'reader', name=op.f('uq_notification_reads_tenant_id_notification_id_reader'))
    )
    for table in ('notifications', 'notification_reads'):
        enable_tenant_rls(table)


def downgrade() -> None:
    op.drop_table('notification_reads')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_tenant_subject')
        batch_op.drop_index('ix_notifications_tenant_role')

    op.drop_table('notifications')
