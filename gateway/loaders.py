"""Batch functions behind the per-request DataLoaders: one RPC per link, whatever the list size."""
from __future__ import annotations

from typing import Any


async def grids_by_id(ctx, keys: list[str]) -> list[Any]:
    from gateway.territory.types import Grid

    rows = {row["id"]: Grid.from_rpc(row) for row in await ctx.call("grid", "grids_by_ids", list(keys))}
    return [rows.get(key) for key in keys]


async def cases_by_grid(ctx, keys: list[str]) -> list[list[Any]]:
    from gateway.cases.types import Case

    grouped: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await ctx.call("dispatch", "cases_by_grid", list(keys)):
        grouped[row["grid_id"]].append(Case.from_rpc(row))
    return [grouped[key] for key in keys]
