"""Secretaries and committee members (书记、委员) of an org, each with a term.

One secretary (and one first secretary) at a time: a new term may not overlap a serving one's;
close the old term first (``end_term``). An open term (no end date) runs until closed.
"""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.organization.models import Member, Officer
from services.organization.tree import get_org
from shared.contracts.organization import OfficerIn, OfficerOut
from shared.errors import Conflict, NotFound, ValidationFailed

SINGLE_SEAT = {"secretary": "书记", "first_secretary": "第一书记"}
FAR_FUTURE = date(9999, 12, 31)


def officer_out(row: Officer) -> OfficerOut:
    return {"id": str(row.id), "org_id": str(row.org_id), "name": row.name, "role": row.role,
            "member_id": str(row.member_id) if row.member_id else None,
            "term_start": row.term_start.isoformat(),
            "term_end": row.term_end.isoformat() if row.term_end else None}


def _bad_term() -> ValidationFailed:
    return ValidationFailed([{"field": "termEnd", "message": "termEnd: must not be before termStart",
                              "message_zh": "termEnd：任期结束不能早于开始"}])


def appoint(session: Session, data: OfficerIn) -> Officer:
    get_org(session, data.org_id, "orgId")
    if data.term_end is not None and data.term_end < data.term_start:
        raise _bad_term()
    if data.member_id is not None and session.get(Member, (session.info["tenant"], data.member_id)) is None:
        raise NotFound("party member", "党员", data.member_id, field="memberId")
    if data.role in SINGLE_SEAT:
        end = data.term_end or FAR_FUTURE
        overlap = session.scalar(sa.select(Officer).where(
            Officer.org_id == data.org_id, Officer.role == data.role, Officer.term_start <= end,
            sa.or_(Officer.term_end.is_(None), Officer.term_end >= data.term_start)))
        if overlap is not None:
            zh = SINGLE_SEAT[data.role]
            raise Conflict(f"{overlap.name} is {data.role} for an overlapping term; end it first",
                           f"{overlap.name}的{zh}任期与此重叠，请先结束其任期", field="termStart")
    row = Officer(**data.model_dump())
    session.add(row)
    session.flush()
    return row


def end_term(session: Session, officer_id: uuid.UUID, term_end: date) -> Officer:
    row = session.get(Officer, (session.info["tenant"], officer_id))
    if row is None:
        raise NotFound("officer", "委员", officer_id, field="officerId")
    if term_end < row.term_start:
        raise _bad_term()
    row.term_end = term_end
    session.flush()
    return row


def officers_by_org(session: Session, org_ids: list[uuid.UUID]) -> list[Officer]:
    return list(session.scalars(sa.select(Officer).where(Officer.org_id.in_(org_ids))
                                .order_by(Officer.term_start.desc(), Officer.name)))
