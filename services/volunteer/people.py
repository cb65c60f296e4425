"""Volunteers and teams (志愿者与志愿服务队), and who may read which volunteer.

Data scope: staff and readers (county admin, command center, dashboards, street and community
staff, grid workers) see the volunteers whose places fall in their scope — a grid worker those of
the grid, community staff those of the community, street staff those of the street. Anyone else
(a resident or party member signed in) sees only the volunteer registered with their account.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.volunteer import ledger
from services.volunteer.models import Team, Volunteer
from shared import keyset
from shared.contracts.volunteer import TeamIn, TeamOut, VolunteerIn, VolunteerOut, VolunteerPageIn
from shared.errors import Conflict, Forbidden, NotFound
from shared.principal import Principal
from shared.scope import scope_clause

READERS = ("platform_admin", "county_admin", "command_center", "dashboard", "street_staff",
           "community_staff", "grid_worker")


def visible(principal: Principal | None):
    """WHERE clause: the volunteers the caller may read (no principal: an internal event)."""
    if principal is None:
        return sa.true()
    if not principal.has_role(*READERS):
        return Volunteer.subject == principal.subject
    return scope_clause(principal, street=Volunteer.street_id, community=Volunteer.community_id,
                        grid=Volunteer.grid_id)


def team_out(row: Team) -> TeamOut:
    return {"id": str(row.id), "name": row.name,
            "community_id": str(row.community_id) if row.community_id else None}


def volunteer_out(row: Volunteer, balance: int) -> VolunteerOut:
    return {"id": str(row.id), "name": row.name, "kind": row.kind, "member_id": row.member_id,
            "team_id": str(row.team_id) if row.team_id else None,
            "community_id": str(row.community_id) if row.community_id else None, "balance": balance,
            "street_id": str(row.street_id) if row.street_id else None,
            "grid_id": str(row.grid_id) if row.grid_id else None,
            "created_at": row.created_at.isoformat()}


def get_team(session: Session, team_id: uuid.UUID, field: str = "teamId") -> Team:
    row = session.get(Team, (session.info["tenant"], team_id))
    if row is None:
        raise NotFound("team", "志愿服务队", team_id, field=field)
    return row


def get_volunteer(session: Session, volunteer_id: uuid.UUID, field: str = "volunteerId",
                  principal: Principal | None = None) -> Volunteer:
    """The volunteer; with ``principal``, only one the caller may read (else NOT_FOUND)."""
    row = session.get(Volunteer, (session.info["tenant"], volunteer_id))
    if row is not None and principal is not None and not session.scalar(
            sa.select(sa.literal(True)).where(Volunteer.id == row.id, visible(principal))):
        row = None
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


def register(session: Session, data: VolunteerIn, grid: dict | None = None) -> Volunteer:
    """``grid`` is the grid service's record of ``data.grid_id``: its community and street win."""
    team = get_team(session, data.team_id) if data.team_id else None
    if data.kind == "party_member" and not data.member_id:
        raise Conflict("a party member needs the memberId from the roster",
                       "党员志愿者须填写党员名册编号", field="memberId")
    community_id = data.community_id or (team.community_id if team else None)
    street_id = data.street_id
    if grid is not None:
        if community_id is not None and str(community_id) != grid["community_id"]:
            raise Conflict("the grid lies in another community", "该网格不属于所填社区", field="gridId")
        community_id, street_id = uuid.UUID(grid["community_id"]), uuid.UUID(grid["street_id"])
    try:
        with session.begin_nested():
            row = Volunteer(name=data.name, kind=data.kind, member_id=data.member_id,
                            team_id=data.team_id, community_id=community_id, subject=data.subject,
                            street_id=street_id, grid_id=data.grid_id)
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


def place(session: Session, volunteer_id: uuid.UUID, grid: dict) -> Volunteer:
    """所在网格: the volunteer serves in ``grid`` (the grid service's record); places follow it."""
    row = get_volunteer(session, volunteer_id)
    row.grid_id, row.community_id = uuid.UUID(grid["id"]), uuid.UUID(grid["community_id"])
    row.street_id = uuid.UUID(grid["street_id"])
    session.flush()
    return row


def volunteers_by_ids(session: Session, ids: list[uuid.UUID],
                      principal: Principal | None = None) -> list[VolunteerOut]:
    rows = session.scalars(sa.select(Volunteer).where(Volunteer.id.in_(ids), visible(principal))).all()
    totals = ledger.balances(session, [r.id for r in rows])
    return [volunteer_out(r, totals.get(r.id, 0)) for r in rows]


