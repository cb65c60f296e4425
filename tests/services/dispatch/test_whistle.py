"""Whistle-and-report and the measures over SQLite."""
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from services.dispatch import measures, whistle
from services.dispatch.models import Case, WhistlePart
from shared.contracts import dispatch as c
from shared.contracts.validation import validate
from shared.db import open_tenant_session, utcnow
from shared.errors import CivicError, Forbidden, ValidationFailed
from shared.principal import Principal
from tests.services.dispatch.support import ADMIN, TENANT, act, events, new_case, record

DEPARTMENTS = [{"department_id": str(uuid.uuid4()), "name": n} for n in ("城管局", "住建局", "市场监管局")]


def account(part) -> Principal:
    """An account of the department a part is addressed to (its token names that department)."""
    return Principal(TENANT, f"dept-{part['department_id'][:8]}", ("department",),
                     department_id=part["department_id"])


def summon(factory, case_id, departments=DEPARTMENTS, principal=ADMIN):
    data = validate(c.WhistleIn, {"case_id": str(case_id), "departments": departments})
    with open_tenant_session(factory, TENANT) as session, session.begin():
        return [whistle.part_out(p) for p in whistle.whistle(session, record, principal, data)]


def part_step(factory, part, action, principal=None, **fields):
    """``part``: a part as :func:`whistle.part_out` gives it; acted on by its own department's
    account unless ``principal`` is given."""
    principal = principal or account(part)
    data = validate(c.WhistlePartStepIn, {"part_id": part["id"], **fields})
    with open_tenant_session(factory, TENANT) as session, session.begin():
        return whistle.part_out(whistle.step(session, record, principal, action, data))


def street_case(factory):
    case_id = new_case(factory, category="dispute")
    act(factory, case_id, "accept", level="street")
    return case_id


def test_three_departments_one_late_then_the_case_resolves(factory):
    case_id = street_case(factory)
    parts = summon(factory, case_id)
    assert [p["status"] for p in parts] == ["summoned"] * 3
    with pytest.raises(CivicError) as info:  # the street cannot close it over the departments
        act(factory, case_id, "resolve")
    assert (info.value.code, info.value.field) == ("CONFLICT", "caseId")
    with open_tenant_session(factory, TENANT) as session, session.begin():  # the third is late
        session.get(WhistlePart, (TENANT, uuid.UUID(parts[2]["id"]))).respond_by = utcnow() - timedelta(minutes=5)
    members = [str(uuid.uuid4()), str(uuid.uuid4())]
    for n, part in enumerate(parts):
        reported = part_step(factory, part, "report")
        assert reported["reported_on_time"] is (n != 2)
    with pytest.raises(CivicError) as info:
        part_step(factory, parts[0], "report")
    assert info.value.code == "ILLEGAL_TRANSITION"
    part_step(factory, parts[0], "resolve", handler_member_ids=[members[0]])
    part_step(factory, parts[1], "resolve", handler_member_ids=[members[1], members[0]])
    with open_tenant_session(factory, TENANT) as session:
        assert session.get(Case, (TENANT, case_id)).status == "accepted"
    part_step(factory, parts[2], "resolve")
    kinds = [e for e, _ in events(factory, case_id)]
    assert kinds.count(c.WHISTLE_PART_RESOLVED) == 3 and kinds[-2:] == [c.CASE_RESOLVED, c.CASE_CLOSED]
    resolved = events(factory, case_id)[-2][1]
    assert sorted(resolved["handler_member_ids"]) == sorted(members)
    whistled = [p for e, p in events(factory, case_id) if e == c.CASE_WHISTLED]
    assert len(c.CaseWhistled.model_validate(whistled[0]).department_ids) == 3

    with open_tenant_session(factory, TENANT) as session:
        cards = {card["department_name"]: card for card in measures.scorecards(
            session, None, utcnow() - timedelta(days=1), utcnow())}
    assert cards["市场监管局"]["reported_on_time"] == 0 and cards["城管局"]["reported_on_time"] == 1
    assert all(card["resolved"] == card["summoned"] == 1 for card in cards.values())
    assert cards["住建局"]["on_time_rate"] == 1.0 and cards["住建局"]["average_response_minutes"] >= 0


def test_whistle_refusals(factory):
    grid_case = new_case(factory)
    act(factory, grid_case, "accept")
    with pytest.raises(CivicError) as info:
        summon(factory, grid_case)
    assert (info.value.code, info.value.field) == ("ILLEGAL_TRANSITION", "caseId")
    case_id = street_case(factory)
    twice = [DEPARTMENTS[0], DEPARTMENTS[0]]
    with pytest.raises(CivicError) as info:
        summon(factory, case_id, twice)
    assert (info.value.code, info.value.field) == ("CONFLICT", "departments")
    with pytest.raises(Forbidden):
        summon(factory, case_id, principal=Principal(TENANT, "gw", ("grid_worker",)))
    with pytest.raises(ValidationFailed) as info:
        summon(factory, case_id, [])
    assert info.value.field == "departments"
    parts = summon(factory, case_id, DEPARTMENTS[:1])
    with pytest.raises(CivicError) as info:  # resolve before reporting in
        part_step(factory, parts[0], "resolve")
    assert (info.value.code, info.value.field) == ("ILLEGAL_TRANSITION", "partId")
    with pytest.raises(Forbidden):
        part_step(factory, parts[0], "report", principal=Principal(TENANT, "r", ("resident",)))
    with open_tenant_session(factory, TENANT) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(WhistlePart)) == 1


def test_case_measures(factory):
    ids = [new_case(factory, category="parking") for _ in range(4)]
    for case_id in ids[:3]:
        act(factory, case_id, "accept")
    act(factory, ids[2], "escalate", to_level="street")
    for case_id in ids[:3]:
        act(factory, case_id, "resolve")
        act(factory, case_id, "verify")
    act(factory, ids[0], "rate", rating="satisfied")
    act(factory, ids[1], "rate", rating="unsatisfied")  # reopened: open again
    period = validate(c.PeriodIn, {"since": (utcnow() - timedelta(days=1)).isoformat(),
                                   "until": (utcnow() + timedelta(days=1)).isoformat(),
                                   "group_by": "category"})
    with open_tenant_session(factory, TENANT) as session:
        [row] = measures.case_measures(session, None, period)
    assert row["key"] == "parking" and row["reported"] == 4
    assert (row["resolved"], row["resolved_at_grid_or_community"], row["backlog"]) == (2, 1, 2)
    assert (row["grid_community_share"], row["on_time_rate"]) == (0.5, 1.0)
    assert (row["rated"], row["satisfied"], row["satisfaction_rate"]) == (2, 1, 0.5)
    with open_tenant_session(factory, "341102") as session:
        assert measures.case_measures(session, None, period) == []
