"""roster post holder phone (联系电话), encrypted, from the roster sheet

Revision ID: 9d3e6b1f4a27
Revises: 5e1f0a7c9d21
Create Date: 2026-12-03 10:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = '9d3e6b1f4a27'
down_revision = '5e1f0a7c9d21'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('roster_posts', sa.Column('holder_phone_enc', sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column('roster_posts', 'holder_phone_enc')
