"""The closed loop over a migrated SQLite database: timeline, deadlines, events, refusals."""
import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from services.dispatch import deadlines
from services.dispatch.models import Case, CaseTimeline
from shared.contracts import dispatch as c
from shared.contracts.validation import validate
from shared.db import open_tenant_session
from shared.errors import CivicError, Forbidden, NotFound, ValidationFailed
from shared.principal import Principal, Scope
from tests.services.dispatch.support import TENANT, act, events, new_case, timeline

EVENTS = {c.CASE_ACCEPTED: c.CaseAccepted, c.CASE_ESCALATED: c.CaseEscalated,
          c.CASE_RESOLVED: c.CaseResolved, c.CASE_RATED: c.CaseRated,
          c.CASE_ARCHIVED: c.CaseArchived, c.CASE_CLOSED: c.CaseClosed,
          c.CASE_REOPENED: c.CaseReopened}


def test_full_loop_with_reopen_writes_timeline_and_events(factory):
    case_id = new_case(factory)
    member = str(uuid.uuid4())
    assert act(factory, case_id, "accept")["level"] == "grid"
    assert act(factory, case_id, "escalate", note="需社区协调")["level"] == "community"
    resolved = act(factory, case_id, "resolve", handler_member_ids=[member])
    assert resolved["status"] == "resolved" and resolved["handler_member_ids"] == [member]
    act(factory, case_id, "verify", principal=Principal(TENANT, "resident-7", ("resident",)))
    reopened = act(factory, case_id, "rate", rating="unsatisfied")
    assert (reopened["status"], reopened["level"]) == ("accepted", "community")
    act(factory, case_id, "resolve")
    act(factory, case_id, "verify")
    assert act(factory, case_id, "rate", rating="satisfied")["rating"] == "satisfied"
    assert act(factory, case_id, "archive")["status"] == "archived"

    assert [t[1:4] for t in timeline(factory, case_id)] == [
        ("report", None, "reported"), ("accept", "reported", "accepted"),
        ("escalate", "accepted", "escalated"), ("resolve", "escalated", "resolved"),
        ("verify", "resolved", "verified"), ("rate", "verified", "accepted"),
        ("resolve", "accepted", "resolved"), ("verify", "resolved", "verified"),
        ("rate", "verified", "rated"), ("archive", "rated", "archived")]
    assert [t[0] for t in timeline(factory, case_id)] == list(range(1, 11))
    assert timeline(factory, case_id)[4][5] == "resident-7"
    published = events(factory, case_id)
    assert [e for e, _ in published] == [
        c.CASE_REPORTED, c.CASE_ACCEPTED, c.CASE_ESCALATED, c.CASE_RESOLVED, c.CASE_CLOSED,
        c.CASE_RATED, c.CASE_REOPENED, c.CASE_RESOLVED, c.CASE_CLOSED, c.CASE_RATED,
        c.CASE_ARCHIVED]
    for event_type, payload in published[1:]:
        EVENTS[event_type].model_validate(payload)  # every payload matches its contract model
    assert published[3][1]["handler_member_ids"] == [member]
    assert published[5][1]["reopened"] is True and published[9][1]["reopened"] is False


def test_illegal_transition_is_refused_and_nothing_written(factory):
    case_id = new_case(factory)
    before = (timeline(factory, case_id), events(factory, case_id))
    with pytest.raises(CivicError) as info:
        act(factory, case_id, "resolve")
    assert info.value.code == "ILLEGAL_TRANSITION"
    assert info.value.details["allowed"] == ["accept", "merge", "reject"]
    assert (timeline(factory, case_id), events(factory, case_id)) == before
    with open_tenant_session(factory, TENANT) as session:
        assert session.get(Case, (TENANT, case_id)).status == "reported"


