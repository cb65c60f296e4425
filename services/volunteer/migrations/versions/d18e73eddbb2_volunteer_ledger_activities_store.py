"""volunteer ledger, activities, rules, points store, pioneer snapshots

Revision ID: d18e73eddbb2
Revises: b18a4a25287f
Create Date: 2026-11-24 06:20:44.106158
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import enable_tenant_rls

TABLES = ('teams', 'volunteers', 'accounts', 'point_transactions', 'entries', 'point_rules',
          'activities', 'signups', 'store_items', 'redemptions', 'pioneer_snapshots')

# Checked at COMMIT (deferred): every transaction touched must still sum to zero, whatever code
# wrote the entries. SQLite relies on the same check in services/volunteer/ledger.py.
BALANCED_FUNCTION = """
CREATE FUNCTION entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE total bigint;
BEGIN
  SELECT coalesce(sum(amount), 0) INTO total FROM entries
   WHERE tenant_id = NEW.tenant_id AND transaction_id = NEW.transaction_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'points transaction % is unbalanced (sum %)', NEW.transaction_id, total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$"""
BALANCED_TRIGGER = ("CREATE CONSTRAINT TRIGGER entries_balanced AFTER INSERT OR UPDATE ON entries "
                    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION entries_balanced()")

revision = 'd18e73eddbb2'
down_revision = 'b18a4a25287f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('point_rules',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('points_per_hour', sa.Integer(), nullable=False),
    sa.Column('points_per_case', sa.Integer(), nullable=False),
    sa.Column('points_per_duty', sa.Integer(), server_default='0', nullable=False),
    sa.Column('daily_cap', sa.Integer(), nullable=True),
    sa.Column('monthly_cap', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_point_rules')),
    sa.UniqueConstraint('tenant_id', 'effective_from', name=op.f('uq_point_rules_tenant_id_effective_from'))
    )
    op.create_table('point_transactions',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('source_type', sa.String(length=16), nullable=False),
    sa.Column('source_id', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('reverses_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'reverses_id'], ['point_transactions.tenant_id', 'point_transactions.id'], name=op.f('fk_point_transactions_tenant_id_reverses_id_point_transactions')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_point_transactions')),
    sa.UniqueConstraint('tenant_id', 'source_type', 'source_id', name=op.f('uq_point_transactions_tenant_id_source_type_source_id'))
    )
    op.create_table('store_items',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('price', sa.Integer(), nullable=False),
    sa.Column('stock', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('stock >= 0', name=op.f('ck_store_items_stock_nonnegative')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_store_items')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_store_items_tenant_id_name'))
    )
    op.create_table('teams',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_teams')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_teams_tenant_id_name'))
    )
    op.create_table('activities',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('organizer', sa.String(length=128), nullable=True),
    sa.Column('checkin_code', sa.String(length=8), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'team_id'], ['teams.tenant_id', 'teams.id'], name=op.f('fk_activities_tenant_id_team_id_teams')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_activities'))
    )
    op.create_table('volunteers',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('member_id', sa.String(length=64), nullable=True),
    sa.Column('team_id', sa.Uuid(), nullable=True),
    sa.Column('community_id', sa.Uuid(), nullable=True),
    sa.Column('subject', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'team_id'], ['teams.tenant_id', 'teams.id'], name=op.f('fk_volunteers_tenant_id_team_id_teams')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_volunteers')),
    sa.UniqueConstraint('tenant_id', 'member_id', name=op.f('uq_volunteers_tenant_id_member_id')),
    sa.UniqueConstraint('tenant_id', 'subject', name=op.f('uq_volunteers_tenant_id_subject'))
    )
    op.create_table('accounts',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('volunteer_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'volunteer_id'], ['volunteers.tenant_id', 'volunteers.id'], name=op.f('fk_accounts_tenant_id_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('tenant_id', 'key', name=op.f('uq_accounts_tenant_id_key'))
    )
    op.create_table('redemptions',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Uuid(), nullable=False),
    sa.Column('volunteer_id', sa.Uuid(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'item_id'], ['store_items.tenant_id', 'store_items.id'], name=op.f('fk_redemptions_tenant_id_item_id_store_items')),
    sa.ForeignKeyConstraint(['tenant_id', 'volunteer_id'], ['volunteers.tenant_id', 'volunteers.id'], name=op.f('fk_redemptions_tenant_id_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_redemptions'))
    )
    op.create_table('signups',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('activity_id', sa.Uuid(), nullable=False),
    sa.Column('volunteer_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('confirmed_minutes', sa.Integer(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'activity_id'], ['activities.tenant_id', 'activities.id'], name=op.f('fk_signups_tenant_id_activity_id_activities')),
    sa.ForeignKeyConstraint(['tenant_id', 'volunteer_id'], ['volunteers.tenant_id', 'volunteers.id'], name=op.f('fk_signups_tenant_id_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_signups')),
    sa.UniqueConstraint('tenant_id', 'activity_id', 'volunteer_id', name=op.f('uq_signups_tenant_id_activity_id_volunteer_id'))
    )
    op.create_table('entries',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('transaction_id', sa.Uuid(), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('source_type', sa.String(length=16), nullable=False),
    sa.Column('source_id', sa.String(length=64), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.CheckConstraint('amount <> 0', name=op.f('ck_entries_nonzero')),
    sa.ForeignKeyConstraint(['tenant_id', 'account_id'], ['accounts.tenant_id', 'accounts.id'], name=op.f('fk_entries_tenant_id_account_id_accounts')),
    sa.ForeignKeyConstraint(['tenant_id', 'transaction_id'], ['point_transactions.tenant_id', 'point_transactions.id'], name=op.f('fk_entries_tenant_id_transaction_id_point_transactions')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_entries')),
    sa.UniqueConstraint('tenant_id', 'source_type', 'source_id', 'account_id', name=op.f('uq_entries_tenant_id_source_type_source_id_account_id'))
    )
    op.create_table('pioneer_snapshots',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('volunteer_id', sa.Uuid(), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('cases', sa.Integer(), nullable=False),
    sa.Column('wishes', sa.Integer(), nullable=False),
    sa.Column('hours_score', sa.Float(), nullable=False),
    sa.Column('cases_score', sa.Float(), nullable=False),
    sa.Column('wishes_score', sa.Float(), nullable=False),
    sa.Column('index', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'volunteer_id'], ['volunteers.tenant_id', 'volunteers.id'], name=op.f('fk_pioneer_snapshots_tenant_id_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_pioneer_snapshots')),
    sa.UniqueConstraint('tenant_id', 'month', 'volunteer_id', name=op.f('uq_pioneer_snapshots_tenant_id_month_volunteer_id'))
    )
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.create_index('ix_entries_tenant_account', ['tenant_id', 'account_id', 'occurred_on'], unique=False)
    for table in TABLES:
        enable_tenant_rls(table)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(BALANCED_FUNCTION)
        op.execute(BALANCED_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP TRIGGER entries_balanced ON entries')
        op.execute('DROP FUNCTION entries_balanced()')
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.drop_index('ix_entries_tenant_account')

    op.drop_table('entries')
    op.drop_table('pioneer_snapshots')
    op.drop_table('signups')
    op.drop_table('redemptions')
    op.drop_table('accounts')
    op.drop_table('volunteers')
    op.drop_table('activities')
    op.drop_table('teams')
    op.drop_table('store_items')
    op.drop_table('point_transactions')
    op.drop_table('point_rules')
