"""Territory mutations: each returns the new object or an OperationError (nothing written)."""
from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from gateway.errors import OperationError, as_data, mutate
from gateway.payloads import payload
from gateway.territory.types import Building, Community, Compound, Grid, Street
from shared.errors import CivicError


@strawberry.input(description="A new street or town (街道/镇).")
class CreateStreetInput:
    name: str = strawberry.field(description="The street's or town's name (街道名称), 1–64 characters.")
    code: str | None = strawberry.field(default=None, description="9-digit administrative code")


@strawberry.input(description="A new community or village (社区/村).")
class CreateCommunityInput:
    street_id: strawberry.ID = strawberry.field(description="The street's id it belongs to (所属街道).")
    name: str = strawberry.field(description="The community's or village's name (社区名称), 1–64 characters.")
    code: str | None = strawberry.field(default=None, description="12-digit administrative code")


@strawberry.input(description="A new residential compound (小区).")
class CreateCompoundInput:
    community_id: strawberry.ID = strawberry.field(description="The community's id it belongs to (所属社区).")
    name: str = strawberry.field(description="The compound's name (小区名称), 1–64 characters.")


@strawberry.input(description="A new building (楼栋).")
class CreateBuildingInput:
    compound_id: strawberry.ID = strawberry.field(description="The compound's id it stands in (所属小区).")
    name: str = strawberry.field(description="Its name or number (楼栋名称), 1–64 characters, e.g. 3号楼.")
    households: int = strawberry.field(default=0, description="Declared number of households (户数), 0–2000.")


@strawberry.input(description="A new grid (网格).")
class CreateGridInput:
    community_id: strawberry.ID = strawberry.field(description="The community's id it belongs to (所属社区).")
    name: str = strawberry.field(description="The grid's name (网格名称), 1–64 characters.")
    kind: str = strawberry.field(default="community", description="community (社区网格, 300–500 households) "
                                                                  "or specialized (专属网格: a school, firm, "
                                                                  "market or religious site).")
    compound_id: strawberry.ID | None = strawberry.field(
        default=None, description="The compound's id the grid is appointed to (所属小区), if any; it must be "
                                  "in the same community.")


StreetResult = Annotated[Street | OperationError, strawberry.union("CreateStreetResult")]
CommunityResult = Annotated[Community | OperationError, strawberry.union("CreateCommunityResult")]
CompoundResult = Annotated[Compound | OperationError, strawberry.union("CreateCompoundResult")]
BuildingResult = Annotated[Building | OperationError, strawberry.union("CreateBuildingResult")]
GridResult = Annotated[Grid | OperationError, strawberry.union("CreateGridResult")]
SetGridBoundaryResult = Annotated[Grid | OperationError, strawberry.union("SetGridBoundaryResult")]


async def _create(info: strawberry.Info, method: str, data, build):
    return await mutate(info, "grid", method, payload(data), build=build)


@strawberry.type
class TerritoryMutation:
    @strawberry.mutation(description="Create a street (新建街道). County admins only.")
    async def create_street(self, info: strawberry.Info, input: CreateStreetInput) -> StreetResult:
        return await _create(info, "create_street", input, Street.from_rpc)

    @strawberry.mutation(description="Create a community in a street (新建社区).")
    async def create_community(self, info: strawberry.Info, input: CreateCommunityInput) -> CommunityResult:
        return await _create(info, "create_community", input, Community.from_rpc)

    @strawberry.mutation(description="Create a compound in a community (新建小区).")
    async def create_compound(self, info: strawberry.Info, input: CreateCompoundInput) -> CompoundResult:
        return await _create(info, "create_compound", input, Compound.from_rpc)

    @strawberry.mutation(description="Create a building in a compound (新建楼栋).")
    async def create_building(self, info: strawberry.Info, input: CreateBuildingInput) -> BuildingResult:
        return await _create(info, "create_building", input, Building.from_rpc)

    @strawberry.mutation(description="Set a grid's boundary, a closed GeoJSON Polygon (设置网格边界).")
    async def set_grid_boundary(self, info: strawberry.Info, grid_id: strawberry.ID,
                                boundary: JSON) -> SetGridBoundaryResult:
        try:
            return Grid.from_rpc(await info.context.call("grid", "set_grid_boundary", str(grid_id), boundary))
        except CivicError as exc:
            return as_data(exc, info.context.language)

    @strawberry.mutation(description="Create a grid in a community (新建网格).")
    async def create_grid(self, info: strawberry.Info, input: CreateGridInput) -> GridResult:
        return await _create(info, "create_grid", input, Grid.from_rpc)
