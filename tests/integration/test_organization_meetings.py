"""Joint meetings through the gateway: decisions become meeting.decision_made events, the meeting
counts done decisions, refusals write nothing, other tenants see nothing."""
from __future__ import annotations

import uuid

from tests.integration.organization_ops import ERROR, small_tree

FIELDS = "id level heldOn title attendingUnits agenda minutes doneCount decisions { id text ownerUnit dueDate done }"
HOLD = """mutation($input: HoldMeetingInput!) { holdJointMeeting(input: $input) {
  __typename ... on JointMeeting { %s } %s } }""" % (FIELDS, ERROR)
DONE = """mutation($id: ID!) { markDecisionDone(decisionId: $id) {
  __typename ... on JointMeeting { doneCount } %s } }""" % ERROR
MEETING = "query($id: ID!) { jointMeeting(id: $id) { id doneCount decisions { done } } }"


def meeting(org: str, level: str = "street", **extra) -> dict:
    return {"orgId": org, "level": level, "heldOn": "2026-03-12", "title": "街道大工委联席会议",
            "attendingUnits": ["住建局", "城管局", "供电公司"], "agenda": "老旧小区加装电梯",
            "minutes": "与会单位逐项认领", **extra,
            "decisions": extra.get("decisions", [
                {"text": "制定加装电梯补贴方案", "ownerUnit": "住建局", "dueDate": "2026-04-30"},
                {"text": "清理消防通道", "ownerUnit": "城管局"}])}


def test_meeting_decisions_are_events_and_done_is_counted(county_a, superuser_db):
    tree = small_tree(county_a)
    held = county_a(HOLD, input=meeting(tree["street"]))["holdJointMeeting"]
    assert held["__typename"] == "JointMeeting" and held["doneCount"] == 0 and len(held["decisions"]) == 2
    for decision in held["decisions"]:
        assert superuser_db("organization", "SELECT count(*) FROM outbox WHERE event_type = 'meeting.decision_made' "
                            "AND payload::jsonb ->> 'decision_id' = :d", d=decision["id"]) == 1
    done = county_a(DONE, id=held["decisions"][0]["id"])["markDecisionDone"]
    assert done["doneCount"] == 1
    twice = county_a(DONE, id=held["decisions"][0]["id"])["markDecisionDone"]
    assert twice["code"] == "CONFLICT"
    assert county_a(MEETING, id=held["id"])["jointMeeting"]["decisions"] == [{"done": True}, {"done": False}]


def test_bad_meetings_write_nothing_and_stay_in_their_tenant(county_a, county_b, superuser_db):
    tree = small_tree(county_a)
    before = superuser_db("organization", "SELECT count(*) FROM meetings")
    wrong_level = county_a(HOLD, input=meeting(tree["grid"], level="community"))["holdJointMeeting"]
    assert (wrong_level["code"], wrong_level["field"]) == ("TYPE_NOT_ALLOWED", "level")
    bad = county_a(HOLD, input=meeting(tree["street"], level="province", title="",
                                       attendingUnits=[]))["holdJointMeeting"]
    assert bad["code"] == "VALIDATION_FAILED"
    assert {e["field"] for e in bad["fieldErrors"]} == {"level", "title", "attendingUnits"}
    undecided = county_a(HOLD, input=meeting(tree["street"], decisions=[{"text": "", "ownerUnit": "x"}]))
    assert undecided["holdJointMeeting"]["fieldErrors"][0]["field"] == "decisions.0.text"
    foreign = county_b(HOLD, input=meeting(tree["street"]))["holdJointMeeting"]
    assert (foreign["code"], foreign["field"]) == ("NOT_FOUND", "orgId")
    assert superuser_db("organization", "SELECT count(*) FROM meetings") == before
    held = county_a(HOLD, input=meeting(tree["street"]))["holdJointMeeting"]
    assert county_b(MEETING, id=held["id"])["jointMeeting"] is None
    assert county_b(DONE, id=held["decisions"][0]["id"])["markDecisionDone"]["code"] == "NOT_FOUND"
    assert county_a(DONE, id=str(uuid.uuid4()))["markDecisionDone"]["field"] == "decisionId"
    assert county_a(MEETING, id=held["id"])["jointMeeting"]["doneCount"] == 0
