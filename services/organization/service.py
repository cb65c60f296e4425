"""The organization service: health, the county registration, and the entrypoint groups mixed in
from :mod:`rpc_tree`, :mod:`rpc_members`, :mod:`rpc_activities` and :mod:`rpc_deliberation`
(rules live beside them)."""
from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from services.organization import service_records
from services.organization.models import Base, County, inbox
from services.organization.rpc_activities import ActivityRpc
from services.organization.rpc_deliberation import DeliberationRpc
from services.organization.rpc_members import MemberRpc
from services.organization.rpc_tree import TreeRpc
from shared.contracts.dispatch import CASE_RESOLVED, CaseResolved
from shared.contracts.organization import SERVICE, CountyIn, CountyOut
from shared.contracts.validation import validate
from shared.db import Database
from shared.errors import Conflict, NotFound
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, EventId, event_handler, rpc
from shared.outbox import Outbox, first_delivery
from shared.scope import require_role
from shared.worker_tracing import Tracing

log = logging.getLogger(__name__)


def county_out(county: County) -> CountyOut:
    return {"code": county.tenant_id, "name": county.name, "created_at": county.created_at.isoformat()}


class OrganizationService(TreeRpc, MemberRpc, ActivityRpc, DeliberationRpc):
    name = SERVICE

    db = Database(SERVICE, Base.metadata)
    outbox = Outbox()
    principal = CallingPrincipal()
    event_id = EventId()
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

    @event_handler("dispatch", CASE_RESOLVED)
    def on_case_resolved(self, payload):
        """Party members who handled a case get a service record (党员接单的服务记录)."""
        event = CaseResolved.model_validate(payload)
        session = self.db.session
        with session.begin():
            if not first_delivery(session, inbox, "organization.on_case_resolved", self.event_id):
                return
            known = service_records.case_resolved(session, event)
        if known < len(event.handler_member_ids):
            log.info("case %s: %d handler(s) not on the party roster", event.case_id,
                     len(event.handler_member_ids) - known)
