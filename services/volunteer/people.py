"""Volunteers and teams (志愿者与志愿服务队)."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.volunteer import ledger
from services.volunteer.models import Team, Volunteer
from shared.contracts.volunteer import TeamIn, TeamOut, VolunteerIn, VolunteerOut
from shared.errors import Conflict, Forbidden, NotFound


def team_out(row: Team) -> TeamOut:
    return {"id": str(row.id), "name": row.name,
            "community_id": str(row.community_id) if row.community_id else None}


def volunteer_out(row: Volunteer, balance: int) -> VolunteerOut:
    return {"id": str(row.id), "name": row.name, "kind": row.kind, "member_id": row.member_id,
            "team_id": str(row.team_id) if row.team_id else None,
            "community_id": str(row.community_id) if row.community_id else None, "balance": balance}


def get_team(session: Session, team_id: uuid.UUID, field: str = "teamId") -> Team:
    row = session.get(Team, (session.info["tenant"], team_id))
    if row is None:
        raise NotFound("team", "志愿服务队", team_id, field=field)
    return row


def get_volunteer(session: Session, volunteer_id: uuid.UUID, field: str = "volunteerId") -> Volunteer:
    row = session.get(Volunteer, (session.info["tenant"], volunteer_id))
    if row is None:
        raise NotFound("volunteer", "志愿者", volunteer_id, field=field)
    return row


def create_team(session: Session, data: TeamIn) -> Team:
    try:
        with session.begin_nested():
            row = Team(name=data.name, community_id=data.community_id)
            session.add(row)
    except IntegrityError:
        raise Conflict(f"a team named {data.name!r} already exists", f"已有名为“{data.name}”的志愿服务队",
                       field="name") from None
    return row


def register(session: Session, data: VolunteerIn) -> Volunteer:
    team = get_team(session, data.team_id) if data.team_id else None
    if data.kind == "party_member" and not data.member_id:
        raise Conflict("a party member needs the memberId from the roster",
                       "党员志愿者须填写党员名册编号", field="memberId")
    community_id = data.community_id or (team.community_id if team else None)
    try:
        with session.begin_nested():
            row = Volunteer(name=data.name, kind=data.kind, member_id=data.member_id,
                            team_id=data.team_id, community_id=community_id, subject=data.subject)
            session.add(row)
            session.flush()
            ledger.volunteer_account(session, row.id)
    except IntegrityError:
        taken_subject = data.subject and session.scalar(
            sa.select(Volunteer.id).where(Volunteer.subject == data.subject))
        if taken_subject:
            raise Conflict("this user account is already a volunteer", "该用户账号已登记为志愿者",
                           field="subject") from None
        raise Conflict("this party member is already a volunteer", "该党员已登记为志愿者",
                       field="memberId") from None
    return row


def volunteers_by_ids(session: Session, ids: list[uuid.UUID]) -> list[VolunteerOut]:
    rows = session.scalars(sa.select(Volunteer).where(Volunteer.id.in_(ids))).all()
    totals = ledger.balances(session, [r.id for r in rows])
    return [volunteer_out(r, totals.get(r.id, 0)) for r in rows]


def list_volunteers(session: Session, team_id: uuid.UUID | None, limit: int = 200) -> list[VolunteerOut]:
    query = sa.select(Volunteer.id).order_by(Volunteer.created_at.desc(), Volunteer.id).limit(limit)
    if team_id is not None:
        query = query.where(Volunteer.team_id == team_id)
    ids = list(session.scalars(query))
    found = {row["id"]: row for row in volunteers_by_ids(session, ids)}
    return [found[str(i)] for i in ids]


def list_teams(session: Session) -> list[Team]:
    return list(session.scalars(sa.select(Team).order_by(Team.name)))


def from_dual_registration(session: Session, *, member_id: str, name: str,
                           community_id: uuid.UUID) -> tuple[Volunteer, bool]:
    """双报到: the member becomes (or stays) a party-member volunteer of that community.
    Returns the volunteer and whether it was created; a known member moves to the new community."""
    row = session.scalar(sa.select(Volunteer).where(Volunteer.member_id == member_id))
    if row is not None:
        row.community_id = community_id
        return row, False
    row = Volunteer(name=name[:64], kind="party_member", member_id=member_id, community_id=community_id)
    session.add(row)
    session.flush()
    ledger.volunteer_account(session, row.id)
    return row, True


def ensure_acting_for(session: Session, principal, volunteer_id: uuid.UUID, managers: tuple) -> None:
    """Staff act for any volunteer; anyone else only as the volunteer registered with their
    account, so nobody signs up, checks in or spends points in another person's name."""
    if principal is not None and principal.has_role(*managers):
        return
    row = get_volunteer(session, volunteer_id)
    if principal is None or row.subject is None or row.subject != principal.subject:
        raise Forbidden("you may act only as your own volunteer record", "只能以本人志愿者身份操作")
