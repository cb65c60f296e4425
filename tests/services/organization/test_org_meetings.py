"""Joint meeting rules: the convener fits the level, one event per decision, done counting."""
import uuid
from datetime import date

import pytest

from services.organization import meetings
from services.organization.tree import TypeNotAllowed
from shared.contracts.organization import DecisionMade, MeetingIn
from shared.errors import Conflict, NotFound
from shared.principal import Principal, Scope
from tests.services.organization.orgs_fixture import STREET_PLACE, county_tree

TENANT = "341181"


def meeting_in(org, level="street", decisions=2):
    return MeetingIn(org_id=org.id, level=level, held_on=date(2026, 3, 12), title="大工委联席会议",
                     attending_units=["住建局", "城管局", "供电公司"], agenda="老旧小区改造",
                     minutes="会议纪要", decisions=[{"text": f"事项{i}", "owner_unit": "住建局",
                                                     "due_date": "2026-04-30"} for i in range(decisions)])


def test_each_decision_is_an_event_and_done_is_counted(session, record):
    orgs = county_tree(session, record)
    meeting, decisions = meetings.hold(session, record, meeting_in(orgs["street"]))
    events = [DecisionMade.model_validate(p) for p in record.of("meeting.decision_made")]
    assert [e.decision_id for e in events] == [d.id for d in decisions]
    assert events[0].street_id == STREET_PLACE and events[0].owner_unit == "住建局"
    meetings.mark_done(session, None, decisions[0].id)
    out = meetings.meeting_out(meeting, meetings.decisions_of(session, [meeting.id])[meeting.id])
    assert out["done_count"] == 1 and [d["done"] for d in out["decisions"]] == [True, False]
    with pytest.raises(Conflict):
        meetings.mark_done(session, None, decisions[0].id)
    with pytest.raises(NotFound):
        meetings.mark_done(session, None, uuid.uuid4())


def test_convener_must_fit_the_level(session, record):
    orgs = county_tree(session, record)
    with pytest.raises(TypeNotAllowed) as info:
        meetings.hold(session, record, meeting_in(orgs["grid"], level="community"))
    assert info.value.field == "level"
    assert record.of("meeting.decision_made") == []


def test_meetings_respect_scope(session, record):
    orgs = county_tree(session, record)
    street_meeting, _ = meetings.hold(session, record, meeting_in(orgs["street"]))
    community_meeting, _ = meetings.hold(session, record, meeting_in(orgs["community"], level="community"))
    community = Principal(TENANT, "u", ("community_staff",), Scope("community", str(orgs["community"].community_id)))
    assert [m.id for m in meetings.listing(session, community, None, 10)] == [community_meeting.id]
    with pytest.raises(NotFound):
        meetings.get(session, community, street_meeting.id)
