"""Joint meetings (联席会议) at county, street and community level, and their decisions.

Each decision is recorded as ``meeting.decision_made`` for the dispatch service to track as a task;
marking it done here is what the meeting's done count reads.
"""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.organization.models import Decision, Meeting
from services.organization.tree import PLACES, TypeNotAllowed, get_org
from shared.contracts.organization import DECISION_MADE, DecisionOut, MeetingIn, MeetingOut
from shared.db import utcnow
from shared.errors import Conflict, NotFound
from shared.principal import Principal
from shared.scope import scope_clause

CONVENERS = {"county": {"county_committee"}, "street": {"street_working_committee"},
             "community": {"community_committee", "community_general_branch"}}


def decision_out(d: Decision) -> DecisionOut:
    return {"id": str(d.id), "meeting_id": str(d.meeting_id), "text": d.text, "owner_unit": d.owner_unit,
            "due_date": d.due_date.isoformat() if d.due_date else None, "done": d.done_at is not None,
            "done_at": d.done_at.isoformat() if d.done_at else None}


def meeting_out(m: Meeting, decisions: list[Decision]) -> MeetingOut:
    return {"id": str(m.id), "org_id": str(m.org_id), "level": m.level, "held_on": m.held_on.isoformat(),
            "title": m.title, "attending_units": list(m.attending_units), "agenda": m.agenda,
            "minutes": m.minutes, "decisions": [decision_out(d) for d in decisions],
            "done_count": sum(d.done_at is not None for d in decisions)}


def visible(principal: Principal | None):
    return scope_clause(principal, street=Meeting.street_id, community=Meeting.community_id)


def hold(session: Session, record, data: MeetingIn) -> tuple[Meeting, list[Decision]]:
    org = get_org(session, data.org_id, "orgId")
    if org.type not in CONVENERS[data.level]:
        raise TypeNotAllowed(f"a {data.level} joint meeting is convened by a {'/'.join(CONVENERS[data.level])}",
                             "会议层级与召集党组织不符", field="level")
    meeting = Meeting(org_id=org.id, level=data.level, held_on=data.held_on, title=data.title,
                      attending_units=data.attending_units, agenda=data.agenda, minutes=data.minutes,
                      **{place: getattr(org, place) for place in PLACES})
    session.add(meeting)
    session.flush()
    decisions = [Decision(meeting_id=meeting.id, position=i, text=d.text, owner_unit=d.owner_unit,
                          due_date=d.due_date) for i, d in enumerate(data.decisions)]
    session.add_all(decisions)
    session.flush()
    for d in decisions:
        record(session, DECISION_MADE, {
            "version": 1, "decision_id": str(d.id), "meeting_id": str(meeting.id), "level": meeting.level,
            "text": d.text, "owner_unit": d.owner_unit, "due_date": d.due_date.isoformat() if d.due_date else None,
            "community_id": str(meeting.community_id) if meeting.community_id else None,
            "street_id": str(meeting.street_id) if meeting.street_id else None})
    return meeting, decisions


def decisions_of(session: Session, meeting_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Decision]]:
    grouped: dict[uuid.UUID, list[Decision]] = {m: [] for m in meeting_ids}
    for d in session.scalars(sa.select(Decision).where(Decision.meeting_id.in_(meeting_ids))
                             .order_by(Decision.position)):
        grouped[d.meeting_id].append(d)
    return grouped


def get(session: Session, principal: Principal | None, meeting_id: uuid.UUID) -> Meeting:
    meeting = session.scalar(sa.select(Meeting).where(Meeting.id == meeting_id, visible(principal)))
    if meeting is None:
        raise NotFound("joint meeting", "联席会议", meeting_id, field="meetingId")
    return meeting


def mark_done(session: Session, principal: Principal | None, decision_id: uuid.UUID) -> Meeting:
    decision = session.get(Decision, (session.info["tenant"], decision_id))
    if decision is None:
        raise NotFound("decision", "会议决定", decision_id, field="decisionId")
    meeting = get(session, principal, decision.meeting_id)
    if decision.done_at is not None:
        raise Conflict("this decision is already done", "该决定事项已办结", field="decisionId")
    decision.done_at = utcnow()
    session.flush()
    return meeting


def listing(session: Session, principal: Principal | None, org_id: uuid.UUID | None, limit: int, *,
            after: tuple[date, uuid.UUID] | None = None, level: str | None = None,
            since: date | None = None, until: date | None = None) -> list[Meeting]:
    """Meetings in scope, newest first (by date, then id descending: the cursor's order)."""
    query = (sa.select(Meeting).where(visible(principal))
             .order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(limit))
    if org_id is not None:
        query = query.where(Meeting.org_id == org_id)
    if level is not None:
        query = query.where(Meeting.level == level)
    if since is not None:
        query = query.where(Meeting.held_on >= since)
    if until is not None:
        query = query.where(Meeting.held_on <= until)
    if after is not None:
        query = query.where(sa.or_(Meeting.held_on < after[0],
                                   sa.and_(Meeting.held_on == after[0], Meeting.id < after[1])))
    return list(session.scalars(query))
