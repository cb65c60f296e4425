"""A volunteer team or volunteer names a street, community or party member only of its own
county: another county's (or an unknown) id is NOT_FOUND naming the field, and nothing is written."""
from __future__ import annotations

import uuid

from tests.integration.organization_ops import party_members
from tests.integration.territory_ops import lay_out

ERR = "... on OperationError { code field message }"
CREATE_TEAM = """mutation($input: CreateVolunteerTeamInput!) { createVolunteerTeam(input: $input) {
  __typename ... on VolunteerTeam { id name communityId } %s } }""" % ERR
REGISTER = """mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) {
  __typename ... on Volunteer { id communityId streetId } %s } }""" % ERR


def test_another_countys_places_are_refused(county_a, county_b, superuser_db):
    mine, theirs = lay_out(county_a), lay_out(county_b)
    label = uuid.uuid4().hex[:8]
    teams = "SELECT count(*) FROM teams WHERE name LIKE :n"
    volunteers = "SELECT count(*) FROM volunteers WHERE name LIKE :n"

    for community in (theirs["community"], str(uuid.uuid4())):
        team = county_a(CREATE_TEAM, input={"name": f"外县队{label}", "communityId": community})
        assert (team["createVolunteerTeam"]["code"], team["createVolunteerTeam"]["field"]) == \
            ("NOT_FOUND", "communityId")
    for place in ({"communityId": theirs["community"]}, {"streetId": theirs["street"]},
                  {"communityId": mine["community"], "streetId": theirs["street"]}):
        refused = county_a(REGISTER, input={"name": f"外县人{label}", **place})["registerVolunteer"]
        assert refused["code"] == "NOT_FOUND" and refused["field"] in place, (place, refused)
    assert superuser_db("volunteer", teams, n=f"%{label}") == 0
    assert superuser_db("volunteer", volunteers, n=f"%{label}") == 0

    ours = county_a(CREATE_TEAM, input={"name": f"本县队{label}", "communityId": mine["community"]})
    assert ours["createVolunteerTeam"]["communityId"] == mine["community"]
    person = county_a(REGISTER, input={"name": f"本县人{label}", "communityId": mine["community"]})
    # the community's street follows it
    assert person["registerVolunteer"] == {**person["registerVolunteer"], "communityId": mine["community"],
                                           "streetId": mine["street"]}
    assert superuser_db("volunteer", teams, n=f"%{label}") == 1


def test_a_community_of_another_street_is_a_conflict(county_a):
    here, there = lay_out(county_a), lay_out(county_a)
    wrong = county_a(REGISTER, input={"name": "错街道", "communityId": here["community"],
                                      "streetId": there["street"]})["registerVolunteer"]
    assert (wrong["code"], wrong["field"]) == ("CONFLICT", "communityId")


def test_a_party_member_volunteer_names_a_member_of_the_county(county_a, county_b, superuser_db):
    [theirs], [mine] = party_members(county_b, 1), party_members(county_a, 1)
    label = uuid.uuid4().hex[:8]
    for member in (theirs, str(uuid.uuid4()), "M-001"):
        refused = county_a(REGISTER, input={"name": f"外县党员{label}", "kind": "party_member",
                                            "memberId": member})["registerVolunteer"]
        assert (refused["code"], refused["field"]) == ("NOT_FOUND", "memberId"), (member, refused)
    assert superuser_db("volunteer", "SELECT count(*) FROM volunteers WHERE name LIKE :n", n=f"%{label}") == 0
    ours = county_a(REGISTER, input={"name": f"本县党员{label}", "kind": "party_member", "memberId": mine})
    assert ours["registerVolunteer"]["__typename"] == "Volunteer"
