"""Entrypoints of the dispatch service; rules live in intake, closed_loop (with the pure state
machine in lifecycle), deadlines and supervision."""
from __future__ import annotations

import logging
import os

from nameko.rpc import ServiceRpc
from nameko.timer import timer

from services.dispatch import (
    closed_loop, deadlines, evidence, intake, listing, measures, places, references, routing, supervision,
    whistle,
)
from services.dispatch.hook_entrypoints import HookEntrypoints
from services.dispatch.inbox_entrypoints import InboxEntrypoints
from services.dispatch.models import Base
from services.dispatch.open311_entrypoints import Open311Entrypoints
from services.dispatch.work_entrypoints import WorkEntrypoints
from shared import remote
from shared.contracts.dispatch import (
    ACTION_INPUTS, SERVICE, CalendarDayIn, CaseIn, CategoryIn, ListFilter, PeriodIn, WhistleIn,
    WhistlePartStepIn,
)
from shared.contracts.validation import parse_id, validate
from shared.db import Database
from shared.idempotency import Idempotency
from shared.errors import NotFound, ValidationFailed
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, EventId, Tenant, rpc
from shared.outbox import Outbox
from shared.scope import require_role
from shared.worker_tracing import Tracing

log = logging.getLogger(__name__)
# how often each replica sweeps for overdue cases; replicas may overlap safely
SWEEP_SECONDS = float(os.environ.get("CIVICGRID_DISPATCH_SWEEP_SECONDS", "60"))


def unknown(field: str, value) -> ValidationFailed:
    return ValidationFailed([{"field": field, "message": f"{field}: {value!r} is not allowed",
                              "message_zh": f"{field}：取值不在允许范围内"}])


