"""The organization service: health, the county registration, and the entrypoint groups mixed in
from :mod:`rpc_tree`, :mod:`rpc_members`, :mod:`rpc_activities`, :mod:`rpc_deliberation`,
:mod:`rpc_suggestion`, :mod:`rpc_sheets` and the event consumers of :mod:`consumers` (rules live
beside them)."""
from __future__ import annotations

import logging

import sqlalchemy as sa
from nameko.rpc import ServiceRpc
from sqlalchemy.exc import IntegrityError

from services.organization.consumers import EventConsumers
from services.organization.models import Base, County, MemberAccessAudit
from services.organization.rpc_activities import ActivityRpc
from services.organization.rpc_deliberation import DeliberationRpc
from services.organization.rpc_members import MemberRpc
from services.organization.rpc_sheets import SheetRpc
from services.organization.rpc_suggestion import SuggestionRpc
from services.organization.rpc_tree import TreeRpc
from shared.audit import PersonalDataRpc
from shared.contracts.organization import SERVICE, CountyIn, CountyOut
from shared.contracts.validation import validate
from shared.db import Database
from shared.idempotency import Idempotency
from shared.errors import Conflict, NotFound
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, EventId, rpc
from shared.outbox import Outbox
from shared.scope import require_role
from shared.worker_tracing import Tracing

log = logging.getLogger(__name__)


def county_out(county: County) -> CountyOut:
    return {"code": county.tenant_id, "name": county.name, "created_at": county.created_at.isoformat()}


class OrganizationService(TreeRpc, MemberRpc, ActivityRpc, DeliberationRpc, SuggestionRpc, SheetRpc,
                          EventConsumers, PersonalDataRpc):
    name = SERVICE
    audit_model = MemberAccessAudit

    db = Database(SERVICE, Base.metadata)
    idempotency = Idempotency()
    outbox = Outbox()
    principal = CallingPrincipal()
    event_id = EventId()
    tracing = Tracing()
    dispatch = ServiceRpc("dispatch")
    grid = ServiceRpc("grid")  # place ids are checked with it before they are stored (place_refs)

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
