"""Applying the closed loop's transitions to a case: lock it, check the state machine and the
caller, change the case, append to its timeline and record the events — one transaction."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.dispatch import deadlines, evidence, lifecycle, notifications, routing
from services.dispatch.models import Case, CaseTimeline, WhistlePart
from shared.contracts import dispatch as c
from shared.db import utcnow
from shared.errors import Conflict, Forbidden, NotFound
from shared.principal import Principal
from shared.scope import scope_clause

STAFF = ("county_admin", "command_center", "street_staff", "community_staff", "grid_worker")


def visible(principal: Principal | None):
    return scope_clause(principal, street=Case.street_id, community=Case.community_id,
                        grid=Case.grid_id)


def locked_case(session: Session, principal: Principal | None, case_id: uuid.UUID,
                field: str = "caseId") -> Case:
    # FOR UPDATE: two handlers acting on one case at once are serialized (PostgreSQL)
    case = session.scalar(sa.select(Case).where(Case.id == case_id, visible(principal))
                          .with_for_update())
    if case is None:
        raise NotFound("case", "事件", case_id, field=field)
    return case


def authorize(principal: Principal | None, case: Case, action: str) -> None:
    """Staff act on cases in their scope; the reporter may also verify and rate their own."""
    if principal is None or principal.has_role(*STAFF):
        return
    if action in ("verify", "rate") and case.reporter == principal.subject:
        return
    raise Forbidden(f"you may not {action} this case", f"您无权{lifecycle.ACTION_ZH[action]}此事件")


def append(session: Session, case: Case, action: str, before: str | None, actor: str | None,
           note: str | None, details: dict | None = None, at: datetime | None = None) -> CaseTimeline:
    seq = session.scalar(sa.select(sa.func.coalesce(sa.func.max(CaseTimeline.seq), 0))
                         .where(CaseTimeline.case_id == case.id)) + 1
    entry = CaseTimeline(case_id=case.id, seq=seq, action=action, from_status=before,
                         to_status=case.status, level=case.level, actor=actor, note=note,
                         details=details, at=at or utcnow())
    session.add(entry)
    return entry


def _new_deadline(session: Session, case: Case, now: datetime) -> None:
    case.due_at = deadlines.due_in(routing.workdays(session, case.category, case.level), now,
                                   deadlines.calendar_for(session))
    case.deadline_step += 1


def transition(session: Session, record_event, principal: Principal | None, action: str,
               data: c._Step) -> Case:
    case = locked_case(session, principal, data.case_id)
    authorize(principal, case, action)
    before, before_level, now = case.status, case.level, utcnow()
    case.status = lifecycle.next_status(before, action, rating=getattr(data, "rating", None))
    details: dict = {}
    base = {"case_id": str(case.id), "grid_id": str(case.grid_id), "at": now.isoformat()}
    events: list[tuple[str, dict]] = []
    actor = principal.subject if principal else None
    target = None
    if action == "accept":  # the level named, else the one routing chose, else the grid
        case.level = data.level or case.level or "grid"
        _new_deadline(session, case, now)
        events.append((c.CASE_ACCEPTED, {**base, "level": case.level, "due_at": case.due_at.isoformat()}))
    elif action == "merge":
        target = locked_case(session, principal, data.into_case_id, "intoCaseId")
        if target.id == case.id or not lifecycle.is_open(target.status):
            raise Conflict("merge into another open case", "只能合并到另一件办理中的事件",
                           field="intoCaseId")
        case.merged_into = target.id
        details["into_case_id"] = str(target.id)
        events.append((c.CASE_MERGED, {**base, "into_case_id": str(target.id)}))
    elif action == "escalate":
        case.level = lifecycle.escalation_level(before_level, data.to_level)
        _new_deadline(session, case, now)
        events.append((c.CASE_ESCALATED, {**base, "from_level": before_level, "to_level": case.level,
                                          "due_at": case.due_at.isoformat()}))
    elif action == "resolve":
        if session.scalar(sa.select(sa.func.count()).select_from(WhistlePart).where(
                WhistlePart.case_id == case.id, WhistlePart.status != "resolved")):
            raise Conflict("summoned departments have not all resolved their parts",
                           "被吹哨的部门尚未全部办结", field="caseId")
        case.resolved_at = now
        case.resolved_on_time = case.due_at is None or now <= deadlines.aware(case.due_at)
        case.handler_member_ids = [str(m) for m in data.handler_member_ids]
        details["handler_member_ids"] = case.handler_member_ids
        events.append((c.CASE_RESOLVED, {**base, "category": case.category, "level": case.level,
                                         "handler_member_ids": case.handler_member_ids}))
    elif action == "rate":
        case.rating = data.rating
        details["rating"] = data.rating
        reopened = case.status == "accepted"
        if reopened:  # 不满意: handled again at the same level, with a new deadline
            case.resolved_at = case.resolved_on_time = None
            _new_deadline(session, case, now)
        events.append((c.CASE_RATED, {**base, "rating": data.rating, "reopened": reopened}))
    elif action == "archive":
        events.append((c.CASE_ARCHIVED, {**base, "status_before": before}))
    if case.due_at is not None and action in ("accept", "escalate", "rate"):
        details["due_at"] = case.due_at.isoformat()
    boundary = lifecycle.crosses_open_boundary(before, case.status)
    if boundary == "closed":
        events.append((c.CASE_CLOSED, {**base, "status": case.status}))
    elif boundary == "reopened":
        events.append((c.CASE_REOPENED, {**base, "status": case.status}))
    if data.evidence:
        details["evidence"] = [e.sha256 for e in data.evidence]
    entry = append(session, case, action, before, actor, data.note, details or None, now)
    evidence.attach(session, case, entry.seq, data.evidence, actor)
    notifications.notify(session, case, entry, level_before=before_level)  # 消息中心
    if target is not None:  # the surviving case records what joined it
        append(session, target, "merge_in", target.status, actor, data.note,
               {"from_case_id": str(case.id)}, now)
    session.flush()
    for event_type, payload in events:
        record_event(session, event_type, payload)
    if (action == "accept" and case.level == "street" and case.routed_department_id is not None
            and not session.scalar(sa.select(sa.func.count()).select_from(WhistlePart)
                                   .where(WhistlePart.case_id == case.id))):
        from services.dispatch import whistle  # whistle builds on this module

        rule = routing.rule_for(session, case.category) or {}
        whistle.summon(session, record_event, case, [c.SummonedDepartment(
            department_id=case.routed_department_id, name=case.routed_department_name)],
            rule.get("respond_within_hours", 2), rule.get("resolve_within_workdays", 5), None,
            "按分类规则直派部门", now)
    return case


def timeline_out(row: CaseTimeline) -> c.TimelineOut:
    return {"case_id": str(row.case_id), "seq": row.seq, "action": row.action,
            "from_status": row.from_status, "to_status": row.to_status, "level": row.level,
            "actor": row.actor, "note": row.note, "at": row.at.isoformat()}


def timelines(session: Session, principal: Principal | None, case_ids: list[uuid.UUID]):
    query = (sa.select(CaseTimeline).join(Case, sa.and_(Case.tenant_id == CaseTimeline.tenant_id,
                                                        Case.id == CaseTimeline.case_id))
             .where(CaseTimeline.case_id.in_(case_ids), visible(principal))
             .order_by(CaseTimeline.case_id, CaseTimeline.seq))
    return list(session.scalars(query))


def timelines_out(session: Session, principal: Principal | None,
                  case_ids: list[uuid.UUID]) -> list[c.TimelineOut]:
    """Timelines as the caller may see them: an anonymous reporter's steps show no actor."""
    query = (sa.select(CaseTimeline, Case.anonymous, Case.reporter)
             .join(Case, sa.and_(Case.tenant_id == CaseTimeline.tenant_id,
                                 Case.id == CaseTimeline.case_id))
             .where(CaseTimeline.case_id.in_(case_ids), visible(principal))
             .order_by(CaseTimeline.case_id, CaseTimeline.seq))
    out = []
    for row, anonymous, reporter in session.execute(query):
        entry = timeline_out(row)
        if anonymous and row.actor == reporter and (principal is None or principal.subject != reporter):
            entry["actor"] = None
        out.append(entry)
    return out
