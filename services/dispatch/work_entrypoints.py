"""Entrypoints of micro-wishes, "三单" orders and two-way lists (mixed into the service)."""
from __future__ import annotations

from services.dispatch import listing, needs, orders, places, references, wishes, workflow
from services.dispatch.models import UnitResource, inbox
from shared import remote
from shared.contracts.dispatch import (
    ListFilter, NeedIn, NeedStepIn, OrderIn, OrderStepIn, ResourceIn, WishIn, WishStepIn,
)
from shared.contracts.organization import DECISION_MADE, DecisionMade
from shared.contracts.validation import parse_id, validate
from shared.nameko_ext import event_handler, rpc
from shared.outbox import first_delivery

MACHINES = {"wish": wishes.MACHINE, "order": orders.MACHINE, "need": needs.MACHINE}
STEPS = {"wish": (wishes.step, WishStepIn), "order": (orders.step, OrderStepIn)}


class WorkEntrypoints:
    def _place(self, grid_id) -> dict:
        return places.grid_place(self.tenant, str(grid_id), self.principal,
                                 lambda: remote.call(self.grid, "grid", "get_grid", str(grid_id)))

    def _require_refs(self, data, action: str | None = None) -> None:
        """The other services' ids this write would store must be the county's (before the
        transaction: no lock is held while the grid or organization service answers)."""
        refs = references.refs_of(data, action)
        if refs:
            references.require(self.grid, self.organization, refs)

    def _step(self, kind: str, action: str, data):
        machine = MACHINES[kind]
        if action not in {a for moves in machine.transitions.values() for a in moves}:
            from services.dispatch.service import unknown

            raise unknown("action", action)
        rule, model = STEPS[kind]
        parsed = validate(model, data)
        self._require_refs(parsed, action)
        session = self.db.session
        with session.begin():
            item = rule(session, self.outbox.record, self.principal, action, parsed)
        return workflow.item_out(item)

    @rpc
    def collect_wish(self, wish):
        """微心愿收集 (box, visit, phone)."""
        data = validate(WishIn, wish)
        place = self._place(data.grid_id)
        session = self.db.session
        with session.begin():
            return workflow.item_out(wishes.collect(session, self.principal, data, place))

    @rpc
    def wish_step(self, action, data):
        return self._step("wish", action, data)

    @rpc
    def place_order(self, order):
        """居民点单."""
        data = validate(OrderIn, order)
        place = self._place(data.grid_id)
        session = self.db.session
        with session.begin():
            return workflow.item_out(orders.place(session, self.principal, data, place))

    @rpc
    def order_step(self, action, data):
        return self._step("order", action, data)

    @rpc
    def post_need(self, need):
        """社区提出需求."""
        data = validate(NeedIn, need)
        self._require_refs(data)
        session = self.db.session
        with session.begin():
            return workflow.item_out(needs.post(session, self.principal, data))

    @rpc
    def need_step(self, action, data):
        if action not in needs.MACHINE.action_zh:
            from services.dispatch.service import unknown

            raise unknown("action", action)
        parsed = validate(NeedStepIn, data)
        self._require_refs(parsed, action)
        session = self.db.session
        with session.begin():
            return workflow.item_out(needs.step(session, self.principal, action, parsed))

    @rpc
    def offer_resource(self, resource):
        """驻区单位登记资源清单."""
        data = validate(ResourceIn, resource)
        self._require_refs(data)
        session = self.db.session
        with session.begin():
            return needs.resource_out(needs.offer(session, self.principal, data))

    @rpc
    def list_resources(self, limit=50, after=None):
        import sqlalchemy as sa

        query = sa.select(UnitResource).where(needs.resources_visible(self.principal))
        rows = self.db.session.scalars(listing.page(query, UnitResource.created_at, UnitResource.id,
                                                    limit, after))
        return [needs.resource_out(r) for r in rows]

    @rpc
    def get_work_item(self, kind, item_id):
        if kind not in MACHINES:
            from services.dispatch.service import unknown

            raise unknown("kind", kind)
        machine = MACHINES[kind]
        return workflow.item_out(workflow.get(self.db.session, self.principal, machine,
                                              parse_id(item_id, machine.field)))

    @rpc
    def list_work_items(self, kind, limit=50, after=None, filters=None):
        if kind not in MACHINES:
            from services.dispatch.service import unknown

            raise unknown("kind", kind)
        f = validate(ListFilter, filters or {})
        rows = listing.items(self.db.session, self.principal, kind, limit, after, f)
        return [workflow.item_out(r) for r in rows]

    @rpc
    def work_steps(self, item_ids):
        ids = [parse_id(i, "ids") for i in item_ids]
        return [workflow.step_out(s) for s in workflow.steps_of(self.db.session, self.principal, ids)]

    @event_handler("organization", DECISION_MADE)
    def on_decision_made(self, payload):
        """A joint-meeting decision (联席会议决定事项) becomes a tracked need, once."""
        decision = DecisionMade.model_validate(payload).model_dump(mode="json")
        session = self.db.session
        with session.begin():
            if first_delivery(session, inbox, "dispatch.on_decision_made", self.event_id):
                needs.from_decision(session, decision)
