"""Tenant-enforcing persistence: declarative base, engines, and the worker's session provider.

Two locks on every tenant table: the ORM adds ``tenant_id = :tenant`` to every query and stamps
every new row (works on SQLite and PostgreSQL); on PostgreSQL row-level security (ENABLE + FORCE,
app role not the owner) additionally filters by ``current_setting('app.tenant_id')``, set with
``set_config(..., true)`` at the start of each transaction.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from nameko.extensions import DependencyProvider
from sqlalchemy import event
from sqlalchemy.orm import (
    DeclarativeBase, Mapped, ORMExecuteState, Session, mapped_column, sessionmaker,
    with_loader_criteria,
)

from shared.errors import Forbidden, TenantRequired
from shared.principal import TENANT_KEY, is_tenant_code
from shared.settings import get_settings

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def service_base() -> type[DeclarativeBase]:
    """A fresh declarative base: each service owns its own MetaData."""

    class ServiceBase(DeclarativeBase):
        metadata = sa.MetaData(naming_convention=NAMING)
        type_annotation_map = {datetime: sa.DateTime(timezone=True)}

    return ServiceBase


class TenantScoped:
    """Mixin for tenant tables: ``tenant_id`` first in the table and in the primary key."""

    tenant_id: Mapped[str] = mapped_column(sa.String(12), primary_key=True, sort_order=-100)
    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id, sort_order=-99)


def ensure_sqlite_dir(url: str) -> None:
    """SQLite creates the file but not its folder (var/db/ on a fresh clone)."""
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str) -> sa.Engine:
    engine = _make_engine(url)
    from shared.telemetry import tracing_enabled

    if tracing_enabled():
        from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor

        # statements carry placeholders, not values: no personal data reaches the spans
        SQLAlchemyInstrumentor().instrument(engine=engine, enable_commenter=False)
    return engine


def _make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        ensure_sqlite_dir(url)
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()
            # pysqlite begins transactions lazily, before the first write only: a SAVEPOINT
            # after a SELECT would then start (and its release commit) the outer transaction.
            # SQLAlchemy's documented remedy: we emit BEGIN ourselves.
            dbapi_conn.isolation_level = None

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            conn.exec_driver_sql("BEGIN")

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _is_postgres(bind) -> bool:
    return bind.dialect.name == "postgresql"


def tenant_sessionmaker(engine: sa.Engine) -> sessionmaker:
    """Sessions made here need ``session.info['tenant']`` (see :func:`open_tenant_session`)."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)

    @event.listens_for(factory, "do_orm_execute")
    def _scope_queries(state: ORMExecuteState) -> None:
        tenant = state.session.info.get(TENANT_KEY)
        if state.execution_options.get("all_tenants"):
            return
        if tenant is None:
            raise TenantRequired()
        if state.is_select or state.is_update or state.is_delete:
            state.statement = state.statement.options(
                with_loader_criteria(TenantScoped, lambda cls: cls.tenant_id == tenant,
                                     include_aliases=True, track_closure_variables=False)
            )

    @event.listens_for(factory, "before_flush")
    def _stamp_rows(session: Session, _ctx, _instances) -> None:
        tenant = session.info.get(TENANT_KEY)
        for obj in list(session.new) + list(session.dirty) + list(session.deleted):
            if not isinstance(obj, TenantScoped):
                continue
            if tenant is None:
                raise TenantRequired()
            if obj.tenant_id is None:
                obj.tenant_id = tenant
            elif obj.tenant_id != tenant:
                raise Forbidden("write into another tenant refused", "禁止写入其他租户的数据")

    @event.listens_for(factory, "after_begin")
    def _set_rls_tenant(session: Session, _tx, connection: sa.Connection) -> None:
        if not _is_postgres(connection):
            return
        tenant = session.info.get(TENANT_KEY)
        if tenant is not None:
            connection.exec_driver_sql("SELECT set_config('app.tenant_id', %s, true)", (tenant,))
        if session.info.get("outbox_relay"):
            connection.exec_driver_sql("SELECT set_config('app.outbox_relay', 'on', true)")

    return factory


def open_tenant_session(factory: sessionmaker, tenant: str | None) -> Session:
    if not is_tenant_code(tenant):
        raise TenantRequired()
    return factory(info={TENANT_KEY: tenant})


class TenantDb:
    """What a worker gets: ``db.session`` bound to the caller's tenant, opened on first use."""

    def __init__(self, factory: sessionmaker, tenant: str | None):
        self._factory = factory
        self.tenant = tenant
        self._session: Session | None = None

    @property
    def engine(self) -> sa.Engine:
        return self._factory.kw["bind"]

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = open_tenant_session(self._factory, self.tenant)
        return self._session

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None


class Database(DependencyProvider):
    """One engine per service container; one tenant-bound session per worker."""

    def __init__(self, service_name: str, metadata: sa.MetaData):
        self.service_name = service_name
        self.metadata = metadata
        self.engine: sa.Engine | None = None
        self.factory: sessionmaker | None = None
        self._open: dict = {}

    def setup(self):
        """Runs when the container starts: creates the engine for this service's database."""
        self.engine = make_engine(get_settings().service_database_url(self.service_name))
        self.factory = tenant_sessionmaker(self.engine)

    def stop(self):
        """Runs when the container stops: closes the pool."""
        if self.engine is not None:
            self.engine.dispose()

    def get_dependency(self, worker_ctx):
        db = TenantDb(self.factory, worker_ctx.data.get(TENANT_KEY))
        self._open[worker_ctx] = db
        return db

    def for_worker(self, worker_ctx) -> TenantDb | None:
        """The worker's :class:`TenantDb` (other dependencies hook into its session)."""
        return self._open.get(worker_ctx)

    def worker_teardown(self, worker_ctx):
        """Runs after each worker: closes (and so rolls back anything uncommitted)."""
        db = self._open.pop(worker_ctx, None)
        if db is not None:
            db.close()
