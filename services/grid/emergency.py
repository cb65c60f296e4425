"""Emergency activation (一键启动): activation turns every cadre assignment in the scope into a
task, inserted in one batch; cadres acknowledge their own tasks; the acknowledged share per
community is read from the tasks, and also counted as it happens, per community
(``emergency_communities``), so each acknowledgement can announce its community's exact figures."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grid.models import (
    CadreAssignment, Community, Emergency, EmergencyCommunity, EmergencyTask, Grid, Street,
)
from shared.contracts.grid import (
    EmergencyAcknowledged, EmergencyActivationIn, EmergencyOut, EmergencyStatus, EmergencyTaskOut,
)
from shared.errors import Conflict, Forbidden, NotFound, ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _check_scope(session: Session, principal: Principal, data: EmergencyActivationIn) -> uuid.UUID | None:
    """The street of the activation (None for the county); a street admin stays in their street."""
    if data.scope_level == "county":
        if data.scope_id is not None:
            raise ValidationFailed([{"field": "scopeId", "message": "scopeId: not allowed for the county",
                                     "message_zh": "scopeId：全县启动不需指定"}])
        street_id = None
    else:
        if data.scope_id is None:
            raise ValidationFailed([{"field": "scopeId", "message": "scopeId: required",
                                     "message_zh": "scopeId：必须填写"}])
        model = Street if data.scope_level == "street" else Community
        place = session.get(model, (session.info["tenant"], data.scope_id))
        if place is None:
            raise NotFound(data.scope_level, "街道" if model is Street else "社区", data.scope_id, field="scopeId")
        street_id = place.id if model is Street else place.street_id
    if not principal.has_role("county_admin", "command_center"):
        if principal.scope.level != "street" or street_id is None or str(street_id) != principal.scope.id:
            raise Forbidden("a street admin activates only inside their street", "街道只能在本街道内启动")
    return street_id


def activate(session: Session, principal: Principal, data: EmergencyActivationIn) -> Emergency:
    _check_scope(session, principal, data)
    active = session.scalar(sa.select(Emergency.id).where(
        Emergency.ended_at.is_(None), Emergency.scope_level == data.scope_level,
        Emergency.scope_id.is_(None) if data.scope_id is None else Emergency.scope_id == data.scope_id))
    if active is not None:
        raise Conflict("this scope is already in emergency mode", "该范围已处于应急状态", field="scopeId")
    emergency = Emergency(scope_level=data.scope_level, scope_id=data.scope_id, reason=data.reason,
                          activated_by=principal.subject, activated_at=_now())
    session.add(emergency)
    session.flush()
    query = sa.select(CadreAssignment.id, CadreAssignment.subject, CadreAssignment.street_id,
                      CadreAssignment.community_id)
    if data.scope_level == "street":
        query = query.where(CadreAssignment.street_id == data.scope_id)
    elif data.scope_level == "community":
        query = query.where(CadreAssignment.community_id == data.scope_id)
    tenant = session.info["tenant"]
    tasks = [{"tenant_id": tenant, "id": uuid.uuid4(), "emergency_id": emergency.id, "assignment_id": a,
              "subject": s, "street_id": st, "community_id": c} for a, s, st, c in session.execute(query)]
    if tasks:  # one executemany (batched multi-row INSERT): 2,500 cadres in well under a second
        session.execute(sa.insert(EmergencyTask), tasks)
        counts: dict[tuple, int] = {}
        for task in tasks:
            key = (task["community_id"], task["street_id"])
            counts[key] = counts.get(key, 0) + 1
        session.execute(sa.insert(EmergencyCommunity), [
            {"tenant_id": tenant, "id": uuid.uuid4(), "emergency_id": emergency.id, "community_id": c,
             "street_id": st, "tasks": n, "acknowledged": 0} for (c, st), n in counts.items()])
    emergency.task_count = len(tasks)
    return emergency


def acknowledge(session: Session, principal: Principal,
                task_id: uuid.UUID) -> tuple[EmergencyTask, EmergencyAcknowledged | None]:
    """Mark the caller's own task acknowledged. Returns the task and, when this call acknowledged
    it (not a repeat), the event to announce with the counts right after it."""
    task = session.scalar(sa.select(EmergencyTask).where(EmergencyTask.id == task_id,
                                                         EmergencyTask.subject == principal.subject))
    if task is None:
        raise NotFound("emergency task", "应急任务", task_id, field="taskId")
    # a shared lock on the emergency: acknowledgements run side by side, a deactivation waits for
    # those in flight, and one arriving after it sees it ended
    ended = session.scalar(sa.select(Emergency.ended_at).where(Emergency.id == task.emergency_id)
                           .with_for_update(read=True))
    if ended is not None:
        raise Conflict("the emergency has ended", "应急状态已解除", field="taskId")
    now = _now()
    marked = session.execute(
        sa.update(EmergencyTask).where(EmergencyTask.id == task.id, EmergencyTask.acknowledged_at.is_(None))
        .values(acknowledged_at=now).returning(EmergencyTask.id)
        .execution_options(synchronize_session=False)).first()
    if marked is None:  # acknowledged before (or by a concurrent repeat): harmless
        session.refresh(task)
        return task, None
    # the community's counter row orders its acknowledgements: the count returned is exact
    community = session.execute(
        sa.update(EmergencyCommunity)
        .where(EmergencyCommunity.emergency_id == task.emergency_id,
               EmergencyCommunity.community_id == task.community_id)
        .values(acknowledged=EmergencyCommunity.acknowledged + 1)
        .returning(EmergencyCommunity.acknowledged, EmergencyCommunity.tasks)
        .execution_options(synchronize_session=False)).one()
    acknowledged, tasks = _totals(session, task.emergency_id)
    session.refresh(task)
    return task, EmergencyAcknowledged(
        emergency_id=task.emergency_id, task_id=task.id, assignment_id=task.assignment_id,
        subject=task.subject, community_id=task.community_id, street_id=task.street_id,
        acknowledged_at=_iso(now), community_acknowledged=community[0], community_tasks=community[1],
        community_share=round(community[0] / community[1], 4) if community[1] else 0.0,
        acknowledged=acknowledged, task_count=tasks)


def _totals(session: Session, emergency_id: uuid.UUID) -> tuple[int, int]:
    """(acknowledged, tasks) over the emergency's communities, as committed plus this transaction's."""
    row = session.execute(sa.select(sa.func.coalesce(sa.func.sum(EmergencyCommunity.acknowledged), 0),
                                    sa.func.coalesce(sa.func.sum(EmergencyCommunity.tasks), 0))
                          .where(EmergencyCommunity.emergency_id == emergency_id)).one()
    return int(row[0]), int(row[1])


def deactivate(session: Session, principal: Principal, emergency_id: uuid.UUID) -> Emergency:
    emergency = _get(session, emergency_id)
    _check_scope(session, principal, EmergencyActivationIn(
        scope_level=emergency.scope_level, scope_id=emergency.scope_id, reason=emergency.reason))
    if emergency.ended_at is not None:
        raise Conflict("the emergency has already ended", "应急状态已解除", field="emergencyId")
    emergency.ended_at = _now()
    return emergency


def _get(session: Session, emergency_id: uuid.UUID) -> Emergency:
    row = session.get(Emergency, (session.info["tenant"], emergency_id))
    if row is None:
        raise NotFound("emergency", "应急启动", emergency_id, field="emergencyId")
    return row


def acknowledged_count(session: Session, emergency_id: uuid.UUID) -> int:
    return _totals(session, emergency_id)[0]


def acknowledged_counts(session: Session, emergency_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    return dict(session.execute(sa.select(EmergencyCommunity.emergency_id, sa.func.sum(EmergencyCommunity.acknowledged))
                                .where(EmergencyCommunity.emergency_id.in_(emergency_ids))
                                .group_by(EmergencyCommunity.emergency_id)).all()) if emergency_ids else {}


def status(session: Session, principal: Principal | None, emergency_id: uuid.UUID) -> EmergencyStatus:
    """Acknowledged share per community, limited to the caller's scope."""
    emergency = _get(session, emergency_id)
    rows = session.execute(
        sa.select(EmergencyTask.community_id, Community.name, sa.func.count(),
                  sa.func.count(EmergencyTask.acknowledged_at))
        .join(Community, sa.and_(Community.tenant_id == EmergencyTask.tenant_id,
                                 Community.id == EmergencyTask.community_id))
        .where(EmergencyTask.emergency_id == emergency.id,
               scope_clause(principal, street=EmergencyTask.street_id, community=EmergencyTask.community_id))
        .group_by(EmergencyTask.community_id, Community.name).order_by(Community.name)).all()
    return {"emergency": emergency_out(emergency, acknowledged_count(session, emergency.id)),
            "communities": [{"community_id": str(c), "community_name": n, "tasks": t, "acknowledged": a,
                             "share": round(a / t, 4) if t else 0.0} for c, n, t, a in rows]}


