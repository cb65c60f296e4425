"""member access audit: hash chain, append-only

Revision ID: 8d3b6e2f4a10
Revises: c61bf4ab6cfe
Create Date: 2026-12-01 23:30:00
"""
import sqlalchemy as sa
from alembic import op

from shared import audit

revision = '8d3b6e2f4a10'
down_revision = 'c61bf4ab6cfe'
branch_labels = None
depends_on = None

TABLE = 'member_access_audit'
# the chained columns, as shared.audit hashes them (models' __chain_fields__)
CONTENT = [sa.column('subject', sa.String), sa.column('field', sa.String),
           sa.column('member_id', sa.Uuid), sa.column('reason', sa.String)]


def upgrade() -> None:
    op.add_column(TABLE, sa.Column('seq', sa.BigInteger(), nullable=True))
    op.add_column(TABLE, sa.Column('prev_hash', sa.String(length=64), nullable=True))
    op.add_column(TABLE, sa.Column('hash', sa.String(length=64), nullable=True))
    audit.backfill(op, TABLE, CONTENT)
    op.create_index('ix_member_access_audit_chain', TABLE, ['tenant_id', 'seq'], unique=True)
    audit.append_only_triggers(op, TABLE)


def downgrade() -> None:
    audit.drop_append_only_triggers(op, TABLE)
    op.drop_index('ix_member_access_audit_chain', table_name=TABLE)
    op.drop_column(TABLE, 'hash')
    op.drop_column(TABLE, 'prev_hash')
    op.drop_column(TABLE, 'seq')
