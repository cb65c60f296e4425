"""Splitting and merging grids (网格调整): the history type and the two mutations."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.errors import OperationError, as_data
from gateway.territory.types import Grid
from shared.contracts.grid import GridHistoryOut
from shared.errors import CivicError


@strawberry.type(description="A change of a grid's coverage (网格调整记录).")
class GridHistoryEntry:
    action: str = strawberry.field(description="split_off, split_from, merged_into or absorbed")
    other_grid_id: strawberry.ID = strawberry.field(description="The other grid's id: the new grid of a split, "
                                                               "the grid split from, merged into or absorbed.")
    households: int = strawberry.field(description="Households moved between the two grids (迁移户数).")
    residents: int = strawberry.field(description="Residents moved with them (迁移人数).")
    actor: str = strawberry.field(description="Who made the change: the caller's login (操作人).")
    at: str = strawberry.field(description="When (调整时间): ISO 8601 date-time with UTC offset.")

    @classmethod
    def from_rpc(cls, d: GridHistoryOut) -> "GridHistoryEntry":
        return cls(action=d["action"], other_grid_id=strawberry.ID(d["other_grid_id"]),
                   households=d["households"], residents=d["residents"], actor=d["actor"], at=d["at"])


@strawberry.type(description="The two grids after a split or merge.")
class GridAdjustment:
    source: Grid = strawberry.field(description="The grid given as gridId: what is left of it after a split, "
                                                "or, after a merge, the retired grid (已撤并).")
    target: Grid = strawberry.field(description="The new grid of a split (新网格), or the grid merged into.")


@strawberry.input(description="Split households off a grid into a new grid (拆分网格).")
class SplitGridInput:
    grid_id: strawberry.ID = strawberry.field(description="The grid's id to split households off.")
    new_name: str = strawberry.field(description="The new grid's name (新网格名称), 1–64 characters; it gets "
                                                 "the same community and kind.")
    household_ids: list[strawberry.ID] = strawberry.field(
        description="The households' ids to move into the new grid (户), 1–2000: all in this grid, and not "
                    "all of its households. Their residents move with them.")


@strawberry.input(description="Merge a grid into another of the same community (合并网格).")
class MergeGridsInput:
    grid_id: strawberry.ID = strawberry.field(description="The grid's id to merge away; it is retired, kept "
                                                          "for history.")
    into_grid_id: strawberry.ID = strawberry.field(description="The grid's id that takes over its households, "
                                                               "residents and posts; same community.")


AdjustResult = Annotated[GridAdjustment | OperationError, strawberry.union("GridAdjustmentResult")]


async def _adjust(info: strawberry.Info, method: str, data: dict):
    try:
        source, target = await info.context.call("grid", method, data)
        return GridAdjustment(source=Grid.from_rpc(source), target=Grid.from_rpc(target))
    except CivicError as exc:
        return as_data(exc, info.context.language)


@strawberry.type
class AdjustMutation:
    @strawberry.mutation(description="Split households off a grid into a new grid (拆分网格); history is kept.")
    async def split_grid(self, info: strawberry.Info, input: SplitGridInput) -> AdjustResult:
        return await _adjust(info, "split_grid", {"grid_id": str(input.grid_id), "new_name": input.new_name,
                                                  "household_ids": [str(i) for i in input.household_ids]})

    @strawberry.mutation(description="Merge a grid into another (合并网格); the merged grid is retired, kept "
                                     "for history.")
    async def merge_grids(self, info: strawberry.Info, input: MergeGridsInput) -> AdjustResult:
        return await _adjust(info, "merge_grids", {"grid_id": str(input.grid_id),
                                                   "into_grid_id": str(input.into_grid_id)})
