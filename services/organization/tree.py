"""The org tree: create, rename, move, dissolve, and the whole tree in one query.

Rows are never deleted: dissolving sets a status, and every change writes an ``org_history`` row.
``path`` holds the ids from the root, so a subtree is one ``LIKE 'prefix%'`` and a move one UPDATE.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.organization.models import Member, Org, OrgHistory
from services.organization.org_types import TYPE_ZH, level_of, may_sit_under
from shared.contracts.organization import (
    ORG_CREATED, ORG_DISSOLVED, ORG_MOVED, MoveOrgIn, OrgHistoryOut, OrgIn, OrgOut, RenameOrgIn,
)
from shared.db import new_id, utcnow
from shared.errors import CivicError, Conflict, NotFound
from shared.principal import Principal
from shared.scope import scope_clause

MAX_DEPTH = 11  # 12 levels of 33 characters fit the 400-character path
PLACES = ("street_id", "community_id", "grid_id")


class Cycle(CivicError):
    code = "CYCLE"


class TypeNotAllowed(CivicError):
    code = "TYPE_NOT_ALLOWED"


def _s(value) -> str | None:
    return str(value) if value is not None else None


def org_out(org: Org) -> OrgOut:
    return {"id": str(org.id), "parent_id": _s(org.parent_id), "name": org.name, "type": org.type,
            "level": org.level, "status": org.status, "depth": org.depth, "path": org.path,
            "street_id": _s(org.street_id), "community_id": _s(org.community_id),
            "grid_id": _s(org.grid_id), "created_at": org.created_at.isoformat(),
            "dissolved_at": org.dissolved_at.isoformat() if org.dissolved_at else None}


def event_payload(org: Org) -> dict:
    return {"version": 1, "org_id": str(org.id), "parent_id": _s(org.parent_id), "name": org.name,
            "type": org.type, "community_id": _s(org.community_id), "at": utcnow().isoformat()}


def get_org(session: Session, org_id: uuid.UUID, field: str, *, active: bool = True) -> Org:
    org = session.get(Org, (session.info["tenant"], org_id))
    if org is None:
        raise NotFound("party organization", "党组织", org_id, field=field)
    if active and org.status != "active":
        raise Conflict(f"organization {org.name!r} is dissolved", f"党组织“{org.name}”已撤销", field=field)
    return org


def _snapshot(org: Org) -> dict:
    return {"name": org.name, "parent_id": _s(org.parent_id), "status": org.status, "path": org.path}


def _history(session: Session, org: Org, action: str, before: dict, actor: str | None) -> None:
    session.add(OrgHistory(org_id=org.id, action=action, before=before, after=_snapshot(org), actor=actor))


def _check_name(session: Session, parent_id, name: str, exclude=None) -> None:
    query = sa.select(sa.func.count()).select_from(Org).where(
        Org.name == name, Org.status == "active",
        Org.parent_id.is_(None) if parent_id is None else Org.parent_id == parent_id)
    if exclude is not None:
        query = query.where(Org.id != exclude)
    if session.scalar(query):
        raise Conflict(f"an active organization named {name!r} already exists here",
                       f"同级已有名为“{name}”的党组织", field="name")


def _check_type(parent: Org | None, org_type: str, field: str) -> None:
    if not may_sit_under(parent.type if parent else None, org_type):
        where = f"under a {parent.type}" if parent else "at the root"
        where_zh = f"“{TYPE_ZH[parent.type]}”之下" if parent else "最上级"
        raise TypeNotAllowed(f"a {org_type} cannot sit {where}",
                             f"{TYPE_ZH[org_type]}不能设在{where_zh}", field=field)


def _flush(session: Session, name: str) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:  # two writers raced past _check_name: the partial unique index holds
        raise Conflict(f"an active organization named {name!r} already exists here",
                       f"同级已有名为“{name}”的党组织", field="name") from None


def create_org(session: Session, record, data: OrgIn, actor: str | None) -> Org:
    parent = get_org(session, data.parent_id, "parentId") if data.parent_id else None
    _check_type(parent, data.type, "type")
    level = level_of(data.type, data.level)
    if level is None:
        raise TypeNotAllowed(f"level {data.level} does not fit a {data.type}",
                             f"层级 {data.level} 与{TYPE_ZH[data.type]}不符", field="level")
    _check_name(session, data.parent_id, data.name)
    if parent is not None and parent.depth >= MAX_DEPTH:
        raise Conflict("the tree may not grow deeper", "组织层级过深", field="parentId")
    org = Org(id=new_id(), parent_id=data.parent_id, name=data.name, type=data.type, level=level,
              status="active", depth=parent.depth + 1 if parent else 0)
    org.path = (parent.path if parent else "/") + org.id.hex + "/"
    for place in PLACES:
        given = getattr(data, place)
        setattr(org, place, given if given is not None else getattr(parent, place, None))
    session.add(org)
    _flush(session, data.name)
    _history(session, org, "created", {}, actor)
    record(session, ORG_CREATED, event_payload(org))
    return org


def rename_org(session: Session, data: RenameOrgIn, actor: str | None) -> Org:
    org = get_org(session, data.org_id, "orgId")
    _check_name(session, org.parent_id, data.name, exclude=org.id)
    before = _snapshot(org)
    org.name = data.name
    _flush(session, data.name)
    _history(session, org, "renamed", before, actor)
    return org


def move_org(session: Session, record, data: MoveOrgIn, actor: str | None) -> Org:
    org = get_org(session, data.org_id, "orgId")
    parent = get_org(session, data.new_parent_id, "newParentId")
    if parent.path.startswith(org.path):
        raise Cycle("an organization cannot move under itself or its own descendant",
                    "不能把党组织移到它自身或其下级组织之下", field="newParentId")
    if parent.id == org.parent_id:
        return org
    _check_type(parent, org.type, "newParentId")
    _check_name(session, parent.id, org.name, exclude=org.id)
    if parent.depth + 1 + _subtree_height(session, org) > MAX_DEPTH:
        raise Conflict("the tree may not grow deeper", "组织层级过深", field="newParentId")
    before, old_parent = _snapshot(org), session.get(Org, (org.tenant_id, org.parent_id))
    subtree = Org.path.startswith(org.path)
    for place in PLACES:  # places the org inherited follow it to the new parent
        mine = getattr(org, place)
        if old_parent is not None and mine == getattr(old_parent, place):
            column = getattr(Org, place)
            session.execute(sa.update(Org).where(subtree, column.is_(None) if mine is None else column == mine)
                            .values({place: getattr(parent, place)}),
                            execution_options={"synchronize_session": False})
    new_prefix = parent.path + org.id.hex + "/"
    session.execute(sa.update(Org).where(subtree).values(
        path=sa.literal(new_prefix) + sa.func.substr(Org.path, len(org.path) + 1),
        depth=Org.depth + (parent.depth + 1 - org.depth)),
        execution_options={"synchronize_session": False})
    session.execute(sa.update(Org).where(Org.id == org.id).values(parent_id=parent.id),
                    execution_options={"synchronize_session": False})
    session.expire_all()
    org = get_org(session, data.org_id, "orgId")
    _history(session, org, "moved", before, actor)
    record(session, ORG_MOVED, event_payload(org))
    return org


def _subtree_height(session: Session, org: Org) -> int:
    deepest = session.scalar(sa.select(sa.func.max(Org.depth)).where(Org.path.startswith(org.path)))
    return (deepest or org.depth) - org.depth


def dissolve_org(session: Session, record, org_id: uuid.UUID, reason: str, actor: str | None) -> Org:
    org = get_org(session, org_id, "orgId")
    children = session.scalar(sa.select(sa.func.count()).select_from(Org).where(
        Org.parent_id == org.id, Org.status == "active"))
    if children:
        raise Conflict(f"{org.name!r} still has {children} active sub-organizations",
                       f"“{org.name}”仍有 {children} 个下级党组织", field="orgId")
    members = session.scalar(sa.select(sa.func.count()).select_from(Member).where(Member.org_id == org.id))
    if members:
        raise Conflict(f"{org.name!r} still has {members} members; transfer them first",
                       f"“{org.name}”仍有 {members} 名党员，请先转接组织关系", field="orgId")
    before = _snapshot(org)
    org.status, org.dissolved_at = "dissolved", utcnow()
    session.flush()
    _history(session, org, "dissolved", {**before, "reason": reason}, actor)
    record(session, ORG_DISSOLVED, event_payload(org))
    return org


def visible(principal: Principal | None):
    return scope_clause(principal, street=Org.street_id, community=Org.community_id, grid=Org.grid_id)


def tree(session: Session, principal: Principal | None, include_dissolved: bool = False) -> list[Org]:
    """Every org in scope, ordered by path (parents before children): one query."""
    query = sa.select(Org).where(visible(principal)).order_by(Org.path)
    if not include_dissolved:
        query = query.where(Org.status == "active")
    return list(session.scalars(query))


def existing_org_ids(session: Session, ids: list[uuid.UUID]) -> list[uuid.UUID]:
    """The ids among ``ids`` that are orgs of the session's county."""
    return list(session.scalars(sa.select(Org.id).where(Org.id.in_(ids)))) if ids else []


def orgs_by_ids(session: Session, principal: Principal | None, ids: list[uuid.UUID]) -> list[Org]:
    return list(session.scalars(sa.select(Org).where(Org.id.in_(ids), visible(principal))))


def history(session: Session, org_id: uuid.UUID) -> list[OrgHistoryOut]:
    rows = session.scalars(sa.select(OrgHistory).where(OrgHistory.org_id == org_id)
                           .order_by(OrgHistory.at, OrgHistory.id))
    return [{"org_id": str(r.org_id), "action": r.action, "before": r.before, "after": r.after,
             "actor": r.actor, "at": r.at.isoformat()} for r in rows]
