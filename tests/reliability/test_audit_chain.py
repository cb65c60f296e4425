"""The personal-data audit trail is append-only and tamper-evident (shared/audit.py), on the real
migrated schema: SQLite here, PostgreSQL through the gateway in test_audit_log_query.py."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from services.grid.models import ResidentAccessAudit
from services.organization.models import MemberAccessAudit
from shared import audit
from shared.db import make_engine, open_tenant_session, tenant_sessionmaker
from shared.migrate import upgrade

A, B = "341181", "341102"


@pytest.fixture
def grid_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'grid.sqlite'}"
    upgrade("grid", url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def write(engine, tenant: str, n: int, *, bulk: bool) -> None:
    session = open_tenant_session(tenant_sessionmaker(engine), tenant)
    with session.begin():
        rows = [{"subject": f"staff-{i}", "field": "idNumber", "record_id": uuid.uuid4(),
                 "reason": "走访核实"} for i in range(n)]
        if bulk:  # how services/grid/residents.py writes them
            session.execute(sa.insert(ResidentAccessAudit), rows)
        else:
            session.add_all(ResidentAccessAudit(**r) for r in rows)
    session.close()


def verdict(engine, tenant: str) -> audit.Verdict:
    with engine.connect() as conn:
        return audit.verify(conn, "grid", tenant)


def test_both_write_paths_build_one_chain_per_tenant(grid_db):
    write(grid_db, A, 3, bulk=True)
    write(grid_db, B, 2, bulk=False)
    write(grid_db, A, 2, bulk=False)
    with grid_db.connect() as conn:
        seqs = conn.execute(sa.text("SELECT tenant_id, seq FROM resident_access_audit "
                                    "ORDER BY tenant_id, seq")).all()
    assert seqs == [(B, 1), (B, 2), (A, 1), (A, 2), (A, 3), (A, 4), (A, 5)]
    a, b = verdict(grid_db, A), verdict(grid_db, B)
    assert (a.intact, a.entries, b.intact, b.entries) == (True, 5, True, 2)


def test_updates_and_deletes_are_refused(grid_db):
    write(grid_db, A, 2, bulk=True)
    with grid_db.begin() as conn, pytest.raises(sa.exc.DatabaseError, match="append-only"):
        conn.execute(sa.text("UPDATE resident_access_audit SET reason = 'x'"))
    with grid_db.begin() as conn, pytest.raises(sa.exc.DatabaseError, match="append-only"):
        conn.execute(sa.text("DELETE FROM resident_access_audit"))
    assert verdict(grid_db, A).intact


def tamper(engine, sql: str, **params) -> None:
    """What someone with the database file (not the audit key) can do: drop the triggers."""
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TRIGGER IF EXISTS resident_access_audit_no_update"))
        conn.execute(sa.text("DROP TRIGGER IF EXISTS resident_access_audit_no_delete"))
        conn.execute(sa.text(sql), params)


@pytest.mark.parametrize(("sql", "seq", "reason"), [
    ("UPDATE resident_access_audit SET reason = '顺手看看' WHERE seq = 3", 3, "content changed"),
    ("UPDATE resident_access_audit SET subject = 'someone-else' WHERE seq = 5", 5, "content changed"),
    ("DELETE FROM resident_access_audit WHERE seq = 2", 2, "missing"),
    ("UPDATE resident_access_audit SET at = '2020-01-01 00:00:00.000000' WHERE seq = 4", 4,
     "content changed"),
])
def test_verify_names_the_first_tampered_entry(grid_db, sql, seq, reason):
    write(grid_db, A, 6, bulk=True)
    tamper(grid_db, sql)
    found = verdict(grid_db, A)
    assert not found.intact and found.broken_at == seq and reason in found.reason
    assert f"TAMPERED at seq {seq}" in found.line()


def test_rewriting_a_row_with_a_recomputed_hash_still_breaks_the_chain(grid_db):
    """Without the audit key a recomputed hash is wrong; with a guessed key the next link is."""
    write(grid_db, A, 4, bulk=True)
    with grid_db.connect() as conn:
        row = dict(conn.execute(sa.select(ResidentAccessAudit.__table__)
                                .where(sa.column("seq") == 2)).mappings().one())
    row["reason"] = "改写的理由"
    forged = audit.entry_hash(ResidentAccessAudit.__chain_fields__, row, row["prev_hash"], b"guess")
    tamper(grid_db, "UPDATE resident_access_audit SET reason = :r, hash = :h WHERE seq = 2",
           r=row["reason"], h=forged)
    found = verdict(grid_db, A)
    assert (found.intact, found.broken_at) == (False, 2)


def test_rows_written_outside_the_chain_are_reported(grid_db):
    write(grid_db, A, 2, bulk=True)
    with grid_db.begin() as conn:  # raw SQL bypasses the ORM: no seq, no hash
        conn.execute(sa.text("INSERT INTO resident_access_audit (tenant_id, id, subject, field, record_id, "
                             "reason, at) VALUES (:t, :i, 'x', 'phone', :r, 'x', :a)"),
                     {"t": A, "i": uuid.uuid4().hex, "r": uuid.uuid4().hex, "a": datetime.now(UTC)})
    found = verdict(grid_db, A)
    assert not found.intact and "outside the chain" in found.reason


def test_organization_chain_through_session_add(tmp_path):
    url = f"sqlite:///{tmp_path / 'org.sqlite'}"
    upgrade("organization", url)
    engine = sa.create_engine(url)  # foreign keys not enforced: no member row is needed here
    try:
        session = open_tenant_session(tenant_sessionmaker(engine), A)
        with session.begin():  # how services/organization/roster.py writes them
            session.add_all(MemberAccessAudit(member_id=uuid.uuid4(), subject="admin", field=f,
                                              reason="换届审查") for f in ("id_number", "phone"))
        session.close()
        with engine.connect() as conn:
            found = audit.verify(conn, "organization", A)
        assert (found.intact, found.entries) == (True, 2)
    finally:
        engine.dispose()


def test_migration_backfills_rows_written_before_the_chain(tmp_path):
    url = f"sqlite:///{tmp_path / 'grid.sqlite'}"
    upgrade("grid", url, revision="2ac11f68787a")  # the revision before the chain
    engine = make_engine(url)
    with engine.begin() as conn:
        for i in range(3):
            conn.execute(sa.text("INSERT INTO resident_access_audit (tenant_id, id, subject, field, "
                                 "record_id, reason, at) VALUES (:t, :i, :s, 'idNumber', :r, '核查', :a)"),
                         {"t": A, "i": uuid.uuid4().hex, "s": f"s{i}", "r": uuid.uuid4().hex,
                          "a": datetime(2026, 1, 1 + i, tzinfo=UTC)})
    engine.dispose()
    upgrade("grid", url)
    engine = make_engine(url)
    try:
        write(engine, A, 1, bulk=True)
        found = verdict(engine, A)
        assert (found.intact, found.entries) == (True, 4)
    finally:
        engine.dispose()