def _caller_places(session: Session, principal: Principal) -> tuple[uuid.UUID | None, list[uuid.UUID]]:
    """The street and communities a street, community or grid principal sits in."""
    try:
        ident = uuid.UUID(str(principal.scope.id))
    except ValueError:
        return None, []
    if principal.scope.level == "street":
        return ident, list(session.scalars(sa.select(Community.id).where(Community.street_id == ident)))
    if principal.scope.level == "community":
        street = session.scalar(sa.select(Community.street_id).where(Community.id == ident))
        return street, [ident] if street else []
    grid = session.execute(sa.select(Grid.street_id, Grid.community_id).where(Grid.id == ident)).first()
    return (grid[0], [grid[1]]) if grid else (None, [])


def list_emergencies(session: Session, principal: Principal | None, *, limit: int,
                     after: tuple[datetime, uuid.UUID] | None, active: bool | None) -> list[Emergency]:
    """Newest first: county-wide activations, and those of the caller's street or communities."""
    query = sa.select(Emergency).order_by(Emergency.activated_at.desc(), Emergency.id).limit(limit)
    if principal is not None and principal.scope.level != "county":
        street, communities = _caller_places(session, principal)
        query = query.where(sa.or_(
            Emergency.scope_level == "county",
            sa.and_(Emergency.scope_level == "street", Emergency.scope_id == street),
            sa.and_(Emergency.scope_level == "community", Emergency.scope_id.in_(communities))))
    if active is not None:
        query = query.where(Emergency.ended_at.is_(None) if active else Emergency.ended_at.is_not(None))
    if after is not None:
        moment, last = after
        moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        query = query.where(sa.or_(Emergency.activated_at < moment,
                                   sa.and_(Emergency.activated_at == moment, Emergency.id > last)))
    return list(session.scalars(query))


