"""Micro-wishes (微心愿): collected by box, visit or phone → published → claimed by a party org
or party members → fulfilled with proof → confirmed by the wisher, which records
``wish.fulfilled`` for the volunteer service (points to the members who did it)."""
from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from services.dispatch import workflow
from services.dispatch.models import WorkItem
from shared.contracts import dispatch as c
from shared.db import utcnow
from shared.principal import Principal

MACHINE = workflow.Machine(
    kind="wish", noun="wish", noun_zh="微心愿", field="wishId",
    transitions={
        "collected": {"publish": "published", "cancel": "cancelled"},
        "published": {"claim": "claimed", "cancel": "cancelled"},
        "claimed": {"fulfil": "fulfilled", "release": "published"},
        "fulfilled": {"confirm": "confirmed", "dispute": "claimed"},
        "confirmed": {}, "cancelled": {},
    },
    status_zh={"collected": "已收集", "published": "已发布", "claimed": "已认领",
               "fulfilled": "已实现", "confirmed": "已确认", "cancelled": "已撤销"},
    action_zh={"publish": "发布", "claim": "认领", "release": "放弃认领", "fulfil": "实现",
               "confirm": "确认", "dispute": "退回", "cancel": "撤销"})
HELPERS = ("party_member", *workflow.STAFF)


def collect(session: Session, principal: Principal | None, data: c.WishIn, place: dict) -> WorkItem:
    workflow.allow(principal, workflow.STAFF, what="collect wishes", what_zh="收集微心愿")
    return workflow.new_item(
        session, "wish", title=data.title, description=data.description,
        created_by=principal.subject if principal else None, owner=data.wisher_subject,
        grid_id=data.grid_id, community_id=uuid.UUID(place["community_id"]),
        street_id=uuid.UUID(place["street_id"]), status="collected", first_action="collect",
        details={"channel": data.channel, "wisher_name": data.wisher_name, "member_ids": []})


def step(session: Session, record_event, principal: Principal | None, action: str,
         data: c.WishStepIn) -> WorkItem:
    wish = workflow.locked(session, principal, MACHINE, data.wish_id)
    details = dict(wish.details or {})
    if action in ("publish", "cancel"):
        workflow.allow(principal, workflow.STAFF)
        if action == "cancel":
            workflow.need("note", "撤销须说明原因", bool(data.note))
    elif action in ("claim", "release", "fulfil"):
        workflow.allow(principal, HELPERS)
    else:  # confirm, dispute: the wisher, or staff on their behalf (a phone call)
        workflow.allow(principal, workflow.STAFF, owner=wish.owner)
        if action == "dispute":
            workflow.need("note", "退回须说明原因", bool(data.note))
    MACHINE.next(wish.status, action)  # refuse an illegal step before checking its fields
    members = [str(m) for m in data.member_ids]
    if action == "claim":
        workflow.need("member_ids", "须由党组织（orgId 与 orgName）或党员（memberIds）认领",
                      bool(members) or (data.org_id is not None and bool(data.org_name)))
        details.update(claimer_org_id=str(data.org_id) if data.org_id else None,
                       claimer_org_name=data.org_name, member_ids=members)
    elif action == "release":
        details.update(claimer_org_id=None, claimer_org_name=None, member_ids=[])
    elif action == "fulfil":
        workflow.need("evidence", "实现心愿须附凭证（照片等）", bool(data.evidence))
        details["member_ids"] = sorted({*details.get("member_ids", []), *members})
    wish.details = details
    workflow.move(session, MACHINE, wish, action, principal, data)
    session.flush()
    if action == "confirm":
        record_event(session, c.WISH_FULFILLED, c.WishFulfilled(
            wish_id=wish.id, grid_id=wish.grid_id, at=utcnow().isoformat(),
            helper_member_ids=details.get("member_ids", [])).model_dump(mode="json"))
    return wish
