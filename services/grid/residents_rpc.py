"""RPC entrypoints of the residents registry and grid boundaries, mixed into GridService."""
from __future__ import annotations

from datetime import datetime, timezone

from services.grid import boundary, residents, territory
from shared.contracts.grid import (
    GRID_CHANGED, RESIDENT_MOVED_GRID, GridBoundaryIn, HouseholdIn, ResidentChanges, ResidentIn,
)
from shared.contracts.validation import parse_id, validate
from shared.nameko_ext import rpc
from shared.scope import require_role

READERS = ("county_admin", "command_center", "street_staff", "community_staff", "grid_worker")
WRITERS = ("county_admin", "street_staff", "community_staff", "grid_worker")
UNMASKERS = ("county_admin", "community_staff")  # roles whose work needs the full number


class ResidentsRpc:
    def _out(self, rows, *, unmasked: bool, reason: str | None):
        session = self.db.session
        if unmasked:
            residents.audit_unmasked(session, self.principal, rows, (reason or "query")[:200])
        now = datetime.now(timezone.utc)
        return [residents.resident_out(r, self.db.tenant, unmasked=unmasked, now=now) for r in rows]

    @rpc
    def set_grid_boundary(self, grid_id, boundary_geojson):
        require_role(self.principal, "county_admin")
        polygon = validate(GridBoundaryIn, boundary_geojson)
        session = self.db.session
        with session.begin():
            grid = boundary.set_boundary(session, parse_id(grid_id, "gridId"), polygon)
            self.outbox.record(session, GRID_CHANGED, {"grid_id": str(grid.id), "change": "boundary"})
        return territory.grid_out(grid)

    @rpc
    def register_household(self, household):
        require_role(self.principal, *WRITERS)
        data = validate(HouseholdIn, household)
        session = self.db.session
        with session.begin():
            row = residents.register_household(session, self.principal, data)
        return residents.household_out(row)

    @rpc
    def register_resident(self, resident):
        require_role(self.principal, *WRITERS)
        data = validate(ResidentIn, resident)
        session = self.db.session
        with session.begin():
            row = residents.register_resident(session, self.principal, data,
                                              datetime.now(timezone.utc).date())
            return self._out([row], unmasked=False, reason=None)[0]

    @rpc
    def update_resident(self, resident_id, changes):
        require_role(self.principal, *WRITERS)
        data = validate(ResidentChanges, changes)
        session = self.db.session
        with session.begin():
            row, left = residents.update_resident(session, self.principal,
                                                  parse_id(resident_id, "residentId"), data)
            if left is not None:
                self.outbox.record(session, RESIDENT_MOVED_GRID, {
                    "resident_id": str(row.id), "from_grid_id": str(left), "to_grid_id": str(row.grid_id)})
            return self._out([row], unmasked=False, reason=None)[0]

    @rpc
    def list_residents(self, limit=50, after=None, grid_id=None, unmasked=False, reason=None,
                       stale_only=False):
        require_role(self.principal, *(UNMASKERS if unmasked else READERS))
        limit = max(1, min(int(limit), 101))
        session = self.db.session
        with session.begin():
            rows = residents.list_residents(
                session, self.principal, limit=limit, after=parse_id(after, "after") if after else None,
                grid_id=parse_id(grid_id, "gridId") if grid_id else None, stale_only=bool(stale_only))
            return self._out(rows, unmasked=bool(unmasked), reason=reason)

    @rpc
    def list_households(self, limit=50, after=None, grid_id=None):
        require_role(self.principal, *READERS)
        rows = residents.list_households(
            self.db.session, self.principal, limit=max(1, min(int(limit), 101)),
            after=parse_id(after, "after") if after else None,
            grid_id=parse_id(grid_id, "gridId") if grid_id else None)
        return [residents.household_out(r) for r in rows]

    @rpc
    def resident_by_id_number(self, id_number, unmasked=False, reason=None):
        require_role(self.principal, *(UNMASKERS if unmasked else READERS))
        session = self.db.session
        with session.begin():
            row = residents.by_id_number(session, self.principal, str(id_number))
            if row is None:
                return None
            return self._out([row], unmasked=bool(unmasked), reason=reason or "lookup by ID number")[0]
