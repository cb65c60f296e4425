"""complaint deduction on evaluations

Revision ID: 883431df034f
Revises: 4075a4c5bedc
Create Date: 2026-12-04 14:50:00.000000
"""
import sqlalchemy as sa
from alembic import op

revision = '883431df034f'
down_revision = '4075a4c5bedc'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # evaluations opened before the rule get 0 (no deduction), as their published rankings had none
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('complaint_deduction_centi', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('complaint_deduction_cap_centi', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('evaluations', schema=None) as batch_op:
        batch_op.drop_column('complaint_deduction_cap_centi')
        batch_op.drop_column('complaint_deduction_centi')
