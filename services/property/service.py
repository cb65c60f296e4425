"""Entrypoints of the property service."""
from services.property.models import Base
from shared.contracts.property import SERVICE
from shared.db import Database
from shared.health import health_report
from shared.nameko_ext import rpc
from shared.worker_tracing import Tracing


class PropertyService:
    name = SERVICE

    db = Database(SERVICE, Base.metadata)
    tracing = Tracing()

    @rpc(tenant_required=False)
    def health(self):
        return health_report(SERVICE, self.db)
