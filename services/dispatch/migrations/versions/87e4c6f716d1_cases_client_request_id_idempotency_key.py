"""cases client request id (idempotency key, 幂等键): a retried or redelivered report finds its
case by (tenant, key); the hash tells a retry from another report under the same key.

Revision ID: 87e4c6f716d1
Revises: e7919c147e05
Create Date: 2026-12-04 14:41:54.894547
"""
import sqlalchemy as sa
from alembic import op

revision = '87e4c6f716d1'
down_revision = 'e7919c147e05'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_request_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('client_request_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_cases_tenant_id_client_request_id'), ['tenant_id', 'client_request_id'])


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_cases_tenant_id_client_request_id'), type_='unique')
        batch_op.drop_column('client_request_hash')
        batch_op.drop_column('client_request_id')
