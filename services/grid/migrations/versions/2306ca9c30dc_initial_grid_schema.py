"""initial grid schema

Revision ID: 2306ca9c30dc
Revises: 
Create Date: 2026-11-24 05:55:44.408878
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import create_messaging_tables, enable_tenant_rls

revision = '2306ca9c30dc'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table('streets',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=9), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_streets')),
    sa.UniqueConstraint('tenant_id', 'name', name=op.f('uq_streets_tenant_id_name'))
    )
    op.create_table('communities',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'street_id'], ['streets.tenant_id', 'streets.id'], name=op.f('fk_communities_tenant_id_street_id_streets')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_communities')),
    sa.UniqueConstraint('tenant_id', 'street_id', 'name', name=op.f('uq_communities_tenant_id_street_id_name'))
    )
    op.create_table('compounds',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'community_id'], ['communities.tenant_id', 'communities.id'], name=op.f('fk_compounds_tenant_id_community_id_communities')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_compounds')),
    sa.UniqueConstraint('tenant_id', 'community_id', 'name', name=op.f('uq_compounds_tenant_id_community_id_name'))
    )
    op.create_table('buildings',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('households', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'compound_id'], ['compounds.tenant_id', 'compounds.id'], name=op.f('fk_buildings_tenant_id_compound_id_compounds')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_buildings')),
    sa.UniqueConstraint('tenant_id', 'compound_id', 'name', name=op.f('uq_buildings_tenant_id_compound_id_name'))
    )
    op.create_table('grids',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('street_id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('open_case_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'community_id'], ['communities.tenant_id', 'communities.id'], name=op.f('fk_grids_tenant_id_community_id_communities')),
    sa.ForeignKeyConstraint(['tenant_id', 'compound_id'], ['compounds.tenant_id', 'compounds.id'], name=op.f('fk_grids_tenant_id_compound_id_compounds')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_grids')),
    sa.UniqueConstraint('tenant_id', 'community_id', 'name', name=op.f('uq_grids_tenant_id_community_id_name'))
    )
    with op.batch_alter_table('grids', schema=None) as batch_op:
        batch_op.create_index('ix_grids_tenant_street', ['tenant_id', 'street_id'], unique=False)

    enable_tenant_rls('streets')
    enable_tenant_rls('communities')
    enable_tenant_rls('compounds')
    enable_tenant_rls('buildings')
    enable_tenant_rls('grids')


def downgrade() -> None:
    with op.batch_alter_table('grids', schema=None) as batch_op:
        batch_op.drop_index('ix_grids_tenant_street')

    op.drop_table('grids')
    op.drop_table('buildings')
    op.drop_table('compounds')
    op.drop_table('communities')
    op.drop_table('streets')
    op.drop_table('outbox')
    op.drop_table('inbox')
