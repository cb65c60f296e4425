"""open311 keys (Open311 接口密钥): per-county API keys of GeoReport clients, kept as SHA-256

Revision ID: 9997ef2b606c
Revises: 69c6b03ddfaf
Create Date: 2026-12-04 14:54:14.833032
"""
import sqlalchemy as sa
from alembic import op

from shared.migrations_env import enable_tenant_rls

revision = '9997ef2b606c'
down_revision = '69c6b03ddfaf'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('open311_keys',
    sa.Column('tenant_id', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('label', sa.String(length=60), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('tenant_id', 'id', name=op.f('pk_open311_keys'))
    )
    with op.batch_alter_table('open311_keys', schema=None) as batch_op:
        batch_op.create_index('ix_open311_keys_key_hash', ['key_hash'], unique=True)

    enable_tenant_rls('open311_keys')
    if op.get_bind().dialect.name == 'postgresql':
        # a GeoReport request names no county: its key is looked up by hash across counties,
        # read-only, in a transaction that sets this flag for that one query (open311_keys.py)
        op.execute("CREATE POLICY open311_key_lookup ON open311_keys FOR SELECT "
                   "USING (current_setting('app.open311_key_lookup', true) = 'on')")


def downgrade() -> None:
    with op.batch_alter_table('open311_keys', schema=None) as batch_op:
        batch_op.drop_index('ix_open311_keys_key_hash')

    op.drop_table('open311_keys')
