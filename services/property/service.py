"""The property service (红色物业); its entrypoints are grouped by domain in the mixed-in classes,
and the rules live in companies, management, committees, inspections and evaluation."""
from __future__ import annotations

from nameko.rpc import ServiceRpc

from services.property.case_entrypoints import CaseEntrypoints
from services.property.committee_entrypoints import CommitteeEntrypoints
from services.property.company_entrypoints import CompanyEntrypoints
from services.property.inspection_entrypoints import InspectionEntrypoints
from services.property.models import Base
from services.property.oversight_entrypoints import OversightEntrypoints
from shared.contracts.property import SERVICE
from shared.db import Database
from shared.idempotency import Idempotency
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, EventId, rpc
from shared.outbox import Outbox
from shared.worker_tracing import Tracing


class PropertyService(CompanyEntrypoints, CommitteeEntrypoints, InspectionEntrypoints, OversightEntrypoints,
                      CaseEntrypoints):
    name = SERVICE

    db = Database(SERVICE, Base.metadata)
    idempotency = Idempotency()
    outbox = Outbox()
    principal = CallingPrincipal()
    event_id = EventId()
    grid = ServiceRpc("grid")
    dispatch = ServiceRpc("dispatch")
    tracing = Tracing()

    @rpc(tenant_required=False)
    def health(self):
        return health_report(SERVICE, self.db)
