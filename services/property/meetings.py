"""Weekly three-party meetings (三联办): the community party organization, the property company
and the owners' committee settle property cases together. Every side must attend; settled cases
must be among those discussed; the settled count over a period is the figure counties report."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.property.companies import invalid
from services.property.community_models import ThreePartyMeeting
from shared.contracts.property import MeetingIn, MeetingOut

SIDES = ("party_org", "company", "committee")


def meeting_out(row: ThreePartyMeeting) -> MeetingOut:
    return {"id": str(row.id), "community_id": str(row.community_id), "community_name": row.community_name,
            "held_on": row.held_on.isoformat(), "attendees": row.attendees, "discussed_case_ids": row.discussed,
            "settled_case_ids": row.settled, "decisions": row.decisions}


def record(session: Session, data: MeetingIn) -> ThreePartyMeeting:
    missing = [side for side in SIDES if side not in {a.side for a in data.attendees}]
    if missing:
        raise invalid("attendees", f"every side attends; missing: {', '.join(missing)}",
                      f"三方均须参会，缺少：{'、'.join(missing)}")
    discussed = [str(c) for c in dict.fromkeys(data.discussed_case_ids)]
    settled = [str(c) for c in dict.fromkeys(data.settled_case_ids)]
    if not set(settled) <= set(discussed):
        raise invalid("settledCaseIds", "settled cases must be among those discussed", "化解的事件须在议题之内")
    if any(not d.strip() or len(d) > 500 for d in data.decisions):
        raise invalid("decisions", "each decision is 1–500 characters", "每项决定须为 1–500 字")
    row = ThreePartyMeeting(community_id=data.community_id, community_name=data.community_name,
                            held_on=data.held_on, attendees=[a.model_dump() for a in data.attendees],
                            discussed=discussed, settled=settled, decisions=[d.strip() for d in data.decisions])
    session.add(row)
    session.flush()
    return row


def between(session: Session, since: date, until: date, visible=None) -> list[ThreePartyMeeting]:
    in_scope = visible.community(ThreePartyMeeting.community_id) if visible is not None else sa.true()
    return list(session.scalars(sa.select(ThreePartyMeeting).where(
        ThreePartyMeeting.held_on >= since, ThreePartyMeeting.held_on <= until, in_scope)
        .order_by(ThreePartyMeeting.held_on)))


def page(session: Session, visible, *, limit: int, after: tuple[date, uuid.UUID] | None,
         since: date | None = None, until: date | None = None,
         community_id: uuid.UUID | None = None) -> list[ThreePartyMeeting]:
    """Meetings in scope newest first, then by id descending (cursor ``<held_on>|<id>``), held
    between ``since`` and ``until`` inclusive (either open), optionally of one community."""
    query = (sa.select(ThreePartyMeeting).where(visible.community(ThreePartyMeeting.community_id))
             .order_by(ThreePartyMeeting.held_on.desc(), ThreePartyMeeting.id.desc()).limit(limit))
    if since is not None:
        query = query.where(ThreePartyMeeting.held_on >= since)
    if until is not None:
        query = query.where(ThreePartyMeeting.held_on <= until)
    if community_id is not None:
        query = query.where(ThreePartyMeeting.community_id == community_id)
    if after is not None:
        held, ident = after
        query = query.where(sa.or_(ThreePartyMeeting.held_on < held, sa.and_(
            ThreePartyMeeting.held_on == held, ThreePartyMeeting.id < ident)))
    return list(session.scalars(query))


