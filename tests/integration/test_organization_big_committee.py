"""The big party committee "1+1+X+N" through the gateway: member units, part-time members' projects
(at most two a year), refusals writing nothing, another tenant seeing nothing."""
from __future__ import annotations

import uuid

from tests.integration.organization_ops import APPOINT, ERROR, create_org, small_tree

UNIT = """mutation($input: AddCommitteeMemberUnitInput!) { addCommitteeMemberUnit(input: $input) {
  __typename ... on BigCommittee { formula stationedUnits { name category } otherUnits { name } } %s } }""" % ERROR
PROJECT = """mutation($input: AddCommitteeProjectInput!) { addCommitteeProject(input: $input) {
  __typename ... on CommitteeProject { id title progress officerName } %s } }""" % ERROR
PROGRESS = """mutation($input: UpdateProjectProgressInput!) { updateProjectProgress(input: $input) {
  __typename ... on CommitteeProject { progress note } %s } }""" % ERROR
COMMITTEE = """query($id: ID!, $y: Int!) { bigCommittee(committeeId: $id, year: $y) { formula secretary
  firstSecretary partTimeMembers { name } projects { title progress } } }"""


def test_big_committee_one_one_x_n(county_a):
    tree = small_tree(county_a)
    label = uuid.uuid4().hex[:4]
    for name, role in (("王书记", "secretary"), ("李副市长", "first_secretary"), ("城管局副局长", "part_time_member")):
        county_a(APPOINT, input={"orgId": tree["community"], "name": name, "role": role, "termStart": "2024-01-01"})
    agency = create_org(county_a, f"市城管局机关党委{label}", "agency", tree["county"], level="committee")
    firm = create_org(county_a, f"天康物业党支部{label}", "property_company", tree["community"])
    county_a(UNIT, input={"committeeId": tree["community"], "unitOrgId": agency["id"], "joinedOn": "2025-01-01"})
    made = county_a(UNIT, input={"committeeId": tree["community"], "unitOrgId": firm["id"],
                                 "joinedOn": "2025-01-01"})["addCommitteeMemberUnit"]
    assert made["formula"] == "1+1+1+1" and made["stationedUnits"][0]["category"] == "X"
    deputy = county_a(APPOINT, input={"orgId": tree["community"], "name": "住建局副局长", "role": "part_time_member",
                                      "termStart": "2024-01-01"})["appointOfficer"]
    first = county_a(PROJECT, input={"officerId": deputy["id"], "year": 2026, "title": "加装电梯"})["addCommitteeProject"]
    county_a(PROJECT, input={"officerId": deputy["id"], "year": 2026, "title": "雨污分流"})
    third = county_a(PROJECT, input={"officerId": deputy["id"], "year": 2026, "title": "第三个"})["addCommitteeProject"]
    assert (third["code"], third["field"]) == ("CONFLICT", "officerId")
    county_a(PROGRESS, input={"projectId": first["id"], "progress": 40, "note": "方案已定"})
    committee = county_a(COMMITTEE, id=tree["community"], y=2026)["bigCommittee"]
    assert committee["secretary"] == "王书记" and committee["firstSecretary"] == "李副市长"
    assert {p["name"] for p in committee["partTimeMembers"]} == {"城管局副局长", "住建局副局长"}
    assert committee["projects"] == [{"title": "加装电梯", "progress": 40}, {"title": "雨污分流", "progress": 0}]


def test_refusals_write_nothing_and_tenants_stay_apart(county_a, county_b, superuser_db):
    tree = small_tree(county_a)
    before = superuser_db("organization", "SELECT count(*) FROM member_units")
    grid = county_a(UNIT, input={"committeeId": tree["grid"], "unitOrgId": tree["group"],
                                 "joinedOn": "2025-01-01"})["addCommitteeMemberUnit"]
    assert (grid["code"], grid["field"]) == ("TYPE_NOT_ALLOWED", "committeeId")
    not_unit = county_a(UNIT, input={"committeeId": tree["community"], "unitOrgId": tree["grid"],
                                     "joinedOn": "2025-01-01"})["addCommitteeMemberUnit"]
    assert (not_unit["code"], not_unit["field"]) == ("TYPE_NOT_ALLOWED", "unitOrgId")
    bad = county_a(PROGRESS, input={"projectId": str(uuid.uuid4()), "progress": 140})["updateProjectProgress"]
    assert (bad["code"], bad["field"]) == ("VALIDATION_FAILED", "progress")
    unknown = county_a(PROJECT, input={"officerId": str(uuid.uuid4()), "year": 2026, "title": "x"})
    assert unknown["addCommitteeProject"]["field"] == "officerId"
    firm = create_org(county_a, f"非公企业党支部{uuid.uuid4().hex[:4]}", "private_firm", tree["community"])
    foreign = county_b(UNIT, input={"committeeId": tree["community"], "unitOrgId": firm["id"],
                                    "joinedOn": "2025-01-01"})["addCommitteeMemberUnit"]
    assert foreign["code"] == "NOT_FOUND"
    assert county_b(COMMITTEE, id=tree["community"], y=2026)["bigCommittee"] is None
    assert superuser_db("organization", "SELECT count(*) FROM member_units") == before
