"""Roster queries."""
from __future__ import annotations

import strawberry

from gateway.pagination import Connection, check_page
from gateway.roster.types import Post, RosterCounts, StaffingReport
from shared.contracts.validation import parse_id


@strawberry.type
class RosterQuery:
    @strawberry.field(description="Roster posts in your scope, ordered by id (岗位列表), optionally of one grid, "
                                  "community or level. `first` ≤ 100.")
    async def posts(self, info: strawberry.Info, first: int, after: str | None = None,
                    grid_id: strawberry.ID | None = None, level: str | None = None,
                    community_id: strawberry.ID | None = None) -> Connection[Post]:
        check_page(first, after)
        for value, field in ((grid_id, "gridId"), (community_id, "communityId")):
            if value is not None:
                parse_id(value, field)
        rows = await info.context.call("grid", "list_posts", limit=first + 1, after=after,
                                       grid_id=grid_id, level=level, community_id=community_id)
        return Connection.of(rows, first, Post.from_rpc)

    @strawberry.field(description="Community grids in your scope short of the staffing model (配备不达标网格).")
    async def staffing_report(self, info: strawberry.Info) -> StaffingReport:
        return StaffingReport.from_rpc(await info.context.call("grid", "staffing_report"))

    @strawberry.field(description="Posts and persons per level, posts per community (队伍统计).")
    async def roster_counts(self, info: strawberry.Info) -> RosterCounts:
        return RosterCounts.from_rpc(await info.context.call("grid", "roster_counts"))
