"""Seamless coverage (无缝覆盖) of the territory by grids: type and query."""
from __future__ import annotations

import strawberry

from shared.contracts.grid import GridCoverage as CoverageOut


@strawberry.type(description="A building with no household registered in any grid yet (未入格楼栋).")
class UncoveredBuilding:
    id: strawberry.ID = strawberry.field(description="The building's id (楼栋).")
    name: str = strawberry.field(description="Its name or number (楼栋名称).")
    compound_id: strawberry.ID = strawberry.field(description="The compound's id it stands in (所属小区).")
    expected_households: int = strawberry.field(description="The building's declared number of households "
                                                            "(户数), none of them registered in a grid yet.")


@strawberry.type(description="Seamless coverage (无缝覆盖): every registered household is in exactly one grid; "
                             "buildings still outside any grid, and community grids to rebalance.")
class GridCoverage:
    households: int = strawberry.field(description="Households registered in your scope (登记户数), each in "
                                                   "exactly one grid.")
    buildings: int = strawberry.field(description="Buildings in your scope (楼栋数).")
    buildings_covered: int = strawberry.field(description="Of those, buildings with at least one household "
                                                          "registered in a grid (已入格楼栋).")
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
