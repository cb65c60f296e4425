"""Whistle-and-report (街道吹哨、部门报到): a street summons departments for a case it handles;
each department reports (acknowledges) within the response time and resolves its part by its
deadline; when the last part is resolved the case resolves. Scorecards feed department assessment.

Who acts on a part: county admin and command center on any part of their county; a ``department``
account only on the parts addressed to its own department — the one its token names (claim
``department``, :attr:`Principal.department_id`). A ``department`` token naming no department is
refused outright (it cannot tell whose part it would report for).
"""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.dispatch import closed_loop, deadlines, notifications
from services.dispatch.models import Case, WhistlePart
from shared.contracts import dispatch as c
from shared.db import utcnow
from shared.errors import CivicError, Conflict, Forbidden, NotFound
from shared.principal import Principal
from shared.scope import require_role

WHISTLERS = ("county_admin", "command_center", "street_staff")
DEPARTMENT_ACTORS = ("department", "county_admin", "command_center")
ANY_PART = ("county_admin", "command_center")  # act on every department's part
PART_NEXT = {"report": ("summoned", "reported"), "resolve": ("reported", "resolved")}
PART_ZH = {"summoned": "已吹哨", "reported": "已报到", "resolved": "已办结"}


class PartRefused(CivicError):
    code = "ILLEGAL_TRANSITION"


def whistle(session: Session, record_event, principal: Principal | None, data: c.WhistleIn):
    if principal is not None:
        require_role(principal, *WHISTLERS)
    case = closed_loop.locked_case(session, principal, data.case_id)
    if case.status not in ("accepted", "escalated") or case.level != "street":
        raise PartRefused(
            f"a street summons departments for a case it handles; this case is {case.status}"
            f" at the {case.level or 'no'} level", "只有街道正在办理的事件才能吹哨", field="caseId",
            details={"current": case.status, "level": case.level})
    ids = [d.department_id for d in data.departments]
    busy = set(session.scalars(sa.select(WhistlePart.department_id).where(
        WhistlePart.case_id == case.id, WhistlePart.status != "resolved")))
    if len(set(ids)) != len(ids) or busy & set(ids):
        raise Conflict("each department is summoned once while its part is open",
                       "同一部门在其任务未办结前只能被吹哨一次", field="departments")
    return summon(session, record_event, case, data.departments, data.respond_within_hours,
                  data.resolve_within_workdays, principal.subject if principal else None, data.note)


def summon(session: Session, record_event, case: Case, departments: list[c.SummonedDepartment],
           respond_within_hours: int, resolve_within_workdays: int, actor: str | None,
           note: str | None, now: datetime | None = None) -> list[WhistlePart]:
    """Create one part per department, on the case's timeline, and record ``case.whistled``
    (also used by routing: a category sent straight to a department)."""
    now = now or utcnow()
    respond_by = now + timedelta(hours=respond_within_hours)
    due = deadlines.due_in(resolve_within_workdays, now, deadlines.calendar_for(session))
    parts = [WhistlePart(case_id=case.id, street_id=case.street_id, department_id=d.department_id,
                         department_name=d.name, summoned_by=actor, summoned_at=now,
                         respond_by=respond_by, due_at=due) for d in departments]
    session.add_all(parts)
    entry = closed_loop.append(session, case, "whistle", case.status, actor, note,
                               {"departments": [d.name for d in departments]}, now)
    notifications.notify(session, case, entry, parts)  # 消息中心: each summoned department
    session.flush()
    record_event(session, c.CASE_WHISTLED, {
        "case_id": str(case.id), "grid_id": str(case.grid_id), "at": now.isoformat(),
        "department_ids": [str(d.department_id) for d in departments],
        "respond_by": respond_by.isoformat(), "due_at": due.isoformat()})
    return parts


def _locked_part(session: Session, principal: Principal | None, part_id: uuid.UUID) -> WhistlePart:
    part = session.scalar(sa.select(WhistlePart).join(Case, sa.and_(
        Case.tenant_id == WhistlePart.tenant_id, Case.id == WhistlePart.case_id))
        .where(WhistlePart.id == part_id, closed_loop.visible(principal)).with_for_update())
    if part is None:
        raise NotFound("whistle part", "吹哨任务", part_id, field="partId")
    return part


