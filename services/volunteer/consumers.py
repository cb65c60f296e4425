"""Event consumers of the volunteer service: points for dispatch's resolved cases, fulfilled
micro-wishes and completed 三单 orders, and volunteers from organization's dual registrations.
Each applies an event once (inbox, per consumer) and each source once (ledger source key)."""
from __future__ import annotations

import logging
from datetime import datetime

from services.volunteer import activities, casework, people
from services.volunteer.entrypoints import Entrypoints
from services.volunteer.models import inbox
from shared.contracts.dispatch import (
    CASE_RESOLVED, ORDER_COMPLETED, WISH_FULFILLED, CaseResolved, OrderCompleted, WishFulfilled,
)
from shared.contracts.organization import MEMBER_REGISTERED, MemberRegisteredWithCommunity
from shared.nameko_ext import event_handler
from shared.outbox import first_delivery

log = logging.getLogger(__name__)


class EventEntrypoints(Entrypoints):
    def _credit(self, consumer: str, source_type: str, source_id, at: str, member_ids) -> None:
        day = activities.local_day(datetime.fromisoformat(at))
        session = self.db.session
        with session.begin():
            if not first_delivery(session, inbox, consumer, self.event_id):
                return
            txn, credited, missing = casework.credit_helpers(
                session, source_type, source_id, [str(m) for m in member_ids], day)
            for volunteer_id, points in credited.items():
                self._posted(session, txn, volunteer_id, points)
        if missing:
            log.info("%s %s: %d helper(s) not registered as volunteers", source_type, source_id,
                     len(missing))

    @event_handler("dispatch", CASE_RESOLVED)
    def on_case_resolved(self, payload):
        event = CaseResolved.model_validate(payload)
        self._credit("volunteer.on_case_resolved", "case", event.case_id, event.at,
                     event.handler_member_ids)

    @event_handler("dispatch", WISH_FULFILLED)
    def on_wish_fulfilled(self, payload):
        """微心愿: the party members who claimed and fulfilled the wish."""
        event = WishFulfilled.model_validate(payload)
        self._credit("volunteer.on_wish_fulfilled", "wish", event.wish_id, event.at,
                     event.helper_member_ids)

    @event_handler("dispatch", ORDER_COMPLETED)
    def on_order_completed(self, payload):
        """三单: the party members who took the order (党员接单)."""
        event = OrderCompleted.model_validate(payload)
        self._credit("volunteer.on_order_completed", "order", event.order_id, event.at,
                     event.helper_member_ids)

    @event_handler("organization", MEMBER_REGISTERED)
    def on_member_registered(self, payload):
        event = MemberRegisteredWithCommunity.model_validate(payload)
        session = self.db.session
        with session.begin():
            if not first_delivery(session, inbox, "volunteer.on_member_registered", self.event_id):
                return
            people.from_dual_registration(session, member_id=str(event.member_id),
                                          name=event.member_name, community_id=event.community_id,
                                          street_id=event.street_id)
