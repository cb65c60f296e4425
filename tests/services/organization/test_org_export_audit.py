"""Every page of a sheet export is an entry of the hash-chained member access audit trail (SQLite):
the migration that lets an entry name no member, and the export RPCs that write one a page."""
from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from nameko.testing.services import worker_factory

from services.organization import roster
from services.organization.models import MemberAccessAudit
from services.organization.service import OrganizationService
from shared import audit
from shared.contracts.organization import MemberIn
from shared.db import TenantDb, make_engine, open_tenant_session, tenant_sessionmaker
from shared.errors import ValidationFailed
from shared.migrate import upgrade
from shared.principal import Principal
from tests.services.organization.conftest import TENANT, Recorder
from tests.services.organization.orgs_fixture import county_tree

BEFORE = "8d3b6e2f4a10"  # the revision before sheet entries
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def valid(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def add_entries(engine, **values) -> None:
    session = open_tenant_session(tenant_sessionmaker(engine), TENANT)
    with session.begin():
        session.add(MemberAccessAudit(subject="admin", field="phone", reason="换届审查", **values))
    session.close()


def test_migration_lets_an_entry_name_no_member_and_keeps_the_trail_append_only(tmp_path):
    url = f"sqlite:///{tmp_path / 'org.sqlite'}"
    upgrade("organization", url, revision=BEFORE)
    engine = sa.create_engine(url)  # foreign keys not enforced: no member row is needed here
    try:
        add_entries(engine, member_id=uuid.uuid4())
        with pytest.raises(sa.exc.IntegrityError):  # before: every entry names a member
            add_entries(engine, member_id=None)
        upgrade("organization", url)
        with engine.connect() as conn:
            columns = {c["name"]: c for c in sa.inspect(conn).get_columns("member_access_audit")}
            assert columns["member_id"]["nullable"] and not columns["subject"]["nullable"]
            assert audit.verify(conn, "organization", TENANT).entries == 1  # the rebuild kept the chain
        add_entries(engine, member_id=None)
        add_entries(engine, member_id=uuid.uuid4())
        for sql in ("UPDATE member_access_audit SET reason = 'x'", "DELETE FROM member_access_audit",
                    "UPDATE member_access_audit SET member_id = NULL"):
            with engine.begin() as conn, pytest.raises(sa.exc.DatabaseError, match="append-only"):
                conn.execute(sa.text(sql))
        with engine.connect() as conn:
            found = audit.verify(conn, "organization", TENANT)
            members = conn.execute(sa.text("SELECT member_id FROM member_access_audit ORDER BY seq")).scalars().all()
        assert (found.intact, found.entries) == (True, 3)
        assert [m is None for m in members] == [False, True, False]
    finally:
        engine.dispose()


@pytest.fixture
def service(migrated_db, tmp_path):
    copy = tmp_path / "organization.sqlite"
    copy.write_bytes(migrated_db.read_bytes())
    engine = make_engine(f"sqlite:///{copy}")
    db = TenantDb(tenant_sessionmaker(engine), TENANT)
    with db.session.begin():
        orgs = county_tree(db.session, Recorder())
        for i, name in enumerate(("张三", "李四", "王五")):
            roster.add_member(db.session, MemberIn(org_id=orgs["grid"].id, name=name,
                                                   id_number=valid(f"3411811985030712{i}"),
                                                   phone=f"1391234000{i}", join_date=date(2010, 7, 1)))
    db.close()
    admin = Principal(tenant=TENANT, subject="admin-7", roles=("county_admin",))
    yield worker_factory(OrganizationService, db=db, principal=admin)
    db.close()
    engine.dispose()


def entries(service) -> list[MemberAccessAudit]:
    service.db.close()
    rows = service.db.session.scalars(sa.select(MemberAccessAudit).order_by(MemberAccessAudit.seq)).all()
    service.db.close()
    return rows


def test_each_export_page_is_one_chained_entry(service):
    export = {"id": uuid.uuid4().hex, "reason": None, "unmasked": False}
    first = service.export_members(limit=2, filters={}, export=export)
    second = service.export_members(after=first["next"], limit=2, filters={}, export=export)
    assert (len(first["rows"]), len(second["rows"]), second["next"]) == (2, 1, None)
    orgs = service.export_orgs(limit=50, filters={"type": "grid_branch"}, export={"id": uuid.uuid4().hex})
    assert len(orgs["rows"]) == 1
    ident = uuid.UUID(export["id"])
    rows = entries(service)
    assert [(r.seq, r.member_id, r.subject, r.field) for r in rows] == [
        (1, None, "admin-7", "sheet:members"), (2, None, "admin-7", "sheet:members"),
        (3, None, "admin-7", "sheet:orgs")]
    assert [r.reason for r in rows[:2]] == [f"export {ident}: sheet; 2 rows; filters {{}}",
                                            f"export {ident}: sheet; 1 rows; filters {{}}"]
    assert rows[2].reason.endswith('; 1 rows; filters {"type":"grid_branch"}')
    with service.db.engine.connect() as conn:
        assert audit.verify(conn, "organization", TENANT).intact
    service.principal = Principal(tenant=TENANT, subject="auditor-1", roles=("auditor",))
    log = service.audit_log(limit=10)
    assert [(e["action"], e["field"], e["record_id"]) for e in log][1:] == [
        ("export", "sheet:members", str(ident)), ("export", "sheet:members", str(ident))]


def test_an_unmasked_export_audits_each_value_and_the_page(service):
    export = {"id": str(uuid.uuid4()), "reason": "换届审查", "unmasked": True}
    page = service.export_members(limit=10, filters={"status": "full"}, export=export)
    assert len(page["rows"]) == 3 and all("*" not in r["id_number"] for r in page["rows"])
    rows = entries(service)
    assert sorted(r.field for r in rows) == ["id_number"] * 3 + ["phone"] * 3 + ["sheet:members"]
    assert rows[-1].field == "sheet:members" and rows[-1].member_id is None
    assert rows[-1].reason == f'export {export["id"]}: 换届审查; 3 rows; filters {{"status":"full"}}'
    assert all(r.reason == f'export {export["id"]}: 换届审查' for r in rows[:-1])


@pytest.mark.parametrize("export", [None, {}, {"id": "not-an-id"}, {"id": 7}, "x"])
@pytest.mark.parametrize("method", ["export_members", "export_orgs"])
def test_a_bad_export_id_is_refused_and_nothing_is_given_out(service, method, export):
    with pytest.raises(ValidationFailed) as refused:
        getattr(service, method)(limit=10, filters={}, export=export)
    assert refused.value.details["errors"][0]["field"] == "export.id"
    assert entries(service) == []


def test_long_filters_are_cut_to_the_column(service):
    export = {"id": uuid.uuid4().hex, "reason": "核" * 150}
    service.export_members(limit=10, filters={"status": "full"}, export=export)
    (row,) = entries(service)
    assert len(row.reason) == 200 and row.reason.startswith(f"export {uuid.UUID(export['id'])}: 核")
