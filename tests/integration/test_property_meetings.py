"""Three-party meetings (三联办) through the gateway: every side attends, settled cases were
discussed, and the community and cases named are the county's own (grid and dispatch services)
— another county's ids are refused with NOT_FOUND naming the field, and nothing is written."""
from __future__ import annotations

import uuid

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.dispatch_ops import report
from tests.integration.territory_ops import lay_out
from tests.integration.test_property_committees import MEETINGS

RECORD = """mutation($input: RecordThreePartyMeetingInput!) { recordThreePartyMeeting(input: $input) {
  __typename ... on ThreePartyMeeting { id communityId communityName settledCount decisions attendees { side } }
  ... on OperationError { code field } } }"""
SIDES = [{"side": "party_org", "name": "社区书记"}, {"side": "company", "name": "项目经理"},
         {"side": "committee", "name": "业委会主任"}]


def meeting(community: str, day: str, discussed: list[str], settled: list[str]) -> dict:
    return {"communityId": community, "communityName": "随手填写的名称", "heldOn": day, "attendees": SIDES,
            "discussedCaseIds": discussed, "settledCaseIds": settled, "decisions": ["物业三日内修复电梯"]}


def held_on(superuser_db, day: str) -> int:
    return superuser_db("property", "SELECT count(*) FROM three_party_meetings WHERE held_on = :d",
                        d=day)


def community_name(superuser_db, community: str) -> str:
    return superuser_db("grid", "SELECT name FROM communities WHERE id = :c", c=uuid.UUID(community))


def test_another_countys_community_and_cases_are_refused(county_a, county_b, superuser_db):
    here, there = lay_out(county_a), lay_out(county_b)
    mine = [report(county_a, here["grid"]) for _ in range(2)]
    theirs = report(county_b, there["grid"])
    day = "2032-03-05"
    base = meeting(here["community"], day, mine, mine[:1])
    refused = [({**base, "communityId": there["community"]}, "communityId"),
               ({**base, "communityId": str(uuid.uuid4())}, "communityId"),
               ({**base, "discussedCaseIds": [*mine, theirs]}, "discussedCaseIds"),
               ({**base, "discussedCaseIds": [theirs], "settledCaseIds": [theirs]}, "discussedCaseIds"),
               ({**base, "settledCaseIds": [theirs]}, "settledCaseIds"),
               ({**base, "settledCaseIds": [str(uuid.uuid4())]}, "settledCaseIds")]
    for given, field in refused:
        result = county_a(RECORD, input=given)["recordThreePartyMeeting"]
        assert (result["__typename"], result["code"], result["field"]) == ("OperationError", "NOT_FOUND", field), \
            (given, result)
    assert held_on(superuser_db, day) == 0

    made = county_a(RECORD, input=base)["recordThreePartyMeeting"]
    assert made["__typename"] == "ThreePartyMeeting", made
    assert (made["communityId"], made["settledCount"]) == (here["community"], 1)
    # the name is the grid service's, not the one typed in
    assert made["communityName"] == community_name(superuser_db, here["community"]) != "随手填写的名称"
    stored = superuser_db("property", "SELECT community_name FROM three_party_meetings WHERE id = :i",
                          i=uuid.UUID(made["id"]))
    assert stored == made["communityName"]

    # B's own community and case are fine for B
    own = county_b(RECORD, input=meeting(there["community"], day, [theirs], [theirs]))["recordThreePartyMeeting"]
    assert own["__typename"] == "ThreePartyMeeting", own
    assert held_on(superuser_db, day) == 2


def test_sides_settled_cases_and_listing(county_a, county_b, superuser_db):
    here = lay_out(county_a)
    a, b, stray = (report(county_a, here["grid"]) for _ in range(3))
    base = meeting(here["community"], "2031-03-07", [a, b], [a])
    made = county_a(RECORD, input=base)["recordThreePartyMeeting"]
    assert (made["settledCount"], made["decisions"]) == (1, ["物业三日内修复电梯"])
    missing_side = county_a(RECORD, input={**base, "attendees": SIDES[:2] + [SIDES[0]]})["recordThreePartyMeeting"]
    assert (missing_side["code"], missing_side["field"]) == ("VALIDATION_FAILED", "attendees")
    undiscussed = county_a(RECORD, input={**base, "settledCaseIds": [stray]})["recordThreePartyMeeting"]
    assert (undiscussed["code"], undiscussed["field"]) == ("VALIDATION_FAILED", "settledCaseIds")
    assert superuser_db("property", "SELECT count(*) FROM three_party_meetings WHERE community_id = :c",
                        c=uuid.UUID(here["community"])) == 1
    listed = county_a(MEETINGS, s="2031-03-01", u="2031-03-31")["threePartyMeetings"]
    assert [m["id"] for m in listed if m["communityName"] == made["communityName"]] == [made["id"]]
    assert county_b(MEETINGS, s="2031-03-01", u="2031-03-31")["threePartyMeetings"] == []


def test_community_staff_name_their_own_community_and_cases(gateway_url, county_a, superuser_db):
    here, elsewhere = lay_out(county_a), lay_out(county_a)
    own, other = report(county_a, here["grid"]), report(county_a, elsewhere["grid"])
    staff = Client(gateway_url, token("341181", "community_staff", scope=Scope("community", here["community"])))
    day = "2032-04-02"
    outside = staff(RECORD, input=meeting(here["community"], day, [own, other], [own]))["recordThreePartyMeeting"]
    assert (outside["code"], outside["field"]) == ("NOT_FOUND", "discussedCaseIds")
    theirs = staff(RECORD, input=meeting(elsewhere["community"], day, [], []))["recordThreePartyMeeting"]
    assert (theirs["code"], theirs["field"]) == ("NOT_FOUND", "communityId")
    assert held_on(superuser_db, day) == 0
    made = staff(RECORD, input=meeting(here["community"], day, [own], [own]))["recordThreePartyMeeting"]
    assert made["__typename"] == "ThreePartyMeeting", made
    assert held_on(superuser_db, day) == 1
