"""RPC entrypoints of the residents registry and grid boundaries, mixed into GridService."""
from __future__ import annotations

from datetime import datetime, timezone

from services.grid import boundary, residents, territory
from shared.contracts.grid import (
    GRID_CHANGED, HOUSEHOLD_KIND_LABELS, RESIDENCY_LABELS, RESIDENT_MOVED_GRID, SPECIAL_GROUPS, GridBoundaryIn,
    HouseholdIn, ResidentChanges, ResidentIn,
)
from shared.contracts.validation import parse_id, validate
from shared.errors import ValidationFailed
from shared.nameko_ext import rpc
from shared.scope import require_role

READERS = ("county_admin", "command_center", "street_staff", "community_staff", "grid_worker")
WRITERS = ("county_admin", "street_staff", "community_staff", "grid_worker")
UNMASKERS = ("county_admin", "community_staff")  # roles whose work needs the full number


def _id(value, field: str):
    return parse_id(value, field) if value else None


def _choice(value, allowed, field: str) -> None:
    if value is not None and value not in allowed:
        raise ValidationFailed([{"field": field, "message": f"{field}: one of {', '.join(allowed)}",
                                 "message_zh": f"{field}：取值不在允许范围内"}])


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
                       stale_only=False, community_id=None, residency=None, special_group=None,
                       needs_review=None):
        require_role(self.principal, *(UNMASKERS if unmasked else READERS))
        limit = max(1, min(int(limit), 101))
        _choice(residency, RESIDENCY_LABELS, "residency")
        _choice(special_group, SPECIAL_GROUPS, "specialGroup")
        session = self.db.session
        with session.begin():
            rows = residents.list_residents(
                session, self.principal, limit=limit, after=_id(after, "after"), grid_id=_id(grid_id, "gridId"),
                stale_only=bool(stale_only), community_id=_id(community_id, "communityId"), residency=residency,
                special_group=special_group, needs_review=None if needs_review is None else bool(needs_review))
            return self._out(rows, unmasked=bool(unmasked), reason=reason)

    @rpc
    def list_households(self, limit=50, after=None, grid_id=None, community_id=None, building_id=None,
                        kind=None):
        require_role(self.principal, *READERS)
        _choice(kind, HOUSEHOLD_KIND_LABELS, "kind")
        rows = residents.list_households(
            self.db.session, self.principal, limit=max(1, min(int(limit), 101)), after=_id(after, "after"),
            grid_id=_id(grid_id, "gridId"), community_id=_id(community_id, "communityId"),
            building_id=_id(building_id, "buildingId"), kind=kind)
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
