"""Roster queries."""
from __future__ import annotations

import strawberry

from gateway.roster.types import Post, PostConnection, PostEdge, RosterCounts, StaffingReport
from gateway.territory.types import PageInfo
from shared.contracts.validation import parse_id
from shared.errors import ValidationFailed

MAX_PAGE = 100


@strawberry.type
class RosterQuery:
    @strawberry.field(description="Roster posts in your scope, ordered by id (岗位列表). `first` ≤ 100.")
    async def posts(self, info: strawberry.Info, first: int, after: str | None = None,
                    grid_id: strawberry.ID | None = None, level: str | None = None) -> PostConnection:
        if not 1 <= first <= MAX_PAGE:
            raise ValidationFailed([{"field": "first", "message": f"first must be 1..{MAX_PAGE}",
                                     "message_zh": f"first 须在 1 到 {MAX_PAGE} 之间"}])
        for value, field in ((after, "after"), (grid_id, "gridId")):
            if value is not None:
                parse_id(value, field)
        rows = await info.context.call("grid", "list_posts", limit=first + 1, after=after,
                                       grid_id=grid_id, level=level)
        page = [Post.from_rpc(r) for r in rows[:first]]
        return PostConnection(edges=[PostEdge(cursor=str(p.id), node=p) for p in page],
                              page_info=PageInfo(has_next_page=len(rows) > first,
                                                 end_cursor=str(page[-1].id) if page else None))

    @strawberry.field(description="Community grids in your scope short of the staffing model (配备不达标网格).")
    async def staffing_report(self, info: strawberry.Info) -> StaffingReport:
        return StaffingReport.from_rpc(await info.context.call("grid", "staffing_report"))

    @strawberry.field(description="Posts and persons per level, posts per community (队伍统计).")
    async def roster_counts(self, info: strawberry.Info) -> RosterCounts:
        return RosterCounts.from_rpc(await info.context.call("grid", "roster_counts"))
