"""Entrypoints of the dispatch service; rules live in :mod:`services.dispatch.intake`."""
from __future__ import annotations

from nameko.rpc import ServiceRpc

from services.dispatch import intake
from services.dispatch.models import Base
from shared import remote
from shared.contracts.dispatch import SERVICE, CaseIn
from shared.contracts.validation import parse_id, validate
from shared.db import Database
from shared.errors import NotFound
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, rpc
from shared.outbox import Outbox
from shared.worker_tracing import Tracing


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
