"""member access audit: sheet exports are entries too (member_id nullable)

Every exported page of a sheet is one chained entry with no member (member_id NULL; the composite
foreign key to party_members holds for the entries that name one). PostgreSQL drops the NOT NULL in
place (row-level security and the append-only triggers are untouched); SQLite rebuilds the table,
which drops its triggers, so they are put back.

The downgrade fails while export entries exist: they cannot be removed (append-only).

Revision ID: 5790160f57b0
Revises: 8d3b6e2f4a10
Create Date: 2026-12-08 10:00:00
"""
import sqlalchemy as sa
from alembic import op

from shared import audit

revision = '5790160f57b0'
down_revision = '8d3b6e2f4a10'
branch_labels = None
depends_on = None

TABLE = 'member_access_audit'


def _member_id(nullable: bool) -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.alter_column(TABLE, 'member_id', existing_type=sa.Uuid(), nullable=nullable)
        return
    audit.drop_append_only_triggers(op, TABLE)  # the rebuild would drop them anyway
    with op.batch_alter_table(TABLE, recreate='always') as batch_op:
        batch_op.alter_column('member_id', existing_type=sa.Uuid(), nullable=nullable)
    audit.append_only_triggers(op, TABLE)


def upgrade() -> None:
    _member_id(True)


def downgrade() -> None:
    _member_id(False)
