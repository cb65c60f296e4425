"""Territory types. Cross-service links resolve through per-request DataLoaders."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from gateway.loaders import cases_by_grid, history_by_grid
from gateway.pagination import PageInfo  # noqa: F401  (re-exported for older imports)
from shared.contracts.grid import BuildingOut, GridOut, PlaceOut

if TYPE_CHECKING:
    from gateway.cases.types import Case
    from gateway.territory.adjust import GridHistoryEntry


@strawberry.type(description="A street or town (街道/镇).")
class Street:
    id: strawberry.ID = strawberry.field(description="The place's id.")
    name: str = strawberry.field(description="Its name (名称), 1–64 characters.")
    code: str | None = strawberry.field(description="Administrative division code (区划代码): 9 digits for a "
                                                    "street or town, 12 for a community or village; null when "
                                                    "not recorded, and always for a compound.")

    @classmethod
    def from_rpc(cls, data: PlaceOut) -> "Street":
        return cls(id=strawberry.ID(data["id"]), name=data["name"], code=data["code"])


@strawberry.type(description="A community or village (社区/村).")
class Community(Street):
    pass


@strawberry.type(description="A residential compound (小区).")
class Compound(Street):
    pass


@strawberry.type(description="A building (楼栋) in a compound.")
class Building:
    id: strawberry.ID = strawberry.field(description="The building's id.")
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (所属小区).")
    name: str = strawberry.field(description="Its name or number (楼栋名称), e.g. 3号楼.")
    households: int = strawberry.field(description="Declared number of households (户数), 0–2000, as entered "
                                                   "for the building; not the count registered in grids.")

    @classmethod
    def from_rpc(cls, data: BuildingOut) -> "Building":
        return cls(id=strawberry.ID(data["id"]), compound_id=strawberry.ID(data["compound_id"]),
                   name=data["name"], households=data["households"])


@strawberry.type(description="A grid (网格): the unit of grassroots governance, 300–500 households.")
class Grid:
    id: strawberry.ID = strawberry.field(description="The grid's id.")
    name: str = strawberry.field(description="Its name (网格名称), 1–64 characters.")
    kind: str = strawberry.field(description="community (社区网格) or specialized (专属网格)")
    street_id: strawberry.ID = strawberry.field(description="The street's id (所属街道).")
    community_id: strawberry.ID = strawberry.field(description="The community's id (所属社区).")
    compound_id: strawberry.ID | None = strawberry.field(description="The compound's id it is appointed to "
                                                                     "(所属小区), if any.")
    open_case_count: int = strawberry.field(description="Cases reported here and not yet closed (未结事件数).")
    household_count: int = strawberry.field(default=0, description="Households registered in the grid (户数).")
    size_flag: str | None = strawberry.field(
        default=None, description="over (>500 households) or under (<300): to rebalance (调整网格).")
    boundary: JSON | None = strawberry.field(default=None, description="GeoJSON Polygon (网格边界).")
    retired_at: str | None = strawberry.field(default=None, description="When it was merged away (撤并).")
    merged_into: strawberry.ID | None = strawberry.field(
        default=None, description="The grid's id it was merged into (并入网格); null while live.")

    @strawberry.field(description="Splits and merges of this grid, oldest first (网格调整记录).")
    async def history(self, info: strawberry.Info) -> list[Annotated["GridHistoryEntry",
                                                                      strawberry.lazy("gateway.territory.adjust")]]:
        return await info.context.loader("history_by_grid", history_by_grid).load(str(self.id))

    @strawberry.field(description="Cases reported in this grid, newest first (网格事件).")
    async def cases(self, info: strawberry.Info) -> list[Annotated["Case", strawberry.lazy("gateway.cases.types")]]:
        return await info.context.loader("cases_by_grid", cases_by_grid).load(str(self.id))

    @classmethod
    def from_rpc(cls, data: GridOut) -> "Grid":
        return cls(id=strawberry.ID(data["id"]), name=data["name"], kind=data["kind"],
                   street_id=strawberry.ID(data["street_id"]),
                   community_id=strawberry.ID(data["community_id"]),
                   compound_id=strawberry.ID(data["compound_id"]) if data["compound_id"] else None,
                   open_case_count=data["open_case_count"],
                   household_count=data.get("household_count", 0), size_flag=data.get("size_flag"),
                   boundary=data.get("boundary"), retired_at=data.get("retired_at"),
                   merged_into=strawberry.ID(data["merged_into"]) if data.get("merged_into") else None)