def my_tasks(session: Session, principal: Principal) -> list[EmergencyTask]:
    return list(session.scalars(sa.select(EmergencyTask).join(Emergency, sa.and_(
        Emergency.tenant_id == EmergencyTask.tenant_id, Emergency.id == EmergencyTask.emergency_id))
        .where(EmergencyTask.subject == principal.subject, Emergency.ended_at.is_(None))))


def my_tasks_page(session: Session, principal: Principal, *, limit: int,
                  after: tuple[datetime, uuid.UUID] | None) -> list[tuple[EmergencyTask, datetime]]:
    """The caller's open tasks, newest emergency first, then by task id (cursor
    ``<activated_at>|<task id>``): ``limit`` (task, activated_at) pairs after ``after``."""
    query = (sa.select(EmergencyTask, Emergency.activated_at).join(Emergency, sa.and_(
        Emergency.tenant_id == EmergencyTask.tenant_id, Emergency.id == EmergencyTask.emergency_id))
        .where(EmergencyTask.subject == principal.subject, Emergency.ended_at.is_(None))
        .order_by(Emergency.activated_at.desc(), EmergencyTask.id).limit(limit))
    if after is not None:
        moment, last = after
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        query = query.where(sa.or_(Emergency.activated_at < moment,
                                   sa.and_(Emergency.activated_at == moment, EmergencyTask.id > last)))
    return [(task, activated) for task, activated in session.execute(query)]


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def emergency_out(row: Emergency, acknowledged: int) -> EmergencyOut:
    return {"id": str(row.id), "scope_level": row.scope_level,
            "scope_id": str(row.scope_id) if row.scope_id else None, "reason": row.reason,
            "activated_at": _iso(row.activated_at), "ended_at": _iso(row.ended_at),
            "task_count": row.task_count, "acknowledged": acknowledged}


def task_out(row: EmergencyTask) -> EmergencyTaskOut:
    return {"id": str(row.id), "emergency_id": str(row.emergency_id),
            "community_id": str(row.community_id), "acknowledged_at": _iso(row.acknowledged_at)}


def task_page_out(row: EmergencyTask, activated_at: datetime) -> EmergencyTaskOut:
    """A task of a page of ``my_emergency_tasks``, with its emergency's activation (the cursor)."""
    return {**task_out(row), "activated_at": _iso(activated_at)}