class DispatchService(WorkEntrypoints, HookEntrypoints, InboxEntrypoints, Open311Entrypoints):
    name = SERVICE

    db = Database(SERVICE, Base.metadata)
    idempotency = Idempotency()
    # report_case keeps its own key (client_request_id, stored with the case): a redelivered
    # report is answered with its case even when the generic answer would have been lost
    deduplicates_itself = frozenset({"report_case"})
    outbox = Outbox()
    principal = CallingPrincipal()
    tenant = Tenant()
    event_id = EventId()
    grid = ServiceRpc("grid")
    organization = ServiceRpc("organization")
    tracing = Tracing()

    @rpc(tenant_required=False)
    def health(self):
        return health_report(SERVICE, self.db)

    @rpc
    def report_case(self, case):
        """上报: the case, its evidence and routing, and the likely duplicates to look at. A
        ``client_request_id`` seen before (a retry, a redelivered message) answers its case."""
        data = validate(CaseIn, case)
        place = places.grid_place(self.tenant, str(data.grid_id), self.principal,
                                  lambda: remote.call(self.grid, "grid", "get_grid", str(data.grid_id)))
        compound = intake.compound_of(data, place)
        if data.compound_id is not None and not place.get("compound_id"):  # not fixed by the grid
            references.require_compound(self.grid, data.compound_id, place)
        if data.building_id is not None:
            intake.check_building(data.building_id, remote.call(
                self.grid, "grid", "list_buildings", [str(compound)]))
        session = self.db.session
        with session.begin():
            row = intake.report(session, self.outbox.record, data, place,
                                self.principal.subject if self.principal else None, compound)
            duplicates = intake.likely_duplicates(session, self.principal, row)
            return {**intake.case_out(row, self.principal),
                    "likely_duplicates": [intake.duplicate_out(d) for d in duplicates]}

    @rpc
    def get_case(self, case_id):
        row = intake.visible_case(self.db.session, self.principal, parse_id(case_id, "caseId"))
        if row is None:
            raise NotFound("case", "事件", case_id, field="caseId")
        return intake.case_out(row, self.principal)

    @rpc
    def cases_by_grid(self, grid_ids):
        ids = [parse_id(i, "gridIds") for i in grid_ids]
        return [intake.case_out(c, self.principal)
                for c in intake.visible_cases(self.db.session, self.principal, ids)]

    @rpc
    def list_cases(self, limit=50, after=None, filters=None):
        """Cases in scope, newest first, filtered (cursor ``<reported_at>|<id>``)."""
        f = validate(ListFilter, filters or {})
        return [intake.case_out(c, self.principal)
                for c in listing.cases(self.db.session, self.principal, limit, after, f)]

    @rpc
    def likely_duplicates(self, case_ids):
        """疑似重复: for each case asked, open cases that may be the same problem."""
        ids = [parse_id(i, "caseIds") for i in case_ids]
        session, out = self.db.session, []
        for case_id in ids:
            case = intake.visible_case(session, self.principal, case_id)
            if case is not None:
                out += [{**intake.duplicate_out(d), "of_case_id": str(case_id)}
                        for d in intake.likely_duplicates(session, self.principal, case)]
        return out

    @rpc
    def case_evidence(self, case_ids):
        ids = [parse_id(i, "caseIds") for i in case_ids]
        return evidence.of_cases(self.db.session, closed_loop.visible(self.principal), ids, self.principal)

    @rpc
    def set_category(self, rule):
        """分类与分拨规则 (county admin)."""
        require_role(self.principal, "county_admin")
        data = validate(CategoryIn, rule)
        session = self.db.session
        with session.begin():
            return routing.set_category(session, data)

    @rpc
    def list_categories(self, limit=100, after=None):
        return routing.list_categories(self.db.session, listing.bounded(limit),
                                       str(after) if after else None)

    @rpc
    def transition_case(self, action, data):
        """One step of the closed loop: ``action`` is one of ``ACTIONS``, ``data`` its input."""
        if action not in ACTION_INPUTS:
            raise unknown("action", action)
        parsed = validate(ACTION_INPUTS[action], data)
        self._require_refs(parsed, action)
        session = self.db.session
        with session.begin():
            row = closed_loop.transition(session, self.outbox.record, self.principal, action, parsed)
        return intake.case_out(row, self.principal)

    @rpc
    def timelines(self, case_ids):
        ids = [parse_id(i, "caseIds") for i in case_ids]
        return closed_loop.timelines_out(self.db.session, self.principal, ids)

    @rpc
    def set_calendar_day(self, day):
        require_role(self.principal, "county_admin")
        data = validate(CalendarDayIn, day)
        session = self.db.session
        with session.begin():
            row = deadlines.set_day(session, data)
        return deadlines.day_out(row)

    @rpc
    def calendar_days(self, year):
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            raise unknown("year", year)
        return [deadlines.day_out(r) for r in deadlines.days_of_year(self.db.session, year)]

    @rpc
    def whistle_case(self, data):
        """街道吹哨: summon departments for a case the street handles."""
        parsed = validate(WhistleIn, data)
        session = self.db.session
        with session.begin():
            parts = whistle.whistle(session, self.outbox.record, self.principal, parsed)
            row = closed_loop.locked_case(session, None, parsed.case_id)
        return {"case": intake.case_out(row, self.principal), "parts": [whistle.part_out(p) for p in parts]}

    @rpc
    def whistle_step(self, action, data):
        """部门报到 (``report``) or 办结 (``resolve``) of one department's part."""
        if action not in whistle.PART_NEXT:
            raise unknown("action", action)
        parsed = validate(WhistlePartStepIn, data)
        self._require_refs(parsed, action)
        session = self.db.session
        with session.begin():
            part = whistle.step(session, self.outbox.record, self.principal, action, parsed)
        return whistle.part_out(part)

    @rpc
    def whistle_parts(self, case_ids):
        ids = [parse_id(i, "caseIds") for i in case_ids]
        return [whistle.part_out(p) for p in whistle.parts_by_case(self.db.session, self.principal, ids)]

    @rpc
    def department_scorecards(self, period):
        parsed = validate(PeriodIn, period)
        return measures.scorecards(self.db.session, self.principal, parsed.since, parsed.until)

    @rpc
    def case_measures(self, period):
        return measures.case_measures(self.db.session, self.principal, validate(PeriodIn, period))

    @timer(interval=SWEEP_SECONDS)
    def sweep_overdue(self):
        """超期督办: flag overdue open cases once per deadline step (see supervision.py)."""
        flagged = supervision.sweep(supervision.factory_for(self.db.engine), self.outbox.record)
        if flagged:
            log.info("overdue sweep flagged %d case(s) for supervision", flagged)
