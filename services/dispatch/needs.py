"""Two-way lists (双向清单): a community posts a need (需求清单), a member unit claims it —
possibly from what it offers (资源清单) — delivers, the community closes and rates it, and the
party org checks the effect (社区提出需求—驻区单位认领—对接开展服务—办结销号评价—组织问效监督).
Decisions of joint meetings (``meeting.decision_made``) are tracked the same way, claimed by
their owner unit from the start."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.dispatch import workflow
from services.dispatch.models import UnitResource, WorkItem, WorkStep
from shared.contracts import dispatch as c
from shared.db import new_id, utcnow
from shared.errors import Forbidden, NotFound
from shared.principal import Principal
from shared.scope import scope_clause

MACHINE = workflow.Machine(
    kind="need", noun="need", noun_zh="需求", field="needId",
    transitions={
        "posted": {"claim": "claimed", "withdraw": "withdrawn"},
        "claimed": {"deliver": "delivered"},
        "delivered": {"close": "closed"},
        "closed": {"check": "checked"},
        "checked": {}, "withdrawn": {},
    },
    status_zh={"posted": "已发布", "claimed": "已认领", "delivered": "已服务", "closed": "已销号",
               "checked": "已问效", "withdrawn": "已撤回"},
    action_zh={"claim": "认领", "deliver": "对接服务", "close": "办结销号", "check": "问效",
               "withdraw": "撤回"})
UNIT_ACTORS = ("party_member", *workflow.COMMUNITY_STAFF)


def _in_scope(principal: Principal | None, street_id, community_id) -> None:
    if principal is None or principal.scope.level == "county":
        return
    place = {"street": street_id, "community": community_id}.get(principal.scope.level)
    if place is None or str(place) != str(principal.scope.id):
        raise Forbidden("outside your area", "超出您的管辖范围")


def post(session: Session, principal: Principal | None, data: c.NeedIn) -> WorkItem:
    workflow.allow(principal, workflow.COMMUNITY_STAFF, what="post needs", what_zh="发布需求")
    _in_scope(principal, data.street_id, data.community_id)
    return workflow.new_item(
        session, "need", title=data.title, description=data.description,
        created_by=principal.subject if principal else None, community_id=data.community_id,
        street_id=data.street_id, status="posted", first_action="post",
        details={"source": "community", "due_date": data.due_date.isoformat() if data.due_date else None})


def step(session: Session, principal: Principal | None, action: str, data: c.NeedStepIn) -> WorkItem:
    item = workflow.locked(session, principal, MACHINE, data.need_id)
    details = dict(item.details or {})
    workflow.allow(principal, UNIT_ACTORS if action in ("claim", "deliver") else workflow.COMMUNITY_STAFF)
    MACHINE.next(item.status, action)
    if action == "claim":
        workflow.need("unit_org_id", "认领须填写驻区单位（unitOrgId 与 unitName）",
                      data.unit_org_id is not None and bool(data.unit_name))
        if data.resource_id is not None:
            resource = session.get(UnitResource, (session.info["tenant"], data.resource_id))
            if resource is None or resource.unit_org_id != data.unit_org_id:
                raise NotFound("resource of this unit", "该单位的资源", data.resource_id,
                               field="resourceId")
        details.update(unit_org_id=str(data.unit_org_id), unit_name=data.unit_name,
                       resource_id=str(data.resource_id) if data.resource_id else None)
    elif action == "close":
        workflow.need("rating", "销号须评价（满意/基本满意/不满意）", data.rating is not None)
        details["rating"] = data.rating
    elif action == "check":
        workflow.need("effect", "问效须填写成效（effect）", data.effect is not None)
        details["effect"] = data.effect
    item.details = details
    workflow.move(session, MACHINE, item, action, principal, data)
    session.flush()
    return item


def from_decision(session: Session, decision: dict) -> bool:
    """A joint-meeting decision becomes a need claimed by its owner unit; once per decision."""
    ref = f"meeting:{decision['decision_id']}"
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    now, item_id = utcnow(), new_id()
    text = decision["text"]
    inserted = session.execute(insert(WorkItem).values(
        tenant_id=session.info["tenant"], id=item_id, kind="need", status="claimed",
        title=text[:60], description=text, community_id=as_uuid(decision.get("community_id")),
        street_id=as_uuid(decision.get("street_id")), created_by=None, owner=None, source_ref=ref,
        details={"source": "meeting", "meeting_id": str(decision["meeting_id"]),
                 "decision_id": str(decision["decision_id"]), "meeting_level": decision["level"],
                 "unit_name": decision["owner_unit"], "unit_org_id": None,
                 "due_date": decision.get("due_date")},
        evidence=[], created_at=now, updated_at=now,
    ).on_conflict_do_nothing(index_elements=["tenant_id", "kind", "source_ref"])
        .returning(WorkItem.id)).first()
    if inserted is None:
        return False
    session.add(WorkStep(item_id=item_id, seq=1, action="decide", from_status=None,
                         to_status="claimed", actor=None, note="联席会议决定事项", at=now))
    return True


def offer(session: Session, principal: Principal | None, data: c.ResourceIn) -> UnitResource:
    workflow.allow(principal, UNIT_ACTORS, what="list resources", what_zh="登记资源")
    row = UnitResource(unit_org_id=data.unit_org_id, unit_name=data.unit_name, title=data.title,
                       description=data.description, street_id=data.street_id,
                       community_id=data.community_id)
    session.add(row)
    session.flush()
    return row


def resource_out(row: UnitResource) -> c.ResourceOut:
    return {"id": str(row.id), "unit_org_id": str(row.unit_org_id), "unit_name": row.unit_name,
            "title": row.title, "description": row.description,
            "street_id": str(row.street_id) if row.street_id else None,
            "community_id": str(row.community_id) if row.community_id else None,
            "created_at": row.created_at.isoformat()}


def resources_visible(principal: Principal | None):
    """Resources without a place serve the whole county; others follow the caller's scope."""
    return sa.or_(sa.and_(UnitResource.street_id.is_(None), UnitResource.community_id.is_(None)),
                  scope_clause(principal, street=UnitResource.street_id,
                               community=UnitResource.community_id))


def as_uuid(value) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None
