"""Compounds (小区) with their place, size and the grids laid over them; the same RPCs serve the
property service (``compounds_by_ids``, ``grids_by_compound``)."""
from __future__ import annotations

from typing import Any

import strawberry

from gateway.territory.types import Grid
from shared.contracts.grid import CompoundOut
from shared.contracts.validation import parse_id


async def compounds_by_id(ctx, keys: list[str]) -> list[Any]:
    rows = {row["id"]: CompoundOverview.from_rpc(row) for row in await ctx.call("grid", "compounds_by_ids", list(keys))}
    return [rows.get(key) for key in keys]


async def grids_by_compound(ctx, keys: list[str]) -> list[list[Grid]]:
    rows = await ctx.call("grid", "grids_by_compound", list(keys))
    return [[Grid.from_rpc(g) for g in row["grids"]] for row in rows]


@strawberry.type(description="A compound (小区) with its street and community, size and grids (小区概况).")
class CompoundOverview:
    id: strawberry.ID = strawberry.field(description="The compound's id.")
    name: str = strawberry.field(description="The compound's name (小区名称).")
    street_id: strawberry.ID = strawberry.field(description="The street's id it lies in (所属街道).")
    street_name: str = strawberry.field(description="The street's name (街道名称).")
    community_id: strawberry.ID = strawberry.field(description="The community's id it belongs to (所属社区).")
    community_name: str = strawberry.field(description="The community's name (社区名称).")
    buildings: int = strawberry.field(description="Buildings registered in the compound (楼栋数).")
    households: int = strawberry.field(description="Households registered in its buildings (户数).")

    @strawberry.field(description="Live grids in your scope covering the compound: appointed to it or holding "
                                  "households in its buildings, by name (覆盖网格).")
    async def grids(self, info: strawberry.Info) -> list[Grid]:
        return await info.context.loader("grids_by_compound", grids_by_compound).load(str(self.id))

    @classmethod
    def from_rpc(cls, d: CompoundOut) -> "CompoundOverview":
        return cls(id=strawberry.ID(d["id"]), name=d["name"], street_id=strawberry.ID(d["street_id"]),
                   street_name=d["street_name"], community_id=strawberry.ID(d["community_id"]),
                   community_name=d["community_name"], buildings=d["buildings"], households=d["households"])


@strawberry.type
class CompoundQuery:
    @strawberry.field(description="A compound in your scope, or null (小区).")
    async def compound(self, info: strawberry.Info, id: strawberry.ID) -> CompoundOverview | None:
        parse_id(id, "id")
        return await info.context.loader("compounds_by_id", compounds_by_id).load(str(id))
