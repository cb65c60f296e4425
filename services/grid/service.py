"""Entrypoints of the grid service; rules live in :mod:`services.grid.territory`."""
from __future__ import annotations

import logging

from services.grid import territory
from services.grid.models import Base, inbox
from shared.contracts.dispatch import CASE_REPORTED, CaseReported
from shared.contracts.grid import SERVICE, BuildingIn, CommunityIn, CompoundIn, GridIn, StreetIn
from shared.contracts.validation import parse_id, validate
from shared.db import Database
from shared.errors import NotFound
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, EventId, event_handler, rpc
from shared.outbox import Outbox, first_delivery
from shared.scope import require_role
from shared.worker_tracing import Tracing

log = logging.getLogger(__name__)
TERRITORY_ADMINS = ("county_admin",)


class GridService:
    name = SERVICE

    db = Database(SERVICE, Base.metadata)
    outbox = Outbox()
    principal = CallingPrincipal()
    event_id = EventId()
    tracing = Tracing()

    @rpc(tenant_required=False)
    def health(self):
        return health_report(SERVICE, self.db)

    def _create(self, create, model, data, out=territory.place_out):
        require_role(self.principal, *TERRITORY_ADMINS)
        session = self.db.session
        with session.begin():
            row = create(session, validate(model, data))
        return out(row)

    @rpc
    def create_street(self, street):
        return self._create(territory.create_street, StreetIn, street)

    @rpc
    def create_community(self, community):
        return self._create(territory.create_community, CommunityIn, community)

    @rpc
    def create_compound(self, compound):
        return self._create(territory.create_compound, CompoundIn, compound)

    @rpc
    def create_building(self, building):
        return self._create(territory.create_building, BuildingIn, building, territory.building_out)

    @rpc
    def create_grid(self, grid):
        return self._create(territory.create_grid, GridIn, grid, territory.grid_out)

    @rpc
    def get_grid(self, grid_id):
        rows = territory.grids_by_ids(self.db.session, self.principal, [parse_id(grid_id, "gridId")])
        if not rows:
            raise NotFound("grid", "网格", grid_id, field="gridId")
        return territory.grid_out(rows[0])

    @rpc
    def grids_by_ids(self, ids):
        rows = territory.grids_by_ids(self.db.session, self.principal, [parse_id(i, "ids") for i in ids])
        return [territory.grid_out(r) for r in rows]

    @rpc
    def list_grids(self, limit=50, after=None):
        limit = max(1, min(int(limit), 100))
        after_id = parse_id(after, "after") if after else None
        rows = territory.list_grids(self.db.session, self.principal, limit=limit, after=after_id)
        return [territory.grid_out(r) for r in rows]

    @event_handler("dispatch", CASE_REPORTED)
    def on_case_reported(self, payload):
        event = CaseReported.model_validate(payload)
        session = self.db.session
        with session.begin():
            if not first_delivery(session, inbox, "grid.on_case_reported", self.event_id):
                return
            if not territory.case_opened(session, event.grid_id):
                log.warning("case %s names a grid unknown here", event.case_id)

