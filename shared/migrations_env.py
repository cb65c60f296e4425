"""What every service's ``migrations/env.py`` runs, plus the row-level-security helpers that
migrations call for tenant tables."""
from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

from shared.db import ensure_sqlite_dir

TENANT_CHECK = "tenant_id = current_setting('app.tenant_id', true)"


def run(metadata: sa.MetaData) -> None:
    cfg = context.config
    service = cfg.attributes.get("service") or cfg.get_main_option("service")
    url = cfg.get_main_option("sqlalchemy.url")
    ensure_sqlite_dir(url)
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=metadata,
                          version_table=f"alembic_version_{service}",
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def enable_tenant_rls(table: str, *, extra_read: str | None = None) -> None:
    """ENABLE + FORCE row-level security on a tenant table (PostgreSQL only; SQLite relies on the
    ORM filter). ``extra_read`` widens the policy, e.g. for the outbox relay."""
    if op.get_bind().dialect.name != "postgresql":
        return
    using = f"({TENANT_CHECK})" + (f" OR ({extra_read})" if extra_read else "")
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY tenant_isolation ON {table} USING ({using}) WITH CHECK ({using})")


def create_messaging_tables() -> None:
    """Version 1 of the outbox and inbox of :mod:`shared.outbox`, with their policies. A change
    to those tables gets a new function here and a migration in every service."""
    op.create_table(
        "outbox",
        sa.Column("tenant_id", sa.String(12), nullable=False),
        sa.Column("id", sa.Uuid, nullable=False),
        sa.Column("event_type", sa.String(100), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("traceparent", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("tenant_id", "id", name="pk_outbox"),
    )
    op.create_index("ix_outbox_unsent", "outbox", ["created_at"],
                    postgresql_where=sa.text("sent_at IS NULL"),
                    sqlite_where=sa.text("sent_at IS NULL"))
    op.create_table(
        "inbox",
        sa.Column("tenant_id", sa.String(12), nullable=False),
        sa.Column("consumer", sa.String(120), nullable=False),
        sa.Column("message_id", sa.Uuid, nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "consumer", "message_id", name="pk_inbox"),
    )
    enable_tenant_rls("outbox", extra_read="current_setting('app.outbox_relay', true) = 'on'")
    enable_tenant_rls("inbox")


def create_rpc_replies_table() -> None:
    """Version 1 of :mod:`shared.idempotency`'s ``rpc_replies`` (keys of applied RPCs and their
    answers), with its policy."""
    op.create_table(
        "rpc_replies",
        sa.Column("tenant_id", sa.String(12), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("method", sa.String(120), nullable=False),
        sa.Column("reply_enc", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tenant_id", "key", name="pk_rpc_replies"),
    )
    op.create_index("ix_rpc_replies_created", "rpc_replies", ["tenant_id", "created_at"])
    enable_tenant_rls("rpc_replies")
