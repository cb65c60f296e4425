"""party organization system

Revision ID: 0b03679fe99d
Revises: 1f5a604edaa3
Create Date: 2026-11-24 06:49:18.643967
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import enable_tenant_rls

revision = '0b03679fe99d'
down_revision = '1f5a604edaa3'
branch_labels = None
depends_on = None
TABLES = ('orgs', 'venue_standards', 'deliberations', 'meetings', 'member_units', 'org_history',
          'party_members', 'star_plans', 'venues', 'deliberation_steps', 'meeting_decisions',
          'member_access_audit', 'member_service_records', 'member_transfers', 'org_officers',
          'registrations', 'committee_projects')


def upgrade() -> None:
    op.create_table('orgs',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('dissolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('street_id', sa.Uuid(), nullable=True),
    sa.Column('community_id', sa.Uuid(), nullable=True),
    sa.Column('grid_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'parent_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_orgs_tenant_id_parent_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_orgs'))
    )
    with op.batch_alter_table('orgs', schema=None) as batch_op:
        batch_op.create_index('ix_orgs_tenant_path', ['tenant_id', 'path'], unique=False)
        batch_op.create_index('uq_orgs_active_sibling_name', ['tenant_id', 'parent_id', 'name'], unique=True, postgresql_where=sa.text("status = 'active'"), sqlite_where=sa.text("status = 'active'"))

    op.create_table('venue_standards',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('class_name', sa.String(length=32), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_venue_standards')),
    sa.UniqueConstraint('tenant_id', 'code', name=op.f('uq_venue_standards_tenant_id_code'))
    )
    op.create_table('deliberations',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('adopted', sa.Boolean(), nullable=True),
    sa.Column('street_id', sa.Uuid(), nullable=True),
    sa.Column('community_id', sa.Uuid(), nullable=True),
    sa.Column('grid_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_deliberations_tenant_id_org_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_deliberations'))
    )
    with op.batch_alter_table('deliberations', schema=None) as batch_op:
        batch_op.create_index('ix_deliberations_org', ['tenant_id', 'org_id'], unique=False)

    op.create_table('meetings',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('level', sa.String(length=12), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('attending_units', sa.JSON(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('minutes', sa.Text(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=True),
    sa.Column('community_id', sa.Uuid(), nullable=True),
    sa.Column('grid_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_meetings_tenant_id_org_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_held', ['tenant_id', 'held_on'], unique=False)

    op.create_table('member_units',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('unit_org_id', sa.Uuid(), nullable=False),
    sa.Column('category', sa.String(length=1), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'committee_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_member_units_tenant_id_committee_id_orgs')),
    sa.ForeignKeyConstraint(['tenant_id', 'unit_org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_member_units_tenant_id_unit_org_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_member_units')),
    sa.UniqueConstraint('tenant_id', 'committee_id', 'unit_org_id', name=op.f('uq_member_units_tenant_id_committee_id_unit_org_id'))
    )
    op.create_table('org_history',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_org_history_tenant_id_org_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_org_history'))
    )
    with op.batch_alter_table('org_history', schema=None) as batch_op:
        batch_op.create_index('ix_org_history_org', ['tenant_id', 'org_id'], unique=False)

    op.create_table('party_members',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('id_number_enc', sa.String(length=128), nullable=False),
    sa.Column('id_number_index', sa.String(length=64), nullable=False),
    sa.Column('id_number_masked', sa.String(length=18), nullable=False),
    sa.Column('phone_enc', sa.String(length=128), nullable=True),
    sa.Column('phone_masked', sa.String(length=11), nullable=True),
    sa.Column('join_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('employer_unit', sa.String(length=64), nullable=True),
    sa.Column('in_service', sa.Boolean(), nullable=False),
    sa.Column('residence_community_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=True),
    sa.Column('community_id', sa.Uuid(), nullable=True),
    sa.Column('grid_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_party_members_tenant_id_org_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_party_members')),
    sa.UniqueConstraint('tenant_id', 'id_number_index', name=op.f('uq_party_members_tenant_id_id_number_index'))
    )
    with op.batch_alter_table('party_members', schema=None) as batch_op:
        batch_op.create_index('ix_party_members_org', ['tenant_id', 'org_id'], unique=False)

    op.create_table('star_plans',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('tasks', sa.JSON(), nullable=False),
    sa.Column('stars', sa.Integer(), nullable=True),
    sa.Column('reasons', sa.String(length=1000), nullable=True),
    sa.Column('demonstration_title', sa.String(length=64), nullable=True),
    sa.Column('evaluated_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_star_plans_tenant_id_org_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_star_plans')),
    sa.UniqueConstraint('tenant_id', 'org_id', 'year', name=op.f('uq_star_plans_tenant_id_org_id_year'))
    )
    op.create_table('venues',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('lng', sa.Float(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=False),
    sa.Column('opening_hours', sa.String(length=100), nullable=False),
    sa.Column('met_codes', sa.JSON(), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('street_id', sa.Uuid(), nullable=True),
    sa.Column('community_id', sa.Uuid(), nullable=True),
    sa.Column('grid_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_venues_tenant_id_org_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_venues')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_venues_tenant_id_name'))
    )
    op.create_table('deliberation_steps',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('deliberation_id', sa.Uuid(), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('note', sa.String(length=2000), nullable=False),
    sa.Column('votes', sa.JSON(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'deliberation_id'], ['deliberations.tenant_id', 'deliberations.id'], name=op.f('fk_deliberation_steps_tenant_id_deliberation_id_deliberations')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_deliberation_steps')),
    sa.UniqueConstraint('tenant_id', 'deliberation_id', 'step', name=op.f('uq_deliberation_steps_tenant_id_deliberation_id_step'))
    )
    op.create_table('meeting_decisions',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('meeting_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('owner_unit', sa.String(length=64), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'meeting_id'], ['meetings.tenant_id', 'meetings.id'], name=op.f('fk_meeting_decisions_tenant_id_meeting_id_meetings')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_meeting_decisions'))
    )
    with op.batch_alter_table('meeting_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_meeting_decisions_meeting', ['tenant_id', 'meeting_id'], unique=False)

    op.create_table('member_access_audit',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['party_members.tenant_id', 'party_members.id'], name=op.f('fk_member_access_audit_tenant_id_member_id_party_members')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_member_access_audit'))
    )
    op.create_table('member_service_records',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('source_id', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['party_members.tenant_id', 'party_members.id'], name=op.f('fk_member_service_records_tenant_id_member_id_party_members')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_member_service_records')),
    sa.UniqueConstraint('tenant_id', 'member_id', 'source', 'source_id', name=op.f('uq_member_service_records_tenant_id_member_id_source_source_id'))
    )
    op.create_table('member_transfers',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=False),
    sa.Column('from_org_id', sa.Uuid(), nullable=False),
    sa.Column('to_org_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'from_org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_member_transfers_tenant_id_from_org_id_orgs')),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['party_members.tenant_id', 'party_members.id'], name=op.f('fk_member_transfers_tenant_id_member_id_party_members')),
    sa.ForeignKeyConstraint(['tenant_id', 'to_org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_member_transfers_tenant_id_to_org_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_member_transfers'))
    )
    with op.batch_alter_table('member_transfers', schema=None) as batch_op:
        batch_op.create_index('ix_member_transfers_member', ['tenant_id', 'member_id'], unique=False)

    op.create_table('org_officers',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=True),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['party_members.tenant_id', 'party_members.id'], name=op.f('fk_org_officers_tenant_id_member_id_party_members')),
    sa.ForeignKeyConstraint(['tenant_id', 'org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_org_officers_tenant_id_org_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_org_officers'))
    )
    with op.batch_alter_table('org_officers', schema=None) as batch_op:
        batch_op.create_index('ix_org_officers_org', ['tenant_id', 'org_id'], unique=False)

    op.create_table('registrations',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('member_id', sa.Uuid(), nullable=True),
    sa.Column('org_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=True),
    sa.Column('duties', sa.String(length=200), nullable=True),
    sa.Column('pledge', sa.String(length=500), nullable=False),
    sa.Column('registered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'member_id'], ['party_members.tenant_id', 'party_members.id'], name=op.f('fk_registrations_tenant_id_member_id_party_members')),
    sa.ForeignKeyConstraint(['tenant_id', 'org_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_registrations_tenant_id_org_id_orgs')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_registrations')),
    sa.UniqueConstraint('tenant_id', 'kind', 'member_id', 'org_id', 'community_id', name=op.f('uq_registrations_tenant_id_kind_member_id_org_id_community_id'))
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_index('ix_registrations_community', ['tenant_id', 'community_id'], unique=False)

    op.create_table('committee_projects',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('officer_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'committee_id'], ['orgs.tenant_id', 'orgs.id'], name=op.f('fk_committee_projects_tenant_id_committee_id_orgs')),
    sa.ForeignKeyConstraint(['tenant_id', 'officer_id'], ['org_officers.tenant_id', 'org_officers.id'], name=op.f('fk_committee_projects_tenant_id_officer_id_org_officers')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_committee_projects'))
    )
    with op.batch_alter_table('committee_projects', schema=None) as batch_op:
        batch_op.create_index('ix_committee_projects_officer', ['tenant_id', 'officer_id', 'year'], unique=False)

    for table in TABLES:
        enable_tenant_rls(table)


def downgrade() -> None:
    with op.batch_alter_table('committee_projects', schema=None) as batch_op:
        batch_op.drop_index('ix_committee_projects_officer')

    op.drop_table('committee_projects')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_registrations_community')

    op.drop_table('registrations')
    with op.batch_alter_table('org_officers', schema=None) as batch_op:
        batch_op.drop_index('ix_org_officers_org')

    op.drop_table('org_officers')
    with op.batch_alter_table('member_transfers', schema=None) as batch_op:
        batch_op.drop_index('ix_member_transfers_member')

    op.drop_table('member_transfers')
    op.drop_table('member_service_records')
    op.drop_table('member_access_audit')
    with op.batch_alter_table('meeting_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_meeting_decisions_meeting')

    op.drop_table('meeting_decisions')
    op.drop_table('deliberation_steps')
    op.drop_table('venues')
    op.drop_table('star_plans')
    with op.batch_alter_table('party_members', schema=None) as batch_op:
        batch_op.drop_index('ix_party_members_org')

    op.drop_table('party_members')
    with op.batch_alter_table('org_history', schema=None) as batch_op:
        batch_op.drop_index('ix_org_history_org')

    op.drop_table('org_history')
    op.drop_table('member_units')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_held')

    op.drop_table('meetings')
    with op.batch_alter_table('deliberations', schema=None) as batch_op:
        batch_op.drop_index('ix_deliberations_org')

    op.drop_table('deliberations')
    op.drop_table('venue_standards')
    with op.batch_alter_table('orgs', schema=None) as batch_op:
        batch_op.drop_index('uq_orgs_active_sibling_name', postgresql_where=sa.text("status = 'active'"), sqlite_where=sa.text("status = 'active'"))
        batch_op.drop_index('ix_orgs_tenant_path')

    op.drop_table('orgs')
