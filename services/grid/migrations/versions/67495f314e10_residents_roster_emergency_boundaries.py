"""residents roster emergency boundaries

Revision ID: 67495f314e10
Revises: 2306ca9c30dc
Create Date: 2026-11-24 06:19:55.522071
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import enable_tenant_rls

revision = '67495f314e10'
down_revision = '2306ca9c30dc'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('emergencies',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('scope_level', sa.String(length=16), nullable=False),
    sa.Column('scope_id', sa.Uuid(), nullable=True),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('activated_by', sa.String(length=128), nullable=False),
    sa.Column('task_count', sa.Integer(), nullable=False),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_emergencies'))
    )
    op.create_table('resident_access_audit',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('subject', sa.String(length=128), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_resident_access_audit'))
    )
    with op.batch_alter_table('resident_access_audit', schema=None) as batch_op:
        batch_op.create_index('ix_resident_access_audit_tenant_record', ['tenant_id', 'record_id'], unique=False)

    op.create_table('staffing_settings',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('model', sa.String(length=32), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_staffing_settings')),
    sa.UniqueConstraint('tenant_id', name=op.f('uq_staffing_settings_tenant_id'))
    )
    op.create_table('emergency_tasks',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('emergency_id', sa.Uuid(), nullable=False),
    sa.Column('assignment_id', sa.Uuid(), nullable=False),
    sa.Column('subject', sa.String(length=128), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'emergency_id'], ['emergencies.tenant_id', 'emergencies.id'], name=op.f('fk_emergency_tasks_tenant_id_emergency_id_emergencies')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_emergency_tasks'))
    )
    with op.batch_alter_table('emergency_tasks', schema=None) as batch_op:
        batch_op.create_index('ix_emergency_tasks_tenant_emergency', ['tenant_id', 'emergency_id', 'community_id'], unique=False)

    op.create_table('cadre_assignments',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('subject', sa.String(length=128), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=True),
    sa.Column('building_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'building_id'], ['buildings.tenant_id', 'buildings.id'], name=op.f('fk_cadre_assignments_tenant_id_building_id_buildings')),
    sa.ForeignKeyConstraint(['tenant_id', 'community_id'], ['communities.tenant_id', 'communities.id'], name=op.f('fk_cadre_assignments_tenant_id_community_id_communities')),
    sa.ForeignKeyConstraint(['tenant_id', 'compound_id'], ['compounds.tenant_id', 'compounds.id'], name=op.f('fk_cadre_assignments_tenant_id_compound_id_compounds')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_cadre_assignments'))
    )
    with op.batch_alter_table('cadre_assignments', schema=None) as batch_op:
        batch_op.create_index('ix_cadre_assignments_tenant_street', ['tenant_id', 'street_id'], unique=False)

    op.create_table('households',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('building_id', sa.Uuid(), nullable=False),
    sa.Column('grid_id', sa.Uuid(), nullable=False),
    sa.Column('unit', sa.String(length=16), nullable=False),
    sa.Column('floor', sa.Integer(), nullable=False),
    sa.Column('room', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'building_id'], ['buildings.tenant_id', 'buildings.id'], name=op.f('fk_households_tenant_id_building_id_buildings')),
    sa.ForeignKeyConstraint(['tenant_id', 'grid_id'], ['grids.tenant_id', 'grids.id'], name=op.f('fk_households_tenant_id_grid_id_grids')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_households')),
    sa.UniqueConstraint('tenant_id', 'building_id', 'unit', 'room', name=op.f('uq_households_tenant_id_building_id_unit_room'))
    )
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.create_index('ix_households_tenant_grid', ['tenant_id', 'grid_id'], unique=False)

    op.create_table('roster_posts',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('level', sa.String(length=32), nullable=False),
    sa.Column('holder_name', sa.String(length=32), nullable=False),
    sa.Column('holder_key', sa.String(length=64), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=True),
    sa.Column('grid_id', sa.Uuid(), nullable=True),
    sa.Column('building_id', sa.Uuid(), nullable=True),
    sa.Column('unit', sa.String(length=16), nullable=True),
    sa.Column('floor', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'building_id'], ['buildings.tenant_id', 'buildings.id'], name=op.f('fk_roster_posts_tenant_id_building_id_buildings')),
    sa.ForeignKeyConstraint(['tenant_id', 'community_id'], ['communities.tenant_id', 'communities.id'], name=op.f('fk_roster_posts_tenant_id_community_id_communities')),
    sa.ForeignKeyConstraint(['tenant_id', 'compound_id'], ['compounds.tenant_id', 'compounds.id'], name=op.f('fk_roster_posts_tenant_id_compound_id_compounds')),
    sa.ForeignKeyConstraint(['tenant_id', 'grid_id'], ['grids.tenant_id', 'grids.id'], name=op.f('fk_roster_posts_tenant_id_grid_id_grids')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_roster_posts'))
    )
    with op.batch_alter_table('roster_posts', schema=None) as batch_op:
        batch_op.create_index('ix_roster_posts_tenant_grid', ['tenant_id', 'grid_id'], unique=False)

    op.create_table('residents',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('grid_id', sa.Uuid(), nullable=False),
    sa.Column('household_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('id_number_enc', sa.String(length=200), nullable=False),
    sa.Column('id_number_index', sa.String(length=64), nullable=False),
    sa.Column('phone_enc', sa.String(length=200), nullable=True),
    sa.Column('phone_index', sa.String(length=64), nullable=True),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('residency', sa.String(length=16), nullable=False),
    sa.Column('special_groups', sa.JSON(), nullable=False),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'grid_id'], ['grids.tenant_id', 'grids.id'], name=op.f('fk_residents_tenant_id_grid_id_grids')),
    sa.ForeignKeyConstraint(['tenant_id', 'household_id'], ['households.tenant_id', 'households.id'], name=op.f('fk_residents_tenant_id_household_id_households')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_residents')),
    sa.UniqueConstraint('tenant_id', 'id_number_index', name=op.f('uq_residents_tenant_id_id_number_index'))
    )
    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.create_index('ix_residents_tenant_grid', ['tenant_id', 'grid_id'], unique=False)

    with op.batch_alter_table('grids', schema=None) as batch_op:
        batch_op.add_column(sa.Column('household_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('boundary', sa.JSON(), nullable=True))

    enable_tenant_rls('households')
    enable_tenant_rls('residents')
    enable_tenant_rls('resident_access_audit')
    enable_tenant_rls('roster_posts')
    enable_tenant_rls('staffing_settings')
    enable_tenant_rls('cadre_assignments')
    enable_tenant_rls('emergencies')
    enable_tenant_rls('emergency_tasks')


def downgrade() -> None:
    with op.batch_alter_table('grids', schema=None) as batch_op:
        batch_op.drop_column('boundary')
        batch_op.drop_column('household_count')

    with op.batch_alter_table('residents', schema=None) as batch_op:
        batch_op.drop_index('ix_residents_tenant_grid')

    op.drop_table('residents')
    with op.batch_alter_table('roster_posts', schema=None) as batch_op:
        batch_op.drop_index('ix_roster_posts_tenant_grid')

    op.drop_table('roster_posts')
    with op.batch_alter_table('households', schema=None) as batch_op:
        batch_op.drop_index('ix_households_tenant_grid')

    op.drop_table('households')
    with op.batch_alter_table('cadre_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_cadre_assignments_tenant_street')

    op.drop_table('cadre_assignments')
    with op.batch_alter_table('emergency_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_emergency_tasks_tenant_emergency')

    op.drop_table('emergency_tasks')
    op.drop_table('staffing_settings')
    with op.batch_alter_table('resident_access_audit', schema=None) as batch_op:
        batch_op.drop_index('ix_resident_access_audit_tenant_record')

    op.drop_table('resident_access_audit')
    op.drop_table('emergencies')
