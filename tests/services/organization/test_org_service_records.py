"""Service records from dispatch's case.resolved and the per-unit report back to the employer."""
import uuid
from datetime import date

from services.organization import dual, roster, service_records
from shared.contracts.dispatch import CaseResolved
from shared.contracts.organization import MemberIn, RegistrationIn
from tests.services.organization.orgs_fixture import county_tree, make_org


def resolved(*members, at="2026-04-02T09:00:00+00:00", case=None):
    return CaseResolved(case_id=case or uuid.uuid4(), grid_id=uuid.uuid4(), at=at, category="parking",
                        level="grid", handler_member_ids=list(members))


def test_records_and_unit_report(session, record):
    orgs = county_tree(session, record)
    agency = make_org(session, record, "市财政局机关党委", "agency", orgs["county"], level="committee")
    branch = make_org(session, record, "预算科党支部", "agency", agency)
    staff = [roster.add_member(session, MemberIn(
        org_id=org.id, name=name, id_number=f"34118119800101{i:03d}X", join_date=date(2001, 7, 1), in_service=True,
        residence_community_id=orgs["community"].community_id)) for i, (org, name) in
        enumerate([(agency, "甲"), (branch, "乙"), (orgs["grid"], "丙")])]
    dual.register_member(session, record, None, RegistrationIn(member_id=staff[0].id, duties="d", pledge="p"))
    case = uuid.uuid4()
    assert service_records.case_resolved(session, resolved(staff[0].id, uuid.uuid4(), case=case)) == 1
    service_records.case_resolved(session, resolved(staff[0].id, case=case))  # the same case again: no double
    service_records.case_resolved(session, resolved(staff[0].id, staff[1].id, staff[2].id))
    service_records.case_resolved(session, resolved(staff[1].id, at="2025-12-31T23:00:00+00:00"))
    assert len(service_records.records_of(session, staff[0].id)) == 2
    report = service_records.unit_report(session, None, agency.id, 2026)
    assert [(m["name"], m["services"]) for m in report["members"]] == [("乙", 1), ("甲", 2)]
    assert (report["registered"], report["services"]) == (1, 3)
    assert report["members"][1]["registered_community_id"] == str(orgs["community"].community_id)
