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


async def case_timelines(ctx, keys: list[str]) -> list[list[Any]]:
    from gateway.cases.types import TimelineEntry

    grouped: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await ctx.call("dispatch", "timelines", list(keys)):
        grouped[row["case_id"]].append(TimelineEntry.from_rpc(row))
    return [grouped[key] for key in keys]


async def orgs_by_id(ctx, keys: list[str]) -> list[Any]:
    from gateway.organization.types import PartyOrg

    rows = {row["id"]: PartyOrg.from_rpc(row) for row in await ctx.call("organization", "orgs_by_ids", list(keys))}
    return [rows.get(key) for key in keys]


async def officers_by_org(ctx, keys: list[str]) -> list[list[Any]]:
    from gateway.organization.types import Officer

    grouped: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await ctx.call("organization", "officers_by_org", list(keys)):
        grouped[row["org_id"]].append(Officer.from_rpc(row))
    return [grouped[key] for key in keys]


async def volunteers_by_id(ctx, keys: list[str]) -> list[Any]:
    from gateway.volunteer.types import Volunteer

    rows = {row["id"]: Volunteer.from_rpc(row) for row in await ctx.call("volunteer", "volunteers_by_ids", list(keys))}
    return [rows.get(key) for key in keys]


async def property_companies_by_id(ctx, keys: list[str]) -> list[Any]:
    from gateway.property.types import PropertyCompany

    rows = {row["id"]: PropertyCompany.from_rpc(row)
            for row in await ctx.call("property", "companies_by_ids", list(keys))}
    return [rows.get(key) for key in keys]


async def credit_files_by_company(ctx, keys: list[str]) -> list[list[Any]]:
    from gateway.property.types import CreditEntry

    grouped: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await ctx.call("property", "credit_file", list(keys)):
        grouped[row["company_id"]].append(CreditEntry.from_rpc(row))
    return [grouped[key] for key in keys]


async def whistle_parts_by_case(ctx, keys: list[str]) -> list[list[Any]]:
    from gateway.cases.whistle import WhistlePart

    grouped: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await ctx.call("dispatch", "whistle_parts", list(keys)):
        grouped[row["case_id"]].append(WhistlePart.from_rpc(row))
    return [grouped[key] for key in keys]


async def _volunteer_grouped(ctx, keys: list[str], method: str, key: str, build) -> list[list[Any]]:
    grouped: dict[str, list[Any]] = {k: [] for k in keys}
    for row in await ctx.call("volunteer", method, list(keys)):
        grouped[row[key]].append(build(row))
    return [grouped[k] for k in keys]


async def ledger_by_volunteer(ctx, keys: list[str]) -> list[list[Any]]:
    from gateway.volunteer.types import PointsEntry

    return await _volunteer_grouped(ctx, keys, "ledger", "volunteer_id", PointsEntry.from_rpc)


async def redemptions_by_volunteer(ctx, keys: list[str]) -> list[list[Any]]:
    from gateway.volunteer.points_types import Redemption

    return await _volunteer_grouped(ctx, keys, "redemptions", "volunteer_id", Redemption.from_rpc)


async def signups_by_activity(ctx, keys: list[str]) -> list[list[Any]]:
    from gateway.volunteer.types import ActivitySignup

    return await _volunteer_grouped(ctx, keys, "signups", "activity_id", ActivitySignup.from_rpc)


async def history_by_grid(ctx, keys: list[str]) -> list[list[Any]]:
    from gateway.territory.adjust import GridHistoryEntry

    grouped: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await ctx.call("grid", "grid_history", list(keys)):
        grouped[row["grid_id"]].append(GridHistoryEntry.from_rpc(row))
    return [grouped[key] for key in keys]


async def grids_with_boundaries(ctx, keys: list[str]) -> list[list[dict]]:
    """Every grid in the caller's scope (raw rows, paged 100 at a time), for venues' walking circles."""
    rows: list[dict] = []
    after = None
    for _ in range(50):  # 5,000 grids at most; a county has a few hundred
        page = await ctx.call("grid", "list_grids", limit=100, after=after)
        rows.extend(page)
        if len(page) < 100:
            break
        after = page[-1]["id"]
    return [rows for _ in keys]
