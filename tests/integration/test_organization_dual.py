"""Dual registration through the gateway: member → residence community with "三亮", the
member.registered_with_community event in the outbox, unit pairing, refusals and isolation."""
from __future__ import annotations

import uuid

from tests.integration.organization_ops import ERROR, add_member, create_org, small_tree

FIELDS = "id kind memberId orgId communityId duties pledge"
REGISTER = """mutation($input: RegisterWithCommunityInput!) { registerWithCommunity(input: $input) {
  __typename ... on CommunityRegistration { %s } %s } }""" % (FIELDS, ERROR)
PAIR = """mutation($input: PairUnitInput!) { pairUnitWithCommunity(input: $input) {
  __typename ... on CommunityRegistration { %s } %s } }""" % (FIELDS, ERROR)
LIST = "query($c: ID) { communityRegistrations(communityId: $c) { kind memberId orgId } }"
EVENTS = ("SELECT count(*) FROM outbox WHERE event_type = 'member.registered_with_community' "
          "AND payload::jsonb ->> 'member_id' = :m AND payload::jsonb ->> 'community_id' = :c")


def test_in_service_member_registers_and_the_event_is_recorded(county_a, superuser_db):
    tree = small_tree(county_a)
    agency = create_org(county_a, f"市财政局机关党委{uuid.uuid4().hex[:4]}", "agency", tree["county"],
                        level="committee")
    member = add_member(county_a, agency["id"], name="在职党员", inService=True, employerUnit="市财政局",
                        residenceCommunityId=tree["community_place"])
    made = county_a(REGISTER, input={"memberId": member["id"], "duties": "楼栋议事员",
                                     "pledge": "每月参加一次社区志愿服务"})["registerWithCommunity"]
    assert (made["kind"], made["communityId"], made["orgId"]) == ("member", tree["community_place"], agency["id"])
    assert superuser_db("organization", EVENTS, m=member["id"], c=tree["community_place"]) == 1
    again = county_a(REGISTER, input={"memberId": member["id"], "duties": "d", "pledge": "p"})
    assert again["registerWithCommunity"]["code"] == "CONFLICT"
    assert superuser_db("organization", EVENTS, m=member["id"], c=tree["community_place"]) == 1

    paired = county_a(PAIR, input={"orgId": agency["id"], "communityId": tree["community_place"],
                                   "pledge": "认领社区需求清单"})["pairUnitWithCommunity"]
    assert paired["kind"] == "unit"
    listed = county_a(LIST, c=tree["community_place"])["communityRegistrations"]
    assert {(r["kind"], r["orgId"]) for r in listed} == {("member", agency["id"]), ("unit", agency["id"])}


def test_refusals_write_nothing(county_a, county_b, superuser_db):
    tree = small_tree(county_a)
    retired = add_member(county_a, tree["grid"], inService=False, residenceCommunityId=tree["community_place"])
    before = superuser_db("organization", "SELECT count(*) FROM registrations")
    refused = county_a(REGISTER, input={"memberId": retired["id"], "duties": "d", "pledge": "p"})
    assert (refused["registerWithCommunity"]["code"], refused["registerWithCommunity"]["field"]) == (
        "CONFLICT", "memberId")
    bad = county_a(REGISTER, input={"memberId": "x", "duties": "", "pledge": "p"})["registerWithCommunity"]
    assert bad["code"] == "VALIDATION_FAILED" and {e["field"] for e in bad["fieldErrors"]} == {"memberId", "duties"}
    territorial = county_a(PAIR, input={"orgId": tree["grid"], "communityId": tree["community_place"],
                                        "pledge": "p"})["pairUnitWithCommunity"]
    assert (territorial["code"], territorial["field"]) == ("TYPE_NOT_ALLOWED", "orgId")
    in_service = add_member(county_a, tree["grid"], inService=True, residenceCommunityId=tree["community_place"])
    foreign = county_b(REGISTER, input={"memberId": in_service["id"], "duties": "d", "pledge": "p"})
    assert foreign["registerWithCommunity"]["code"] == "NOT_FOUND"
    assert county_b(LIST, c=tree["community_place"])["communityRegistrations"] == []
    assert superuser_db("organization", "SELECT count(*) FROM registrations") == before
