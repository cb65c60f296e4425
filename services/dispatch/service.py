"""Entrypoints of the dispatch service; rules live in intake, closed_loop (with the pure state
machine in lifecycle), deadlines and supervision."""
from __future__ import annotations

import logging
import os

from nameko.rpc import ServiceRpc
from nameko.timer import timer

from services.dispatch import closed_loop, deadlines, intake, measures, supervision, whistle
from services.dispatch.models import Base
from shared import remote
from shared.contracts.dispatch import (
    ACTION_INPUTS, SERVICE, CalendarDayIn, CaseIn, PeriodIn, WhistleIn, WhistlePartStepIn,
)
from shared.contracts.validation import parse_id, validate
from shared.db import Database
from shared.errors import NotFound, ValidationFailed
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, rpc
from shared.outbox import Outbox
from shared.scope import require_role
from shared.worker_tracing import Tracing

log = logging.getLogger(__name__)
# how often each replica sweeps for overdue cases; replicas may overlap safely
SWEEP_SECONDS = float(os.environ.get("CIVICGRID_DISPATCH_SWEEP_SECONDS", "60"))


def unknown(field: str, value) -> ValidationFailed:
    return ValidationFailed([{"field": field, "message": f"{field}: {value!r} is not allowed",
                              "message_zh": f"{field}：取值不在允许范围内"}])


class DispatchService:
    name = SERVICE

    db = Database(SERVICE, Base.metadata)
    outbox = Outbox()
    principal = CallingPrincipal()
    grid = ServiceRpc("grid")
    tracing = Tracing()

    @rpc(tenant_required=False)
    def health(self):
        return health_report(SERVICE, self.db)

    @rpc
    def report_case(self, case):
        data = validate(CaseIn, case)
        grid = remote.call(self.grid, "grid", "get_grid", str(data.grid_id))
        session = self.db.session
        with session.begin():
            row = intake.report(session, self.outbox.record, data, grid,
                                self.principal.subject if self.principal else None)
        return intake.case_out(row)

    @rpc
    def get_case(self, case_id):
        row = intake.visible_case(self.db.session, self.principal, parse_id(case_id, "caseId"))
        if row is None:
            raise NotFound("case", "事件", case_id, field="caseId")
        return intake.case_out(row)

    @rpc
    def cases_by_grid(self, grid_ids):
        ids = [parse_id(i, "gridIds") for i in grid_ids]
        return [intake.case_out(c) for c in intake.visible_cases(self.db.session, self.principal, ids)]

    @rpc
    def transition_case(self, action, data):
        """One step of the closed loop: ``action`` is one of ``ACTIONS``, ``data`` its input."""
        if action not in ACTION_INPUTS:
            raise unknown("action", action)
        parsed = validate(ACTION_INPUTS[action], data)
        session = self.db.session
        with session.begin():
            row = closed_loop.transition(session, self.outbox.record, self.principal, action, parsed)
        return intake.case_out(row)

    @rpc
    def timelines(self, case_ids):
        ids = [parse_id(i, "caseIds") for i in case_ids]
        rows = closed_loop.timelines(self.db.session, self.principal, ids)
        return [closed_loop.timeline_out(r) for r in rows]

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
        return {"case": intake.case_out(row), "parts": [whistle.part_out(p) for p in parts]}

    @rpc
    def whistle_step(self, action, data):
        """部门报到 (``report``) or 办结 (``resolve``) of one department's part."""
        if action not in whistle.PART_NEXT:
            raise unknown("action", action)
        parsed = validate(WhistlePartStepIn, data)
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