def list_volunteers(session: Session, team_id: uuid.UUID | None, limit: int = 200,
                    principal: Principal | None = None) -> list[VolunteerOut]:
    return page(session, VolunteerPageIn(team_id=team_id, limit=min(limit, 101)), principal,
                cap=limit)


def page(session: Session, data: VolunteerPageIn, principal: Principal | None,
         cap: int | None = None) -> list[VolunteerOut]:
    """Volunteers newest first (cursor ``<created_at>|<id>``), filtered, in the caller's scope."""
    query = (sa.select(Volunteer.id).where(visible(principal))
             .order_by(Volunteer.created_at.desc(), Volunteer.id.desc()).limit(cap or data.limit))
    for column, value in ((Volunteer.team_id, data.team_id), (Volunteer.street_id, data.street_id),
                          (Volunteer.community_id, data.community_id), (Volunteer.grid_id, data.grid_id),
                          (Volunteer.kind, data.kind)):
        if value is not None:
            query = query.where(column == value)
    if data.name:
        query = query.where(Volunteer.name.contains(data.name, autoescape=True))
    position = keyset.time_cursor(data.after)
    if position is not None:
        query = query.where(sa.or_(Volunteer.created_at < position[0], sa.and_(
            Volunteer.created_at == position[0], Volunteer.id < position[1])))
    ids = list(session.scalars(query))
    found = {row["id"]: row for row in volunteers_by_ids(session, ids)}
    return [found[str(i)] for i in ids]


def list_teams(session: Session) -> list[Team]:
    return list(session.scalars(sa.select(Team).order_by(Team.name)))


def teams_page(session: Session, *, limit: int, after: tuple[str, uuid.UUID] | None) -> list[Team]:
    """Teams by name then id (cursor ``<name>|<id>``), ``limit`` of them after ``after``."""
    query = sa.select(Team).order_by(Team.name, Team.id).limit(limit)
    if after is not None:
        name, ident = after
        query = query.where(sa.or_(Team.name > name, sa.and_(Team.name == name, Team.id > ident)))
    return list(session.scalars(query))


def from_dual_registration(session: Session, *, member_id: str, name: str, community_id: uuid.UUID,
                           street_id: uuid.UUID | None = None) -> tuple[Volunteer, bool]:
    """双报到: the member becomes (or stays) a party-member volunteer of that community.
    Returns the volunteer and whether it was created; a known member moves to the new community
    (and leaves a grid of the old one)."""
    row = session.scalar(sa.select(Volunteer).where(Volunteer.member_id == member_id))
    if row is not None:
        if row.community_id != community_id:
            row.grid_id, row.street_id = None, street_id
        row.community_id, row.street_id = community_id, street_id or row.street_id
        return row, False
    row = Volunteer(name=name[:64], kind="party_member", member_id=member_id, community_id=community_id,
                    street_id=street_id)
    session.add(row)
    session.flush()
    ledger.volunteer_account(session, row.id)
    return row, True


def in_scope(session: Session, principal: Principal | None, row: Volunteer) -> Volunteer:
    """Refuse a write about a volunteer outside the caller's scope (a grid worker, another grid)."""
    session.flush()
    if principal is not None and not session.scalar(
            sa.select(sa.literal(True)).where(Volunteer.id == row.id, visible(principal))):
        raise Forbidden("this volunteer is outside your scope", "该志愿者不在您的管辖范围内")
    return row


def visible_ids(session: Session, principal: Principal | None, ids: list[uuid.UUID]) -> list[uuid.UUID]:
    return list(session.scalars(sa.select(Volunteer.id).where(Volunteer.id.in_(ids), visible(principal))))


def ensure_acting_for(session: Session, principal, volunteer_id: uuid.UUID, managers: tuple) -> None:
    """Staff act for any volunteer in their scope; anyone else only as the volunteer registered
    with their account, so nobody signs up, checks in or spends points in another person's name."""
    if principal is not None and principal.has_role(*managers):
        in_scope(session, principal, get_volunteer(session, volunteer_id))
        return
    row = get_volunteer(session, volunteer_id)
    if principal is None or row.subject is None or row.subject != principal.subject:
        raise Forbidden("you may act only as your own volunteer record", "只能以本人志愿者身份操作")
