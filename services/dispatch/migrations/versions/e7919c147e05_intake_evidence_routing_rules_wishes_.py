"""intake evidence, routing rules, wishes orders needs, webhooks

Revision ID: e7919c147e05
Revises: 87627c92f1e4
Create Date: 2026-12-01 22:57:21.534521
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import enable_tenant_rls

revision = 'e7919c147e05'
down_revision = '87627c92f1e4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('category_rules',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('parent_code', sa.String(length=40), nullable=True),
    sa.Column('start_level', sa.String(length=16), nullable=False),
    sa.Column('department_id', sa.Uuid(), nullable=True),
    sa.Column('department_name', sa.String(length=64), nullable=True),
    sa.Column('respond_within_hours', sa.Integer(), nullable=False),
    sa.Column('resolve_within_workdays', sa.Integer(), nullable=False),
    sa.Column('deadline_workdays', sa.JSON(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_category_rules')),
    sa.UniqueConstraint('tenant_id', 'code', name=op.f('uq_category_rules_tenant_id_code'))
    )
    op.create_table('unit_resources',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('unit_org_id', sa.Uuid(), nullable=False),
    sa.Column('unit_name', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=True),
    sa.Column('community_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_unit_resources'))
    )
    op.create_table('webhook_subscriptions',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('events', sa.JSON(), nullable=False),
    sa.Column('description', sa.String(length=100), nullable=True),
    sa.Column('secret', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_webhook_subscriptions'))
    )
    op.create_table('work_items',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=60), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('grid_id', sa.Uuid(), nullable=True),
    sa.Column('community_id', sa.Uuid(), nullable=True),
    sa.Column('street_id', sa.Uuid(), nullable=True),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.Column('owner', sa.String(length=120), nullable=True),
    sa.Column('source_ref', sa.String(length=80), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_work_items')),
    sa.UniqueConstraint('tenant_id', 'kind', 'source_ref', name=op.f('uq_work_items_tenant_id_kind_source_ref'))
    )
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.create_index('ix_work_items_tenant_kind_created', ['tenant_id', 'kind', 'created_at'], unique=False)

    op.create_table('case_evidence',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('uri', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('media_type', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=True),
    sa.Column('added_by', sa.String(length=120), nullable=True),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'case_id'], ['cases.tenant_id', 'cases.id'], name=op.f('fk_case_evidence_tenant_id_case_id_cases')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_case_evidence')),
    sa.UniqueConstraint('tenant_id', 'case_id', 'sha256', name=op.f('uq_case_evidence_tenant_id_case_id_sha256'))
    )
    op.create_table('webhook_deliveries',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('subscription_id', sa.Uuid(), nullable=False),
    sa.Column('event_id', sa.Uuid(), nullable=False),
    sa.Column('event_type', sa.String(length=100), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_status_code', sa.Integer(), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'subscription_id'], ['webhook_subscriptions.tenant_id', 'webhook_subscriptions.id'], name=op.f('fk_webhook_deliveries_tenant_id_subscription_id_webhook_subscriptions')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_webhook_deliveries')),
    sa.UniqueConstraint('tenant_id', 'subscription_id', 'event_id', name=op.f('uq_webhook_deliveries_tenant_id_subscription_id_event_id'))
    )
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_webhook_deliveries_due', ['status', 'next_attempt_at'], unique=False)

    op.create_table('work_steps',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['work_items.tenant_id', 'work_items.id'], name=op.f('fk_work_steps_tenant_id_item_id_work_items')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_work_steps')),
    sa.UniqueConstraint('tenant_id', 'item_id', 'seq', name=op.f('uq_work_steps_tenant_id_item_id_seq'))
    )
    op.create_table('webhook_attempts',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('delivery_id', sa.Uuid(), nullable=False),
    sa.Column('attempt', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=300), nullable=True),
    sa.Column('duration_ms', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'delivery_id'], ['webhook_deliveries.tenant_id', 'webhook_deliveries.id'], name=op.f('fk_webhook_attempts_tenant_id_delivery_id_webhook_deliveries')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_webhook_attempts'))
    )
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('compound_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('building_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('latitude', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('address', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('anonymous', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('routed_department_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('routed_department_name', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_cases_tenant_category_compound', ['tenant_id', 'category', 'compound_id', 'reported_at'], unique=False)
        batch_op.create_index('ix_cases_tenant_reported', ['tenant_id', 'reported_at'], unique=False)
        batch_op.create_index('ix_cases_tenant_grid_category', ['tenant_id', 'grid_id', 'category', 'reported_at'], unique=False)

    for table in ('category_rules', 'unit_resources', 'webhook_subscriptions', 'work_items',
                  'case_evidence', 'webhook_deliveries', 'work_steps', 'webhook_attempts'):
        enable_tenant_rls(table)
    if op.get_bind().dialect.name == 'postgresql':
        # the webhook timer lists due (tenant, delivery) pairs across tenants, read-only; each is
        # then leased and settled in a transaction bound to its own tenant
        op.execute("CREATE POLICY webhook_relay ON webhook_deliveries FOR SELECT "
                   "USING (current_setting('app.webhook_relay', true) = 'on')")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP POLICY webhook_relay ON webhook_deliveries")
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index('ix_cases_tenant_grid_category')
        batch_op.drop_index('ix_cases_tenant_reported')
        batch_op.drop_index('ix_cases_tenant_category_compound')
        batch_op.drop_column('routed_department_name')
        batch_op.drop_column('routed_department_id')
        batch_op.drop_column('anonymous')
        batch_op.drop_column('address')
        batch_op.drop_column('latitude')
        batch_op.drop_column('longitude')
        batch_op.drop_column('building_id')
        batch_op.drop_column('compound_id')

    op.drop_table('webhook_attempts')
    op.drop_table('work_steps')
    with op.batch_alter_table('webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_webhook_deliveries_due')

    op.drop_table('webhook_deliveries')
    op.drop_table('case_evidence')
    with op.batch_alter_table('work_items', schema=None) as batch_op:
        batch_op.drop_index('ix_work_items_tenant_kind_created')

    op.drop_table('work_items')
    op.drop_table('webhook_subscriptions')
    op.drop_table('unit_resources')
    op.drop_table('category_rules')
