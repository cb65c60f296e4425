""""三单" orders: a resident orders (居民点单) → the community dispatches (社区派单) → party
members take it (党员接单) → complete it → the resident confirms and rates; confirmation records
``order.completed`` for the volunteer service. 不满意 sends it back to the takers."""
from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from services.dispatch import workflow
from services.dispatch.models import WorkItem
from shared.contracts import dispatch as c
from shared.db import utcnow
from shared.principal import Principal

MACHINE = workflow.Machine(
    kind="order", noun="order", noun_zh="服务订单", field="orderId",
    transitions={
        "placed": {"dispatch": "dispatched", "cancel": "cancelled"},
        "dispatched": {"take": "taken", "cancel": "cancelled"},
        "taken": {"complete": "completed"},
        "completed": {"confirm": "confirmed"},
        "confirmed": {}, "cancelled": {},
    },
    status_zh={"placed": "已点单", "dispatched": "已派单", "taken": "已接单", "completed": "已完成",
               "confirmed": "已确认", "cancelled": "已取消"},
    action_zh={"dispatch": "派单", "take": "接单", "complete": "完成", "confirm": "确认评价",
               "cancel": "取消"})
TAKERS = ("party_member", *workflow.STAFF)


def place(session: Session, principal: Principal | None, data: c.OrderIn, grid_place: dict) -> WorkItem:
    """A resident orders for themselves; staff may place an order taken by phone."""
    is_staff = principal is None or principal.has_role(*workflow.STAFF)
    workflow.allow(principal, (*workflow.STAFF, "resident"), what="place orders", what_zh="点单")
    owner = data.resident_subject if is_staff else principal.subject
    return workflow.new_item(
        session, "order", title=data.title, description=data.description,
        created_by=principal.subject if principal else None, owner=owner, grid_id=data.grid_id,
        community_id=uuid.UUID(grid_place["community_id"]),
        street_id=uuid.UUID(grid_place["street_id"]), status="placed", first_action="place",
        details={"member_ids": [], "rating": None})


def step(session: Session, record_event, principal: Principal | None, action: str,
         data: c.OrderStepIn) -> WorkItem:
    order = workflow.locked(session, principal, MACHINE, data.order_id)
    details = dict(order.details or {})
    if action == "dispatch":
        workflow.allow(principal, workflow.COMMUNITY_STAFF)
    elif action in ("take", "complete"):
        workflow.allow(principal, TAKERS)
    else:  # confirm, cancel: the resident who ordered, or staff
        workflow.allow(principal, workflow.STAFF, owner=order.owner)
    MACHINE.next(order.status, action)
    if action == "take":
        workflow.need("member_ids", "接单须填写接单党员（memberIds）", bool(data.member_ids))
        details["member_ids"] = [str(m) for m in data.member_ids]
    elif action == "confirm":
        workflow.need("rating", "确认须评价（满意/基本满意/不满意）", data.rating is not None)
        details["rating"] = data.rating
    order.details = details
    step = workflow.move(session, MACHINE, order, action, principal, data)
    if action == "confirm" and data.rating == "unsatisfied":  # back to the members who took it
        order.status = "taken"
        step.to_status = "taken"
    session.flush()
    if order.status == "confirmed":
        record_event(session, c.ORDER_COMPLETED, c.OrderCompleted(
            order_id=order.id, grid_id=order.grid_id, at=utcnow().isoformat(),
            helper_member_ids=details.get("member_ids", [])).model_dump(mode="json"))
    return order
