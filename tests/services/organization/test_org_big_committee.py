"""Big party committee rules ("1+1+X+N"): who may be a member unit, X or N, projects per year."""
from datetime import date

import pytest

from services.organization import big_committee, officers
from services.organization.tree import TypeNotAllowed
from shared.contracts.organization import MemberUnitIn, OfficerIn, ProgressIn, ProjectIn
from shared.errors import Conflict, NotFound
from tests.services.organization.orgs_fixture import county_tree, make_org

TODAY = date(2026, 5, 1)


def officer(session, org, name, role, start="2024-01-01", end=None):
    return officers.appoint(session, OfficerIn(org_id=org.id, name=name, role=role, term_start=start, term_end=end))


def test_composition_counts_one_one_x_n(session, record):
    orgs = county_tree(session, record)
    community = orgs["community"]
    officer(session, community, "王书记", "secretary")
    officer(session, community, "李副县长", "first_secretary")
    officer(session, community, "卸任委员", "part_time_member", end="2025-12-31")
    officer(session, community, "住建局副局长", "part_time_member")
    agency = make_org(session, record, "市住建局机关党委", "agency", orgs["county"], level="committee")
    hospital = make_org(session, record, "市人民医院党委", "hospital", orgs["county"], level="committee")
    firm = make_org(session, record, "天康集团党支部", "private_firm", community)
    for unit in (agency, hospital, firm):
        big_committee.add_member_unit(session, MemberUnitIn(committee_id=community.id, unit_org_id=unit.id,
                                                            joined_on=date(2025, 3, 1)))
    out = big_committee.composition(session, community.id, 2026, TODAY)
    assert out["formula"] == "1+1+2+1"
    assert (out["secretary"], out["first_secretary"]) == ("王书记", "李副县长")
    assert [m["name"] for m in out["part_time_members"]] == ["住建局副局长"]
    assert [u["name"] for u in out["other_units"]] == ["天康集团党支部"]
    with pytest.raises(Conflict):
        big_committee.add_member_unit(session, MemberUnitIn(committee_id=community.id, unit_org_id=firm.id,
                                                            joined_on=TODAY))


def test_only_committees_take_only_units(session, record):
    orgs = county_tree(session, record)
    firm = make_org(session, record, "天康集团党支部", "private_firm", orgs["community"])
    with pytest.raises(TypeNotAllowed) as info:
        big_committee.add_member_unit(session, MemberUnitIn(committee_id=orgs["grid"].id, unit_org_id=firm.id,
                                                            joined_on=TODAY))
    assert info.value.field == "committeeId"
    with pytest.raises(TypeNotAllowed) as info:
        big_committee.add_member_unit(session, MemberUnitIn(committee_id=orgs["street"].id,
                                                            unit_org_id=orgs["grid"].id, joined_on=TODAY))
    assert info.value.field == "unitOrgId"


def test_part_time_members_lead_at_most_two_projects_a_year(session, record):
    orgs = county_tree(session, record)
    deputy = officer(session, orgs["street"], "城管局副局长", "part_time_member")
    secretary = officer(session, orgs["street"], "街道书记", "secretary")
    first = big_committee.add_project(session, ProjectIn(officer_id=deputy.id, year=2026, title="背街小巷整治"))
    big_committee.add_project(session, ProjectIn(officer_id=deputy.id, year=2026, title="夜市规范"))
    with pytest.raises(Conflict) as info:
        big_committee.add_project(session, ProjectIn(officer_id=deputy.id, year=2026, title="第三个"))
    assert info.value.field == "officerId"
    big_committee.add_project(session, ProjectIn(officer_id=deputy.id, year=2027, title="下一年"))
    with pytest.raises(NotFound):
        big_committee.add_project(session, ProjectIn(officer_id=secretary.id, year=2026, title="书记不领办"))
    big_committee.update_progress(session, ProgressIn(project_id=first.id, progress=60, note="完成 60%"))
    out = big_committee.composition(session, orgs["street"].id, 2026, TODAY)
    assert [(p["title"], p["progress"], p["officer_name"]) for p in out["projects"]] == [
        ("夜市规范", 0, "城管局副局长"), ("背街小巷整治", 60, "城管局副局长")]
