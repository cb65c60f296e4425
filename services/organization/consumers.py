"""Event consumers of the organization service: members' service records (服务记录) from dispatch's
resolved cases, fulfilled micro-wishes and completed 三单 orders, and from volunteer hours
confirmed; each event applied once (inbox), each service once per member (unique key)."""
from __future__ import annotations

import logging

from services.organization import service_records
from services.organization.models import inbox
from shared.contracts.dispatch import (
    CASE_RESOLVED, ORDER_COMPLETED, WISH_FULFILLED, CaseResolved, OrderCompleted, WishFulfilled,
)
from shared.contracts.volunteer import HOURS_CONFIRMED, HoursConfirmed
from shared.nameko_ext import event_handler
from shared.outbox import first_delivery

log = logging.getLogger(__name__)


class EventConsumers:
    """Mixed into the service, which provides ``db`` and ``event_id``."""

    def _apply(self, consumer: str, add, event, named: int, what: str) -> None:
        session = self.db.session
        with session.begin():
            if not first_delivery(session, inbox, consumer, self.event_id):
                return
            known = add(session, event)
        if known < named:
            log.info("%s: %d member(s) not on the party roster", what, named - known)

    @event_handler("dispatch", CASE_RESOLVED)
    def on_case_resolved(self, payload):
        """Party members who handled a case get a service record (党员接单的服务记录)."""
        event = CaseResolved.model_validate(payload)
        self._apply("organization.on_case_resolved", service_records.case_resolved, event,
                    len(event.handler_member_ids), f"case {event.case_id}")

    @event_handler("dispatch", WISH_FULFILLED)
    def on_wish_fulfilled(self, payload):
        event = WishFulfilled.model_validate(payload)
        self._apply("organization.on_wish_fulfilled", service_records.wish_fulfilled, event,
                    len(event.helper_member_ids), f"wish {event.wish_id}")

    @event_handler("dispatch", ORDER_COMPLETED)
    def on_order_completed(self, payload):
        event = OrderCompleted.model_validate(payload)
        self._apply("organization.on_order_completed", service_records.order_completed, event,
                    len(event.helper_member_ids), f"order {event.order_id}")

    @event_handler("volunteer", HOURS_CONFIRMED)
    def on_hours_confirmed(self, payload):
        """A party member's volunteer hours (志愿服务时长) become a service record."""
        event = HoursConfirmed.model_validate(payload)
        self._apply("organization.on_hours_confirmed", service_records.hours_confirmed, event,
                    1 if event.member_id else 0, f"signup {event.signup_id}")
