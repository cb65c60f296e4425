"""Wishes, orders and needs on SQLite: every allowed step and the refusals naming the allowed
ones; the agreed events on confirmation only; meeting decisions tracked once."""
import uuid

import pytest
import sqlalchemy as sa

from services.dispatch import needs, orders, wishes, workflow
from services.dispatch.models import WorkItem, outbox
from shared.contracts import dispatch as c
from shared.db import open_tenant_session
from shared.errors import Forbidden, ValidationFailed
from shared.principal import Principal
from tests.services.dispatch.support import ADMIN, TENANT, record

PLACE = {"street_id": str(uuid.uuid4()), "community_id": str(uuid.uuid4())}
MEMBER = Principal(TENANT, "member-1", ("party_member",))
RESIDENT = Principal(TENANT, "resident-9", ("resident",))
PROOF = [{"uri": "https://oss.example.cn/p.jpg", "sha256": "c" * 64, "size": 3, "media_type": "image/png"}]


def run(factory, fn, *args):
    with open_tenant_session(factory, TENANT) as session, session.begin():
        return workflow.item_out(fn(session, *args))


def emitted(factory, kind):
    with open_tenant_session(factory, TENANT) as session:
        return [r.payload for r in session.execute(sa.select(outbox).where(outbox.c.event_type == kind))]


def wish_step(factory, action, wish_id, principal=ADMIN, **fields):
    return run(factory, lambda s: wishes.step(s, record, principal, action,
                                              c.WishStepIn(wish_id=wish_id, **fields)))


def test_wish_path_and_refusals(factory):
    data = c.WishIn(grid_id=uuid.uuid4(), title="老花镜", channel="phone", wisher_name="李奶奶",
                    wisher_subject="resident-9")
    wish = run(factory, lambda s: wishes.collect(s, ADMIN, data, PLACE))
    wid = wish["id"]
    with pytest.raises(workflow.WorkIllegal) as illegal:
        wish_step(factory, "claim", wid, MEMBER, member_ids=[uuid.uuid4()])
    assert "allowed now: cancel, publish" in illegal.value.message and "已收集" in illegal.value.message_zh
    wish_step(factory, "publish", wid)
    with pytest.raises(ValidationFailed):
        wish_step(factory, "claim", wid, MEMBER)
    helper = uuid.uuid4()
    wish_step(factory, "claim", wid, MEMBER, org_id=uuid.uuid4(), org_name="幸福社区党委", member_ids=[helper])
    with pytest.raises(ValidationFailed):
        wish_step(factory, "fulfil", wid, MEMBER)
    wish_step(factory, "fulfil", wid, MEMBER, evidence=PROOF)
    with pytest.raises(Forbidden):
        wish_step(factory, "confirm", wid, Principal(TENANT, "someone", ("resident",)))
    assert emitted(factory, c.WISH_FULFILLED) == []
    done = wish_step(factory, "confirm", wid, RESIDENT)
    assert done["status"] == "confirmed" and done["details"]["claimer_org_name"] == "幸福社区党委"
    [event] = emitted(factory, c.WISH_FULFILLED)
    assert c.WishFulfilled.model_validate(event).helper_member_ids == [helper]


def test_order_path_with_an_unsatisfied_confirmation(factory):
    order = run(factory, lambda s: orders.place(s, RESIDENT, c.OrderIn(grid_id=uuid.uuid4(), title="修水管"), PLACE))
    oid, taker = order["id"], uuid.uuid4()

    def step(action, principal=ADMIN, **fields):
        return run(factory, lambda s: orders.step(s, record, principal, action,
                                                  c.OrderStepIn(order_id=oid, **fields)))
    with pytest.raises(Forbidden):
        step("dispatch", MEMBER)
    step("dispatch")
    step("take", MEMBER, member_ids=[taker])
    step("complete", MEMBER)
    assert step("confirm", RESIDENT, rating="unsatisfied")["status"] == "taken"
    assert emitted(factory, c.ORDER_COMPLETED) == []
    step("complete", MEMBER)
    assert step("confirm", RESIDENT, rating="satisfied")["status"] == "confirmed"
    [event] = emitted(factory, c.ORDER_COMPLETED)
    assert c.OrderCompleted.model_validate(event).helper_member_ids == [taker]
    with pytest.raises(workflow.WorkIllegal):
        step("cancel")


def test_need_path_and_meeting_decisions_once(factory):
    need = run(factory, lambda s: needs.post(s, ADMIN, c.NeedIn(street_id=uuid.uuid4(),
                                                                community_id=uuid.uuid4(), title="线路检修")))
    nid, unit = need["id"], uuid.uuid4()

    def step(action, **fields):
        return run(factory, lambda s: needs.step(s, ADMIN, action, c.NeedStepIn(need_id=nid, **fields)))
    step("claim", unit_org_id=unit, unit_name="供电公司")
    step("deliver")
    with pytest.raises(ValidationFailed):
        step("close")
    step("close", rating="satisfied")
    assert step("check", effect="effective")["status"] == "checked"
    decision = {"decision_id": str(uuid.uuid4()), "meeting_id": str(uuid.uuid4()), "level": "street",
                "text": "清理消防通道", "owner_unit": "城管局", "due_date": None,
                "community_id": None, "street_id": str(uuid.uuid4())}
    with open_tenant_session(factory, TENANT) as session, session.begin():
        assert needs.from_decision(session, decision) is True
    with open_tenant_session(factory, TENANT) as session, session.begin():
        assert needs.from_decision(session, decision) is False
    with open_tenant_session(factory, TENANT) as session:
        tracked = session.scalars(sa.select(WorkItem).where(WorkItem.source_ref.is_not(None))).all()
    assert [(t.status, t.details["unit_name"]) for t in tracked] == [("claimed", "城管局")]