def test_reject_needs_a_reason_and_closes(factory):
    case_id = new_case(factory)
    with pytest.raises(ValidationFailed) as info:
        act(factory, case_id, "reject")
    assert info.value.field == "note"
    assert act(factory, case_id, "reject", note="不属于受理范围")["status"] == "rejected"
    assert [e for e, _ in events(factory, case_id)][-1] == c.CASE_CLOSED


def test_merge_into_an_open_case_only(factory):
    first, duplicate, other = new_case(factory), new_case(factory), new_case(factory)
    with pytest.raises(CivicError) as info:
        act(factory, duplicate, "merge", into_case_id=str(duplicate))
    assert (info.value.code, info.value.field) == ("CONFLICT", "intoCaseId")
    with pytest.raises(NotFound):
        act(factory, duplicate, "merge", into_case_id=str(uuid.uuid4()))
    merged = act(factory, duplicate, "merge", into_case_id=str(first))
    assert (merged["status"], merged["merged_into"]) == ("merged", str(first))
    act(factory, other, "reject", note="重复")
    with pytest.raises(CivicError):
        act(factory, new_case(factory), "merge", into_case_id=str(other))


def test_escalation_refused_past_street_and_downwards(factory):
    case_id = new_case(factory)
    act(factory, case_id, "accept", level="street")
    with pytest.raises(CivicError) as info:
        act(factory, case_id, "escalate")
    assert (info.value.code, info.value.field) == ("ILLEGAL_TRANSITION", "toLevel")
    other = new_case(factory)
    act(factory, other, "accept", level="community")
    with pytest.raises(CivicError):
        act(factory, other, "escalate", to_level="grid")


def test_roles_and_scope(factory):
    case_id = new_case(factory)
    with pytest.raises(Forbidden):
        act(factory, case_id, "accept", principal=Principal(TENANT, "resident-7", ("resident",)))
    elsewhere = Principal(TENANT, "gw-2", ("grid_worker",), Scope("grid", str(uuid.uuid4())))
    with pytest.raises(NotFound):
        act(factory, case_id, "accept", principal=elsewhere)
    with pytest.raises(NotFound):  # another tenant's session does not see the case
        act(factory, case_id, "accept", tenant="341102")
    act(factory, case_id, "accept")
    act(factory, case_id, "resolve")
    with pytest.raises(Forbidden):  # a resident verifies only their own case
        act(factory, case_id, "verify", principal=Principal(TENANT, "resident-8", ("resident",)))


def test_due_at_in_working_days_with_tenant_overrides(factory):
    with open_tenant_session(factory, TENANT) as session, session.begin():
        deadlines.set_day(session, validate(c.CalendarDayIn, {"day": "2026-02-24", "working": False}))
        deadlines.set_day(session, validate(c.CalendarDayIn, {"day": "2026-02-24", "working": False,
                                                               "note": "本县调整"}))
        calendar = deadlines.calendar_for(session)
        assert [d.note for d in deadlines.days_of_year(session, 2026)] == ["本县调整"]
    accepted = datetime(2026, 2, 12, 2, 0, tzinfo=timezone.utc)  # Thu 10:00 China time
    # 3 working days at grid level: Fri 13, Sat 14 (调休), [15–23 off], 24 off here → Wed 25
    due = deadlines.due_at("environment", "grid", accepted, calendar)
    assert due == datetime(2026, 2, 25, 10, 0, tzinfo=timezone.utc)  # 18:00 China time
    assert deadlines.due_at("safety", "grid", accepted, calendar) == datetime(
        2026, 2, 13, 10, 0, tzinfo=timezone.utc)


def test_accept_sets_due_at_and_steps(factory):
    case_id = new_case(factory)
    out = act(factory, case_id, "accept")
    assert out["due_at"] is not None
    act(factory, case_id, "escalate")
    with open_tenant_session(factory, TENANT) as session:
        assert session.get(Case, (TENANT, case_id)).deadline_step == 2
        assert session.scalar(sa.select(sa.func.count()).select_from(CaseTimeline)) == 3
