"""Territory queries."""
from __future__ import annotations

import strawberry

from gateway.loaders import grids_by_id
from gateway.territory.types import Grid, GridConnection, GridEdge, PageInfo
from shared.contracts.validation import parse_id
from shared.errors import ValidationFailed

MAX_PAGE = 100


@strawberry.type
class TerritoryQuery:
    @strawberry.field(description="One grid in your scope, or null (网格).")
    async def grid(self, info: strawberry.Info, id: strawberry.ID) -> Grid | None:
        parse_id(id, "id")
        return await info.context.loader("grids_by_id", grids_by_id).load(str(id))

    @strawberry.field(description="Grids in your scope, ordered by id (网格列表). `first` ≤ 100.")
    async def grids(self, info: strawberry.Info, first: int, after: str | None = None) -> GridConnection:
        if not 1 <= first <= MAX_PAGE:
            raise ValidationFailed([{"field": "first", "message": f"first must be 1..{MAX_PAGE}",
                                     "message_zh": f"first 须在 1 到 {MAX_PAGE} 之间"}])
        if after is not None:
            parse_id(after, "after")
        rows = await info.context.call("grid", "list_grids", limit=first + 1, after=after)
        page = [Grid.from_rpc(r) for r in rows[:first]]
        return GridConnection(edges=[GridEdge(cursor=str(g.id), node=g) for g in page],
                              page_info=PageInfo(has_next_page=len(rows) > first,
                                                 end_cursor=str(page[-1].id) if page else None))

