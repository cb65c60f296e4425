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
    other_grid_id: strawberry.ID
    households: int
    residents: int
    actor: str
    at: str

    @classmethod
    def from_rpc(cls, d: GridHistoryOut) -> "GridHistoryEntry":
        return cls(action=d["action"], other_grid_id=strawberry.ID(d["other_grid_id"]),
                   households=d["households"], residents=d["residents"], actor=d["actor"], at=d["at"])


@strawberry.type(description="The two grids after a split or merge.")
class GridAdjustment:
    source: Grid
    target: Grid


@strawberry.input(description="Split households off a grid into a new grid (拆分网格).")
class SplitGridInput:
    grid_id: strawberry.ID
    new_name: str
    household_ids: list[strawberry.ID]


@strawberry.input(description="Merge a grid into another of the same community (合并网格).")
class MergeGridsInput:
    grid_id: strawberry.ID
    into_grid_id: strawberry.ID


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
