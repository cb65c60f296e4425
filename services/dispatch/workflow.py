"""Small state machines for micro-wishes, "三单" orders and community needs: one table of items
(``work_items``), one timeline (``work_steps``), and refusals worded like the case's
(``ILLEGAL_TRANSITION`` naming the current state and the allowed steps, in both languages)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.dispatch import evidence as case_evidence
from services.dispatch.models import WorkItem, WorkStep
from shared.contracts import dispatch as c
from shared.db import utcnow
from shared.errors import CivicError, Forbidden, NotFound, ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause

STAFF = ("county_admin", "command_center", "street_staff", "community_staff", "grid_worker")
COMMUNITY_STAFF = ("county_admin", "command_center", "street_staff", "community_staff")


@dataclass(frozen=True)
class Machine:
    kind: str  # wish, order, need
    noun: str  # as English messages name it
    noun_zh: str
    field: str  # the id field a refusal names (wishId …)
    transitions: dict[str, dict[str, str]]
    status_zh: dict[str, str]
    action_zh: dict[str, str]

    def next(self, status: str, action: str) -> str:
        target = self.transitions.get(status, {}).get(action)
        if target is None:
            raise WorkIllegal(self, status, action)
        return target


class WorkIllegal(CivicError):
    code = "ILLEGAL_TRANSITION"

    def __init__(self, machine: Machine, status: str, action: str):
        allowed = sorted(machine.transitions.get(status, {}))
        super().__init__(
            f"cannot {action} a {machine.noun} that is {status}; allowed now: "
            f"{', '.join(allowed) or 'none'}",
            f"{machine.noun_zh}当前状态为“{machine.status_zh.get(status, status)}”，不能"
            f"{machine.action_zh.get(action, action)}；当前允许的操作："
            f"{'、'.join(machine.action_zh[a] for a in allowed) or '无'}",
            field=machine.field, details={"current": status, "action": action, "allowed": allowed})


def need(field: str, message_zh: str, condition: bool) -> None:
    """Refuse a step whose action-specific field is missing."""
    if not condition:
        name = field.split("_")[0] + "".join(p.title() for p in field.split("_")[1:])
        raise ValidationFailed([{"field": field, "message": f"{name}: required for this step",
                                 "message_zh": f"{name}：{message_zh}"}])


def allow(principal: Principal | None, roles: tuple[str, ...], *, owner: str | None = None,
          what: str = "act on this item", what_zh: str = "办理此事项") -> None:
    """Staff roles act; the item's owner (wisher, resident) may too when ``owner`` is given."""
    if principal is None or principal.has_role(*roles):
        return
    if owner is not None and principal.subject == owner:
        return
    raise Forbidden(f"you may not {what}", f"您无权{what_zh}")


def visible(principal: Principal | None):
    return scope_clause(principal, street=WorkItem.street_id, community=WorkItem.community_id,
                        grid=WorkItem.grid_id)


def locked(session: Session, principal: Principal | None, machine: Machine,
           item_id: uuid.UUID) -> WorkItem:
    item = session.scalar(sa.select(WorkItem).where(
        WorkItem.id == item_id, WorkItem.kind == machine.kind, visible(principal)).with_for_update())
    if item is None:
        raise NotFound(machine.noun, machine.noun_zh, item_id, field=machine.field)
    return item


def record_step(session: Session, item: WorkItem, action: str, before: str | None,
                actor: str | None, note: str | None, now: datetime | None = None) -> WorkStep:
    seq = session.scalar(sa.select(sa.func.coalesce(sa.func.max(WorkStep.seq), 0))
                         .where(WorkStep.item_id == item.id)) + 1
    step = WorkStep(item_id=item.id, seq=seq, action=action, from_status=before,
                    to_status=item.status, actor=actor, note=note, at=now or utcnow())
    session.add(step)
    return step


def move(session: Session, machine: Machine, item: WorkItem, action: str,
         principal: Principal | None, data: c._WorkStep) -> WorkStep:
    """Apply ``action``: the state machine, the evidence, the timeline."""
    before = item.status
    item.status = machine.next(before, action)
    now = utcnow()
    item.updated_at = now
    step = record_step(session, item, action, before, principal.subject if principal else None,
                       data.note, now)
    if data.evidence:
        known = {e["sha256"] for e in item.evidence or []}
        item.evidence = [*(item.evidence or []),
                         *({**e, "seq": step.seq} for e in case_evidence.as_json(data.evidence)
                           if e["sha256"] not in known)]
    return step


def new_item(session: Session, kind: str, *, title: str, description: str, created_by: str | None,
             owner: str | None = None, grid_id=None, community_id=None, street_id=None,
             status: str, details: dict, first_action: str, source_ref: str | None = None) -> WorkItem:
    item = WorkItem(kind=kind, status=status, title=title, description=description,
                    grid_id=grid_id, community_id=community_id, street_id=street_id,
                    created_by=created_by, owner=owner, details=details, evidence=[],
                    source_ref=source_ref)
    session.add(item)
    session.flush()
    record_step(session, item, first_action, None, created_by, None, item.created_at)
    return item


def item_out(item: WorkItem) -> c.WorkItemOut:
    def text(value):
        return str(value) if value else None

    return {"id": str(item.id), "kind": item.kind, "status": item.status, "title": item.title,
            "description": item.description, "grid_id": text(item.grid_id),
            "community_id": text(item.community_id), "street_id": text(item.street_id),
            "created_at": item.created_at.isoformat(), "updated_at": item.updated_at.isoformat(),
            "created_by": item.created_by, "details": dict(item.details or {}),
            "evidence": list(item.evidence or [])}


def step_out(step: WorkStep) -> c.WorkStepOut:
    return {"item_id": str(step.item_id), "seq": step.seq, "action": step.action,
            "from_status": step.from_status, "to_status": step.to_status, "actor": step.actor,
            "note": step.note, "at": step.at.isoformat()}


def steps_of(session: Session, principal: Principal | None, item_ids: list[uuid.UUID]):
    return list(session.scalars(
        sa.select(WorkStep).join(WorkItem, sa.and_(WorkItem.tenant_id == WorkStep.tenant_id,
                                                   WorkItem.id == WorkStep.item_id))
        .where(WorkStep.item_id.in_(item_ids), visible(principal))
        .order_by(WorkStep.item_id, WorkStep.seq)))


def get(session: Session, principal: Principal | None, machine: Machine, item_id: uuid.UUID) -> WorkItem:
    item = session.scalar(sa.select(WorkItem).where(
        WorkItem.id == item_id, WorkItem.kind == machine.kind, visible(principal)))
    if item is None:
        raise NotFound(machine.noun, machine.noun_zh, item_id, field=machine.field)
    return item
