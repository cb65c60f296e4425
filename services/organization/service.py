"""Entrypoints of the organization service."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.organization.models import Base, County
from shared.contracts.organization import SERVICE, CountyIn, CountyOut
from shared.contracts.validation import validate
from shared.db import Database
from shared.errors import Conflict, NotFound
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, rpc
from shared.scope import require_role
from shared.worker_tracing import Tracing


def county_out(county: County) -> CountyOut:
    return {"code": county.tenant_id, "name": county.name, "created_at": county.created_at.isoformat()}


class OrganizationService:
    name = SERVICE

    db = Database(SERVICE, Base.metadata)
    principal = CallingPrincipal()
    tracing = Tracing()

    @rpc(tenant_required=False)
    def health(self):
        return health_report(SERVICE, self.db)

    @rpc
    def register_county(self, county):
        require_role(self.principal, "platform_admin")
        data = validate(CountyIn, county)
        session = self.db.session
        try:
            with session.begin():
                row = County(name=data.name)
                session.add(row)
        except IntegrityError:
            raise Conflict("this county is already registered", "该县已注册", field="code") from None
        return county_out(row)

    @rpc
    def get_county(self):
        row = self.db.session.scalars(sa.select(County)).first()
        if row is None:
            raise NotFound("county", "县", self.db.tenant, field="tenant")
        return county_out(row)
