"""Residents registry rules over migrated SQLite: encryption at rest, blind index, masks,
audit of unmasked reads, data scope, staleness."""
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from services.grid import residents
from services.grid.idcard import check_digit
from services.grid.models import Grid, Resident, ResidentAccessAudit
from shared.contracts.grid import HouseholdIn, ResidentChanges, ResidentIn
from shared.errors import Conflict, NotFound, ValidationFailed
from shared.principal import Principal, Scope
from tests.services.grid.conftest import TENANT, place

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, tzinfo=timezone.utc)


def number(seq: int) -> str:
    body = f"341181198001{seq % 28 + 1:02d}{seq % 1000:03d}"
    return body + check_digit(body)


def register(session, where, seq=1, **extra):
    household = residents.register_household(session, None, HouseholdIn(
        building_id=where["building"].id, grid_id=where["grid"].id, unit="1", floor=3, room=f"{seq}"))
    return residents.register_resident(session, None, ResidentIn(
        household_id=household.id, name="张三", id_number=number(seq), phone="13912345678", **extra), TODAY)


def test_register_stores_ciphertext_and_counts_households(session):
    where = place(session, "东门")
    row = register(session, where, special_groups=["elderly_alone", "elderly_alone"])
    session.commit()
    stored = session.execute(sa.text("SELECT id_number_enc, phone_enc FROM residents")).one()
    assert number(1) not in stored[0] and "13912345678" not in stored[1]
    assert session.get(Grid, (TENANT, where["grid"].id)).household_count == 1
    out = residents.resident_out(row, TENANT, unmasked=False, now=NOW)
    assert out["id_number"] == number(1)[:6] + "********" + number(1)[-4:]
    assert out["phone"] == "139****5678" and out["masked"] is True
    assert out["special_groups"] == ["elderly_alone"] and out["gender"] == "male"
    assert residents.resident_out(row, TENANT, unmasked=True, now=NOW)["id_number"] == number(1)


def test_lookup_by_blind_index_and_duplicate_refused(session):
    where = place(session, "东门")
    row = register(session, where)
    assert residents.by_id_number(session, None, number(1).lower()).id == row.id
    assert residents.by_id_number(session, None, number(2)) is None
    with pytest.raises(Conflict) as info:
        register(session, where, seq=1 + 28 * 1000)  # another room, same number
    assert info.value.field == "idNumber"


def test_bad_id_number_writes_nothing(session):
    where = place(session, "东门")
    household = residents.register_household(session, None, HouseholdIn(
        building_id=where["building"].id, grid_id=where["grid"].id, unit="1", floor=1, room="101"))
    with pytest.raises(ValidationFailed):
        residents.register_resident(session, None, ResidentIn(
            household_id=household.id, name="李四", id_number="110105194912310021"), TODAY)
    assert session.scalar(sa.select(sa.func.count()).select_from(Resident)) == 0


def test_grid_worker_cannot_see_or_write_another_grid(session):
    mine, other = place(session, "东门"), place(session, "西门")
    theirs = register(session, other)
    session.commit()
    worker = Principal(TENANT, "w1", ("grid_worker",), Scope("grid", str(mine["grid"].id)))
    assert residents.list_residents(session, worker, limit=10, after=None, grid_id=None) == []
    assert residents.by_id_number(session, worker, number(1)) is None
    with pytest.raises(NotFound):
        residents.update_resident(session, worker, theirs.id, ResidentChanges(name="改"))
    with pytest.raises(NotFound) as info:
        residents.register_household(session, worker, HouseholdIn(
            building_id=other["building"].id, grid_id=other["grid"].id, unit="1", floor=1, room="9"))
    assert info.value.field == "gridId"


def test_household_grid_must_be_in_the_buildings_community(session):
    mine, other = place(session, "东门"), place(session, "西门")
    with pytest.raises(Conflict) as info:
        residents.register_household(session, None, HouseholdIn(
            building_id=mine["building"].id, grid_id=other["grid"].id, unit="1", floor=1, room="1"))
    assert info.value.field == "gridId"


def test_audit_rows_for_unmasked_reads(session):
    row = register(session, place(session, "东门"))
    admin = Principal(TENANT, "admin-1", ("county_admin",))
    residents.audit_unmasked(session, admin, [row], "核查")
    session.commit()
    audits = session.scalars(sa.select(ResidentAccessAudit)).all()
    assert {(a.subject, a.field, a.record_id, a.reason) for a in audits} == {
        ("admin-1", "idNumber", row.id, "核查"), ("admin-1", "phone", row.id, "核查")}


def test_stale_after_a_quarter_and_update_refreshes(session):
    row = register(session, place(session, "东门"))
    fresh = register(session, place(session, "西门"), seq=2)
    row.updated_at = datetime.now(timezone.utc) - timedelta(days=100)
    session.commit()
    assert residents.resident_out(row, TENANT, unmasked=False, now=datetime.now(timezone.utc))["stale"] is True
    stale = residents.list_residents(session, None, limit=10, after=None, grid_id=None, stale_only=True)
    assert [r.id for r in stale] == [row.id] and fresh.id != row.id
    residents.update_resident(session, None, row.id, ResidentChanges(phone=None, residency="floating"))
    assert residents.list_residents(session, None, limit=10, after=None, grid_id=None, stale_only=True) == []
    out = residents.resident_out(row, TENANT, unmasked=False, now=datetime.now(timezone.utc))
    assert out["stale"] is False and out["phone"] is None and out["residency"] == "floating"


def test_move_to_another_grid_reports_the_grid_left(session):
    first, second = place(session, "东门"), place(session, "西门")
    row = register(session, first)
    target = residents.register_household(session, None, HouseholdIn(
        building_id=second["building"].id, grid_id=second["grid"].id, unit="2", floor=1, room="1"))
    moved, left = residents.update_resident(session, None, row.id, ResidentChanges(household_id=target.id))
    assert left == first["grid"].id and moved.grid_id == second["grid"].id
