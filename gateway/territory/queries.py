"""Territory queries."""
from __future__ import annotations

import strawberry

from gateway.loaders import grids_by_id
from gateway.pagination import Connection, check_page
from gateway.territory.types import Grid
from shared.contracts.validation import parse_id


@strawberry.type
class TerritoryQuery:
    @strawberry.field(description="One grid in your scope, or null (网格).")
    async def grid(self, info: strawberry.Info, id: strawberry.ID) -> Grid | None:
        parse_id(id, "id")
        return await info.context.loader("grids_by_id", grids_by_id).load(str(id))

    @strawberry.field(description="Grids in your scope, ordered by id (网格列表). `first` ≤ 100.")
    async def grids(self, info: strawberry.Info, first: int, after: str | None = None) -> Connection[Grid]:
        check_page(first, after)
        rows = await info.context.call("grid", "list_grids", limit=first + 1, after=after)
        return Connection.of(rows, first, Grid.from_rpc)

