"""Entrypoints of the volunteer service."""
from services.volunteer.models import Base
from shared.contracts.volunteer import SERVICE
from shared.db import Database
from shared.health import health_report
from shared.nameko_ext import rpc
from shared.worker_tracing import Tracing


class VolunteerService:
    name = SERVICE

    db = Database(SERVICE, Base.metadata)
    tracing = Tracing()

    @rpc(tenant_required=False)
    def health(self):
        return health_report(SERVICE, self.db)
