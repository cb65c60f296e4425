"""RPC entrypoints of grid splitting and merging, mixed into GridService."""
from __future__ import annotations

from services.grid import adjust, coverage, territory
from shared.contracts.grid import GRID_CHANGED, RESIDENT_MOVED_GRID, GridMergeIn, GridSplitIn
from shared.contracts.validation import parse_id, validate
from shared.nameko_ext import rpc
from shared.scope import require_role

ADJUSTERS = ("county_admin", "street_staff", "community_staff")


class AdjustRpc:
    def _announce(self, session, change: str, left, joined, residents) -> None:
        for grid in (left, joined):
            self.outbox.record(session, GRID_CHANGED, {"grid_id": str(grid.id), "change": change})
        for resident_id in residents:
            self.outbox.record(session, RESIDENT_MOVED_GRID, {
                "resident_id": str(resident_id), "from_grid_id": str(left.id), "to_grid_id": str(joined.id)})

    @rpc
    def split_grid(self, split):
        require_role(self.principal, *ADJUSTERS)
        data = validate(GridSplitIn, split)
        session = self.db.session
        with session.begin():
            source, new, residents = adjust.split(session, self.principal, data)
            self._announce(session, "split", source, new, residents)
            return [territory.grid_out(source), territory.grid_out(new)]

    @rpc
    def merge_grids(self, merge):
        require_role(self.principal, *ADJUSTERS)
        data = validate(GridMergeIn, merge)
        session = self.db.session
        with session.begin():
            source, target, residents = adjust.merge(session, self.principal, data)
            self._announce(session, "merged", source, target, residents)
            return [territory.grid_out(source), territory.grid_out(target)]

    @rpc
    def grid_history(self, grid_ids):
        ids = [parse_id(i, "gridIds") for i in grid_ids]
        return adjust.history(self.db.session, self.principal, ids)

    @rpc
    def grid_coverage(self):
        require_role(self.principal, "county_admin", "command_center", "street_staff", "community_staff",
                     "grid_worker", "dashboard")
        return coverage.coverage(self.db.session, self.principal)
