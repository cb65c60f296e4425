"""Member roster rules: encryption at rest, blind-index search, masks, audited reveal, transfers."""
import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from services.organization import roster
from services.organization.models import Member, MemberAccessAudit, MemberTransfer
from shared.contracts.organization import MemberIn, TransferIn
from shared.errors import Conflict, NotFound
from shared.principal import Principal, Scope
from tests.services.organization.orgs_fixture import county_tree, make_org

TENANT = "341181"
ADMIN = Principal(TENANT, "admin-1", ("county_admin",))
ID_NUMBER = "34118119800101123X"


def add(session, org, name="张伟", id_number=ID_NUMBER, **extra):
    return roster.add_member(session, MemberIn(org_id=org.id, name=name, id_number=id_number,
                                               phone="13912345678", join_date=date(2005, 7, 1), **extra))


def test_personal_data_is_encrypted_indexed_and_masked(session, record):
    orgs = county_tree(session, record)
    member = add(session, orgs["grid"], status="probationary")
    session.commit()
    raw = session.execute(sa.text("SELECT id_number_enc, phone_enc FROM party_members")).one()
    assert ID_NUMBER not in raw.id_number_enc and "13912345678" not in raw.phone_enc
    out = roster.member_out(member)
    assert (out["id_number_masked"], out["phone_masked"]) == ("341181********123X", "139****5678")
    assert member.grid_id == orgs["grid"].grid_id
    found = roster.find_by_id_number(session, None, "34118119800101123x")  # lower-case x still matches
    assert found.id == member.id
    assert roster.find_by_id_number(session, None, "341181198001011230") is None


def test_same_id_number_twice_conflicts(session, record):
    orgs = county_tree(session, record)
    add(session, orgs["grid"])
    with pytest.raises(Conflict) as info:
        add(session, orgs["community"], name="另一人")
    assert info.value.field == "idNumber"


def test_reveal_writes_audit_rows(session, record):
    orgs = county_tree(session, record)
    member = add(session, orgs["grid"])
    assert session.scalar(sa.select(sa.func.count()).select_from(MemberAccessAudit)) == 0
    shown = roster.reveal(session, ADMIN, member.id, "组织关系核查")
    assert (shown["id_number"], shown["phone"]) == (ID_NUMBER, "13912345678")
    audits = session.scalars(sa.select(MemberAccessAudit)).all()
    assert {(a.field, a.subject, a.reason) for a in audits} == {
        ("id_number", "admin-1", "组织关系核查"), ("phone", "admin-1", "组织关系核查")}


def test_transfer_keeps_history_and_emits(session, record):
    orgs = county_tree(session, record)
    member = add(session, orgs["group"])
    other = make_org(session, record, "第二网格党支部", "grid_branch", orgs["community"], grid_id=uuid.uuid4())
    with pytest.raises(Conflict):
        roster.transfer(session, record, None, TransferIn(member_id=member.id, to_org_id=orgs["group"].id,
                                                          reason="x"), "t")
    roster.transfer(session, record, None, TransferIn(member_id=member.id, to_org_id=other.id,
                                                      reason="搬迁"), "t")
    session.commit()
    moved = session.get(Member, (TENANT, member.id))
    assert (moved.org_id, moved.grid_id) == (other.id, other.grid_id)
    [row] = roster.transfers(session, member.id)
    assert (row.from_org_id, row.to_org_id, row.reason) == (orgs["group"].id, other.id, "搬迁")
    assert record.of("member.transferred")[0]["to_org_id"] == str(other.id)
    with pytest.raises(NotFound):
        roster.transfer(session, record, None, TransferIn(member_id=uuid.uuid4(), to_org_id=other.id,
                                                          reason="x"), "t")
    assert session.scalar(sa.select(sa.func.count()).select_from(MemberTransfer)) == 1


def test_roster_respects_scope(session, record):
    orgs = county_tree(session, record)
    inside = add(session, orgs["grid"])
    outside = add(session, orgs["county"], name="县直", id_number="341181199001010011")
    grid = Principal(TENANT, "u", ("grid_worker",), Scope("grid", str(orgs["grid"].grid_id)))
    assert [m.id for m in roster.list_members(session, grid, org_id=None, limit=10, after=None)] == [inside.id]
    assert roster.find_by_id_number(session, grid, "341181199001010011") is None
    assert {m.id for m in roster.list_members(session, None, org_id=None, limit=10, after=None)} == {
        inside.id, outside.id}
