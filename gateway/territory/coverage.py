"""Seamless coverage (无缝覆盖) of the territory by grids: type and query."""
from __future__ import annotations

import strawberry

from shared.contracts.grid import GridCoverage as CoverageOut


@strawberry.type(description="A building with no household registered in any grid yet (未入格楼栋).")
class UncoveredBuilding:
    id: strawberry.ID
    name: str
    compound_id: strawberry.ID
    expected_households: int


@strawberry.type(description="Seamless coverage (无缝覆盖): every registered household is in exactly one grid; "
                             "buildings still outside any grid, and community grids to rebalance.")
class GridCoverage:
    households: int
    buildings: int
    buildings_covered: int
    uncovered: list[UncoveredBuilding] = strawberry.field(description="At most 100, by name.")
    grids_over: int = strawberry.field(description="Community grids above 500 households.")
    grids_under: int = strawberry.field(description="Community grids below 300 households.")

    @classmethod
    def from_rpc(cls, d: CoverageOut) -> "GridCoverage":
        return cls(households=d["households"], buildings=d["buildings"],
                   buildings_covered=d["buildings_covered"], grids_over=d["grids_over"],
                   grids_under=d["grids_under"],
                   uncovered=[UncoveredBuilding(id=strawberry.ID(b["id"]), name=b["name"],
                                                compound_id=strawberry.ID(b["compound_id"]),
                                                expected_households=b["expected_households"])
                              for b in d["uncovered"]])


@strawberry.type
class CoverageQuery:
    @strawberry.field(description="How completely grids cover the territory in your scope (网格覆盖情况).")
    async def grid_coverage(self, info: strawberry.Info) -> GridCoverage:
        return GridCoverage.from_rpc(await info.context.call("grid", "grid_coverage"))
