"""Event consumers: dispatch's property cases counted against the managing company, exactly once
per case (inbox per event, and a unique case id against duplicated events); closing and reopening
also follow inspection findings filed as rectification cases."""
from __future__ import annotations

import logging
import uuid
from datetime import datetime

from services.property import cases, rectification
from services.property.entrypoint_support import Entrypoints
from services.property.models import inbox
from shared import remote
from shared.contracts.dispatch import (
    CASE_CLOSED, CASE_REOPENED, CASE_REPORTED, CaseClosed, CaseReopened, CaseReported,
)
from shared.errors import NotFound
from shared.nameko_ext import event_handler
from shared.outbox import first_delivery

log = logging.getLogger(__name__)


class CaseEntrypoints(Entrypoints):
    @event_handler("dispatch", CASE_REPORTED)
    def on_case_reported(self, payload):
        event = CaseReported.model_validate(payload)
        if not cases.is_property_case(event.category):
            return
        try:  # the compound comes from the grid; asked before the transaction opens
            grid = remote.call(self.grid, "grid", "get_grid", str(event.grid_id))
        except NotFound:
            log.warning("property case %s names a grid unknown to the grid service", event.case_id)
            grid = {"compound_id": None}
        session = self.db.session
        with session.begin():
            if not first_delivery(session, inbox, "property.on_case_reported", self.event_id):
                return
            compound = grid["compound_id"]  # a contract dict: ids as text
            cases.case_reported(session, case_id=event.case_id, grid_id=event.grid_id,
                                compound_id=uuid.UUID(compound) if compound else None,
                                category=event.category,
                                reported_at=datetime.fromisoformat(event.reported_at))

    @event_handler("dispatch", CASE_CLOSED)
    def on_case_closed(self, payload):
        self._status(CaseClosed.model_validate(payload).case_id, "property.on_case_closed", open_=False)

    @event_handler("dispatch", CASE_REOPENED)
    def on_case_reopened(self, payload):
        self._status(CaseReopened.model_validate(payload).case_id, "property.on_case_reopened", open_=True)

    def _status(self, case_id, consumer: str, *, open_: bool) -> None:
        session = self.db.session
        with session.begin():
            if first_delivery(session, inbox, consumer, self.event_id):
                cases.case_status(session, case_id, open_=open_)
                rectification.case_status(session, case_id, closed=not open_)
