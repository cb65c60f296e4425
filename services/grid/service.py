"""Entrypoints of the grid service: territory and dispatch-event consumers here, the other
domains in mixins (``*_rpc.py``); rules live in plain modules beside them."""
from __future__ import annotations

import logging

from services.grid import compounds
from services.grid import figures as figures_rules
from services.grid import territory
from services.grid.adjust_rpc import AdjustRpc
from services.grid.emergency_rpc import EmergencyRpc
from services.grid.models import Base, ResidentAccessAudit, inbox
from services.grid.residents_rpc import ResidentsRpc
from services.grid.roster_rpc import RosterRpc
from services.grid.sheets_rpc import SheetsRpc
from services.grid.visits_rpc import RatingRpc, VisitsRpc
from shared.contracts.dispatch import (
    CASE_CLOSED, CASE_RATED, CASE_REOPENED, CASE_REPORTED, CASE_SUPERVISED, CaseClosed, CaseRated,
    CaseReopened, CaseReported, CaseSupervised,
)
from shared.contracts.grid import SERVICE, BuildingIn, CommunityIn, CompoundIn, GridIn, StreetIn
from shared.audit import PersonalDataRpc
from shared.contracts.validation import parse_id, validate
from shared.db import Database
from shared.idempotency import Idempotency
from shared.errors import NotFound, ValidationFailed
from shared.health import health_report
from shared.nameko_ext import CallingPrincipal, EventId, event_handler, rpc
from shared.outbox import Outbox, first_delivery
from shared.scope import require_role
from shared.worker_tracing import Tracing

log = logging.getLogger(__name__)
TERRITORY_ADMINS = ("county_admin",)
MAX_IDS = 1000


def _ids(values, field: str) -> list:
    if not isinstance(values, (list, tuple)) or len(values) > MAX_IDS:
        raise ValidationFailed([{"field": field, "message": f"{field}: a list of at most {MAX_IDS} ids",
                                 "message_zh": f"{field}：须为不超过 {MAX_IDS} 个编号的列表"}])
    return [parse_id(v, field) for v in values]


class GridService(ResidentsRpc, RosterRpc, EmergencyRpc, VisitsRpc, RatingRpc, AdjustRpc, SheetsRpc,
                  PersonalDataRpc):
    name = SERVICE
    audit_model = ResidentAccessAudit

    db = Database(SERVICE, Base.metadata)
    idempotency = Idempotency()
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
    def streets_by_ids(self, ids):
        """The tenant's streets among ``ids`` (``PlaceOut``); the county's whole territory, not
        the caller's scope: callers check that a place exists before they refer to it."""
        return territory.streets_by_ids(self.db.session, _ids(ids, "ids"))

    @rpc
    def communities_by_ids(self, ids):
        """The tenant's communities among ``ids`` (``CommunityOut``), as ``streets_by_ids``."""
        return territory.communities_by_ids(self.db.session, _ids(ids, "ids"))

    @rpc
    def list_buildings(self, compound_ids):
        ids = [parse_id(i, "compoundIds") for i in compound_ids]
        return [territory.building_out(b) for b in territory.buildings_of(self.db.session, ids)]

    @rpc
    def compounds_by_ids(self, ids):
        """Compounds in the caller's scope, in the order asked (``CompoundOut``)."""
        wanted = _ids(ids, "ids")
        with self.db.session.begin():
            return compounds.compounds_by_ids(self.db.session, self.principal, wanted)

    @rpc
    def grids_by_compound(self, compound_ids):
        """For each compound asked, the live grids in scope covering it (``CompoundGrids``)."""
        wanted = _ids(compound_ids, "compoundIds")
        with self.db.session.begin():
            return compounds.grids_by_compound(self.db.session, self.principal, wanted)

    @rpc
    def list_grids(self, limit=50, after=None):
        limit = max(1, min(int(limit), 100))
        after_id = parse_id(after, "after") if after else None
        rows = territory.list_grids(self.db.session, self.principal, limit=limit, after=after_id)
        return [territory.grid_out(r) for r in rows]

    def _on_case(self, consumer: str, event, *, open_delta: int = 0, **figures: int) -> None:
        session = self.db.session
        with session.begin():
            if not first_delivery(session, inbox, f"grid.{consumer}", self.event_id):
                return
            if not territory.grid_exists(session, event.grid_id):
                log.warning("case %s names a grid unknown here", event.case_id)
                return
            if open_delta:
                figures_rules.open_cases(session, event.grid_id, open_delta)
            figures_rules.bump(session, event.grid_id, getattr(event, "reported_at", None)
                               or getattr(event, "at"), **figures)

    @event_handler("dispatch", CASE_REPORTED)
    def on_case_reported(self, payload):
        self._on_case("on_case_reported", CaseReported.model_validate(payload), open_delta=1, reported=1)

    @event_handler("dispatch", CASE_CLOSED)
    def on_case_closed(self, payload):
        self._on_case("on_case_closed", CaseClosed.model_validate(payload), open_delta=-1, closed=1)

    @event_handler("dispatch", CASE_REOPENED)
    def on_case_reopened(self, payload):
        self._on_case("on_case_reopened", CaseReopened.model_validate(payload), open_delta=1, closed=-1)

    @event_handler("dispatch", CASE_SUPERVISED)
    def on_case_supervised(self, payload):
        self._on_case("on_case_supervised", CaseSupervised.model_validate(payload), overdue=1)

    @event_handler("dispatch", CASE_RATED)
    def on_case_rated(self, payload):
        event = CaseRated.model_validate(payload)
        self._on_case("on_case_rated", event, rated=1, unsatisfied=int(event.rating == "unsatisfied"))
