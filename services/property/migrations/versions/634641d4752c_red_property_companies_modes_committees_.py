"""red property: companies, modes, committees, inspections, evaluation, cases, surveys, meetings

Revision ID: 634641d4752c
Revises: 2e182fc8a322
Create Date: 2026-11-24 06:47:14.433903
"""
from alembic import op
import sqlalchemy as sa

from shared.migrations_env import enable_tenant_rls

revision = '634641d4752c'
down_revision = '2e182fc8a322'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('committees',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=False),
    sa.Column('compound_name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('term_starts', sa.Date(), nullable=False),
    sa.Column('term_ends', sa.Date(), nullable=False),
    sa.Column('branch_name', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_committees'))
    )
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.create_index('ix_committees_tenant_compound', ['tenant_id', 'compound_id'], unique=False)

    op.create_table('companies',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('contact_name', sa.String(length=64), nullable=False),
    sa.Column('contact_phone_cipher', sa.String(length=200), nullable=False),
    sa.Column('contact_phone_masked', sa.String(length=20), nullable=False),
    sa.Column('coverage', sa.String(length=16), nullable=False),
    sa.Column('branch_name', sa.String(length=64), nullable=True),
    sa.Column('instructor_name', sa.String(length=64), nullable=True),
    sa.Column('barred_until', sa.Date(), nullable=True),
    sa.Column('credit_seq', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_companies')),
    sa.UniqueConstraint('tenant_id', 'credit_code', name=op.f('uq_companies_tenant_id_credit_code'))
    )
    op.create_table('evaluations',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('weight_authority', sa.Integer(), nullable=False),
    sa.Column('weight_party_org', sa.Integer(), nullable=False),
    sa.Column('weight_owners', sa.Integer(), nullable=False),
    sa.Column('red_count', sa.Integer(), nullable=False),
    sa.Column('black_count', sa.Integer(), nullable=False),
    sa.Column('black_below', sa.Float(), nullable=True),
    sa.Column('bar_months', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('ranking', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_evaluations')),
    sa.UniqueConstraint('tenant_id', 'year', name=op.f('uq_evaluations_tenant_id_year'))
    )
    op.create_table('funding_entries',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('direction', sa.String(length=8), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=True),
    sa.Column('amount_fen', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_funding_entries'))
    )
    with op.batch_alter_table('funding_entries', schema=None) as batch_op:
        batch_op.create_index('ix_funding_tenant_compound_on', ['tenant_id', 'compound_id', 'on'], unique=False)

    op.create_table('inspection_draws',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('sample_size', sa.Integer(), nullable=False),
    sa.Column('population', sa.JSON(), nullable=False),
    sa.Column('sample', sa.JSON(), nullable=False),
    sa.Column('drawn_by', sa.String(length=64), nullable=True),
    sa.Column('drawn_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_inspection_draws')),
    sa.UniqueConstraint('tenant_id', 'year', 'month', name=op.f('uq_inspection_draws_tenant_id_year_month'))
    )
    op.create_table('negative_items',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_negative_items')),
    sa.UniqueConstraint('tenant_id', 'code', name=op.f('uq_negative_items_tenant_id_code'))
    )
    op.create_table('property_cases',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=False),
    sa.Column('grid_id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=True),
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('open', sa.Boolean(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_property_cases')),
    sa.UniqueConstraint('tenant_id', 'case_id', name=op.f('uq_property_cases_tenant_id_case_id'))
    )
    with op.batch_alter_table('property_cases', schema=None) as batch_op:
        batch_op.create_index('ix_property_cases_tenant_company', ['tenant_id', 'company_id'], unique=False)

    op.create_table('satisfaction_surveys',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=False),
    sa.Column('compound_name', sa.String(length=64), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_satisfaction_surveys')),
    sa.UniqueConstraint('tenant_id', 'compound_id', 'year', 'quarter', name=op.f('uq_satisfaction_surveys_tenant_id_compound_id_year_quarter'))
    )
    op.create_table('three_party_meetings',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('community_id', sa.Uuid(), nullable=False),
    sa.Column('community_name', sa.String(length=64), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('attendees', sa.JSON(), nullable=False),
    sa.Column('discussed', sa.JSON(), nullable=False),
    sa.Column('settled', sa.JSON(), nullable=False),
    sa.Column('decisions', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_three_party_meetings'))
    )
    with op.batch_alter_table('three_party_meetings', schema=None) as batch_op:
        batch_op.create_index('ix_three_party_meetings_tenant_held', ['tenant_id', 'held_on'], unique=False)

    op.create_table('candidate_reviews',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('candidate_name', sa.String(length=64), nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('hits', sa.JSON(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('reviewed_by', sa.String(length=64), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'committee_id'], ['committees.tenant_id', 'committees.id'], name=op.f('fk_candidate_reviews_tenant_id_committee_id_committees')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_candidate_reviews'))
    )
    op.create_table('chair_reviews',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('community_grade', sa.String(length=16), nullable=True),
    sa.Column('community_comment', sa.String(length=500), nullable=True),
    sa.Column('branch_grade', sa.String(length=16), nullable=True),
    sa.Column('branch_comment', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'committee_id'], ['committees.tenant_id', 'committees.id'], name=op.f('fk_chair_reviews_tenant_id_committee_id_committees')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_chair_reviews')),
    sa.UniqueConstraint('tenant_id', 'committee_id', 'year', name=op.f('uq_chair_reviews_tenant_id_committee_id_year'))
    )
    op.create_table('committee_members',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('committee_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('party_member', sa.Boolean(), nullable=False),
    sa.Column('branch_post', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id', 'committee_id'], ['committees.tenant_id', 'committees.id'], name=op.f('fk_committee_members_tenant_id_committee_id_committees')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_committee_members'))
    )
    op.create_table('compound_modes',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=False),
    sa.Column('compound_name', sa.String(length=64), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('fallback_kind', sa.String(length=16), nullable=True),
    sa.Column('fallback_provider', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'company_id'], ['companies.tenant_id', 'companies.id'], name=op.f('fk_compound_modes_tenant_id_company_id_companies')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_compound_modes')),
    sa.UniqueConstraint('tenant_id', 'compound_id', name=op.f('uq_compound_modes_tenant_id_compound_id'))
    )
    op.create_table('credit_entries',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('source_id', sa.Uuid(), nullable=True),
    sa.Column('recorded_by', sa.String(length=64), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'company_id'], ['companies.tenant_id', 'companies.id'], name=op.f('fk_credit_entries_tenant_id_company_id_companies')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_credit_entries')),
    sa.UniqueConstraint('tenant_id', 'company_id', 'seq', name=op.f('uq_credit_entries_tenant_id_company_id_seq'))
    )
    op.create_table('evaluation_scores',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('evaluation_id', sa.Uuid(), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('party', sa.String(length=16), nullable=False),
    sa.Column('scores', sa.JSON(), nullable=False),
    sa.Column('total', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'company_id'], ['companies.tenant_id', 'companies.id'], name=op.f('fk_evaluation_scores_tenant_id_company_id_companies')),
    sa.ForeignKeyConstraint(['tenant_id', 'evaluation_id'], ['evaluations.tenant_id', 'evaluations.id'], name=op.f('fk_evaluation_scores_tenant_id_evaluation_id_evaluations')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_evaluation_scores')),
    sa.UniqueConstraint('tenant_id', 'evaluation_id', 'company_id', 'party', name=op.f('uq_evaluation_scores_tenant_id_evaluation_id_company_id_party'))
    )
    op.create_table('inspections',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('draw_id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('inspector', sa.String(length=64), nullable=False),
    sa.Column('checks', sa.JSON(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'draw_id'], ['inspection_draws.tenant_id', 'inspection_draws.id'], name=op.f('fk_inspections_tenant_id_draw_id_inspection_draws')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_inspections')),
    sa.UniqueConstraint('tenant_id', 'draw_id', 'compound_id', name=op.f('uq_inspections_tenant_id_draw_id_compound_id'))
    )
    op.create_table('management_contracts',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=False),
    sa.Column('compound_name', sa.String(length=64), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'company_id'], ['companies.tenant_id', 'companies.id'], name=op.f('fk_management_contracts_tenant_id_company_id_companies')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_management_contracts'))
    )
    with op.batch_alter_table('management_contracts', schema=None) as batch_op:
        batch_op.create_index('ix_contracts_tenant_compound', ['tenant_id', 'compound_id'], unique=False)

    op.create_table('survey_answers',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('survey_id', sa.Uuid(), nullable=False),
    sa.Column('household', sa.String(length=64), nullable=False),
    sa.Column('rating', sa.String(length=24), nullable=False),
    sa.Column('comment', sa.String(length=500), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'survey_id'], ['satisfaction_surveys.tenant_id', 'satisfaction_surveys.id'], name=op.f('fk_survey_answers_tenant_id_survey_id_satisfaction_surveys')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_survey_answers')),
    sa.UniqueConstraint('tenant_id', 'survey_id', 'household', name=op.f('uq_survey_answers_tenant_id_survey_id_household'))
    )
    op.create_table('inspection_findings',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('inspection_id', sa.Uuid(), nullable=False),
    sa.Column('compound_id', sa.Uuid(), nullable=False),
    sa.Column('company_id', sa.Uuid(), nullable=True),
    sa.Column('item', sa.String(length=32), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('case_id', sa.Uuid(), nullable=True),
    sa.Column('rectified', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id', 'inspection_id'], ['inspections.tenant_id', 'inspections.id'], name=op.f('fk_inspection_findings_tenant_id_inspection_id_inspections')),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_inspection_findings'))
    )
    with op.batch_alter_table('inspection_findings', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_findings_tenant_case', ['tenant_id', 'case_id'], unique=False)

    enable_tenant_rls('companies')
    enable_tenant_rls('management_contracts')
    enable_tenant_rls('credit_entries')
    enable_tenant_rls('compound_modes')
    enable_tenant_rls('funding_entries')
    enable_tenant_rls('committees')
    enable_tenant_rls('committee_members')
    enable_tenant_rls('negative_items')
    enable_tenant_rls('candidate_reviews')
    enable_tenant_rls('inspection_draws')
    enable_tenant_rls('inspections')
    enable_tenant_rls('inspection_findings')
    enable_tenant_rls('evaluations')
    enable_tenant_rls('evaluation_scores')
    enable_tenant_rls('property_cases')
    enable_tenant_rls('satisfaction_surveys')
    enable_tenant_rls('survey_answers')
    enable_tenant_rls('three_party_meetings')
    enable_tenant_rls('chair_reviews')


def downgrade() -> None:
    with op.batch_alter_table('inspection_findings', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_findings_tenant_case')

    op.drop_table('inspection_findings')
    op.drop_table('survey_answers')
    with op.batch_alter_table('management_contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_contracts_tenant_compound')

    op.drop_table('management_contracts')
    op.drop_table('inspections')
    op.drop_table('evaluation_scores')
    op.drop_table('credit_entries')
    op.drop_table('compound_modes')
    op.drop_table('committee_members')
    op.drop_table('chair_reviews')
    op.drop_table('candidate_reviews')
    with op.batch_alter_table('three_party_meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_three_party_meetings_tenant_held')

    op.drop_table('three_party_meetings')
    op.drop_table('satisfaction_surveys')
    with op.batch_alter_table('property_cases', schema=None) as batch_op:
        batch_op.drop_index('ix_property_cases_tenant_company')

    op.drop_table('property_cases')
    op.drop_table('negative_items')
    op.drop_table('inspection_draws')
    with op.batch_alter_table('funding_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_funding_tenant_compound_on')

    op.drop_table('funding_entries')
    op.drop_table('evaluations')
    op.drop_table('companies')
    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_index('ix_committees_tenant_compound')

    op.drop_table('committees')
