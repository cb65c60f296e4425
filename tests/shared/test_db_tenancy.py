"""Tenant isolation in shared.db on migrated databases: the ORM filter (SQLite and PostgreSQL) and
row-level security for the non-owner app role (PostgreSQL)."""
import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from services.grid.models import Street
from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.errors import Forbidden, TenantRequired
from shared.migrate import upgrade
from shared.settings import SERVICES

A, B = "341181", "341182"


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"  # the PostgreSQL databases are shared by the run


@pytest.fixture(scope="module")
def pg_urls(pg_layout, pg_host):
    """Owner and app URLs per service, every service migrated by the owner."""
    owner = pg_layout.url(pg_host, migrations=True)
    app = pg_layout.url(pg_host)
    for service in SERVICES:
        upgrade(service, owner.replace("{service}", service))
    return {s: (owner.replace("{service}", s), app.replace("{service}", s)) for s in SERVICES}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'grid.sqlite'}"
        upgrade("grid", url)
    else:
        url = request.getfixturevalue("pg_urls")["grid"][1]  # sessions use the app role
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def factory(engine):
    return tenant_sessionmaker(engine)


def add_street(factory, tenant: str, name: str) -> Street:
    with open_tenant_session(factory, tenant) as session, session.begin():
        street = Street(name=name)
        session.add(street)
    return street


def test_rows_of_one_tenant_are_invisible_to_another(factory):
    street = add_street(factory, A, unique("north"))
    with open_tenant_session(factory, B) as session, session.begin():
        assert session.scalars(sa.select(Street).where(Street.id == street.id)).all() == []
        assert session.get(Street, (A, street.id)) is None
        updated = session.execute(sa.update(Street).where(Street.id == street.id).values(name="stolen"))
        assert updated.rowcount == 0
        deleted = session.execute(sa.delete(Street).where(Street.id == street.id))
        assert deleted.rowcount == 0
    with open_tenant_session(factory, A) as session:
        assert session.get(Street, (A, street.id)).name == street.name


def test_tenant_id_is_stamped(factory):
    street = add_street(factory, A, unique("east"))
    assert street.tenant_id == A
    with open_tenant_session(factory, A) as session:
        assert session.scalar(sa.select(Street.tenant_id).where(Street.id == street.id)) == A


def test_writing_into_another_tenant_is_forbidden(factory):
    name = unique("west")
    with open_tenant_session(factory, A) as session:
        session.add(Street(tenant_id=B, name=name))
        with pytest.raises(Forbidden):
            session.commit()
    with open_tenant_session(factory, B) as session:
        assert session.scalar(sa.select(Street).where(Street.name == name)) is None


def test_session_without_tenant_is_refused(factory):
    with factory() as session:
        with pytest.raises(TenantRequired):
            session.scalars(sa.select(Street)).all()
    for bad in (None, "", "34118", "tenant"):
        with pytest.raises(TenantRequired):
            open_tenant_session(factory, bad)


# --- PostgreSQL row-level security ------------------------------------------------------------

@pytest.mark.postgres
def test_app_role_without_tenant_setting_sees_nothing(pg_urls):
    app = make_engine(pg_urls["grid"][1])
    try:
        street = add_street(tenant_sessionmaker(app), A, unique("south"))
        with app.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM streets").scalar() == 0
            # the same connection with the tenant set does see the row: RLS, not a missing row
            conn.exec_driver_sql("SELECT set_config('app.tenant_id', %s, true)", (A,))
            assert conn.exec_driver_sql("SELECT count(*) FROM streets WHERE id = %s",
                                        (street.id,)).scalar() == 1
    finally:
        app.dispose()


@pytest.mark.postgres
def test_rls_rejects_insert_for_foreign_tenant(pg_urls):
    app = make_engine(pg_urls["grid"][1])
    try:
        with app.connect() as conn:
            conn.exec_driver_sql("SELECT set_config('app.tenant_id', '341181', true)")
            with pytest.raises(DBAPIError, match="row-level security"):
                conn.exec_driver_sql(
                    "INSERT INTO streets (tenant_id, id, name, created_at) VALUES (%s, %s, %s, now())",
                    (B, uuid.uuid4(), unique("foreign")))
    finally:
        app.dispose()


@pytest.mark.postgres
def test_every_table_has_forced_row_level_security(pg_urls):
    checked = 0
    for service, (owner_url, _app_url) in pg_urls.items():
        engine = make_engine(owner_url)
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace").all()
        engine.dispose()
        tables = [r for r in rows if not r.relname.startswith("alembic_version_")]
        assert {"outbox", "inbox"} <= {r.relname for r in tables}, service
        assert [r.relname for r in tables if not (r.relrowsecurity and r.relforcerowsecurity)] == [], service
        checked += len(tables)
    assert checked >= 2 * len(SERVICES) + 6