def step(session: Session, record_event, principal: Principal | None, action: str,
         data: c.WhistlePartStepIn) -> WhistlePart:
    """``report`` (报到) then ``resolve`` (办结) one department's part."""
    if principal is not None and not principal.has_role(*DEPARTMENT_ACTORS):
        raise Forbidden("only the summoned department acts on its part", "只有被吹哨的部门可以办理")
    own_only = principal is not None and not principal.has_role(*ANY_PART)
    if own_only and principal.department_id is None:
        raise Forbidden("this token names no department: a department account acts only on its own "
                        "department's parts (token claim 'department')",
                        "该令牌未指明所属部门：部门账号只能办理本部门的吹哨任务（令牌 department 声明）")
    part = _locked_part(session, principal, data.part_id)
    if own_only and str(part.department_id) != principal.department_id:
        raise Forbidden(f"this part is addressed to {part.department_name}, not to your department",
                        f"该任务属于“{part.department_name}”，不是您所在的部门", field="partId",
                        details={"department_id": str(part.department_id),
                                 "department_name": part.department_name})
    before, after = PART_NEXT[action]
    if part.status != before:
        raise PartRefused(f"cannot {action} a part that is {part.status}",
                          f"该任务当前为“{PART_ZH[part.status]}”，不能"
                          f"{'报到' if action == 'report' else '办结'}", field="partId",
                          details={"current": part.status})
    now, actor = utcnow(), principal.subject if principal else None
    part.status = after
    case = closed_loop.locked_case(session, None, part.case_id)
    if action == "report":
        part.reported_at = now
        closed_loop.append(session, case, "report_in", case.status, actor, data.note,
                           {"department": part.department_name}, now)
        session.flush()
        return part
    part.resolved_at = now
    part.handler_member_ids = [str(m) for m in data.handler_member_ids]
    closed_loop.append(session, case, "part_resolve", case.status, actor, data.note,
                       {"department": part.department_name}, now)
    session.flush()
    record_event(session, c.WHISTLE_PART_RESOLVED, {
        "case_id": str(case.id), "grid_id": str(case.grid_id), "at": now.isoformat(),
        "part_id": str(part.id), "department_id": str(part.department_id),
        "on_time": now <= deadlines.aware(part.due_at),
        "handler_member_ids": part.handler_member_ids})
    parts = session.scalars(sa.select(WhistlePart).where(WhistlePart.case_id == case.id)).all()
    if all(p.status == "resolved" for p in parts):  # the last part: the case resolves
        members = sorted({m for p in parts for m in (p.handler_member_ids or [])})
        closed_loop.transition(session, record_event, None, "resolve", c.ResolveIn(
            case_id=case.id, handler_member_ids=members, note="各部门均已办结（吹哨报到）"))
    return part


def _iso(moment: datetime | None) -> str | None:
    return deadlines.aware(moment).isoformat() if moment else None


def part_out(part: WhistlePart) -> c.WhistlePartOut:
    def on_time(done, by):
        return None if done is None else deadlines.aware(done) <= deadlines.aware(by)

    return {"id": str(part.id), "case_id": str(part.case_id), "department_id": str(part.department_id),
            "department_name": part.department_name, "status": part.status,
            "summoned_at": _iso(part.summoned_at), "respond_by": _iso(part.respond_by),
            "due_at": _iso(part.due_at), "reported_at": _iso(part.reported_at),
            "resolved_at": _iso(part.resolved_at),
            "reported_on_time": on_time(part.reported_at, part.respond_by),
            "resolved_on_time": on_time(part.resolved_at, part.due_at),
            "response_overdue_at": _iso(part.response_overdue_at),
            "resolve_overdue_at": _iso(part.resolve_overdue_at)}


def parts_by_case(session: Session, principal: Principal | None, case_ids: list[uuid.UUID]):
    return list(session.scalars(sa.select(WhistlePart).join(Case, sa.and_(
        Case.tenant_id == WhistlePart.tenant_id, Case.id == WhistlePart.case_id))
        .where(WhistlePart.case_id.in_(case_ids), closed_loop.visible(principal))
        .order_by(WhistlePart.summoned_at, WhistlePart.department_name)))
