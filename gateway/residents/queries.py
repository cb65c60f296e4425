"""Residents queries. `unmasked: true` is for county admins and community staff only, and every
value so shown is audited by the grid service."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.residents.types import (
    Household, HouseholdConnection, HouseholdEdge, Resident, ResidentConnection, ResidentEdge,
)
from gateway.territory.types import PageInfo
from shared.contracts.validation import parse_id
from shared.errors import ValidationFailed

MAX_PAGE = 100
UNMASKED = "Show ID numbers and phones in clear (county_admin, community_staff); audited (审计)."

Unmasked = Annotated[bool, strawberry.argument(description=UNMASKED)]
StaleOnly = Annotated[bool, strawberry.argument(description="Only records not checked for a quarter (逾期未更新).")]


def _check_page(first: int, after: str | None, grid_id: str | None) -> None:
    if not 1 <= first <= MAX_PAGE:
        raise ValidationFailed([{"field": "first", "message": f"first must be 1..{MAX_PAGE}",
                                 "message_zh": f"first 须在 1 到 {MAX_PAGE} 之间"}])
    for value, field in ((after, "after"), (grid_id, "gridId")):
        if value is not None:
            parse_id(value, field)


@strawberry.type
class ResidentsQuery:
    @strawberry.field(description="Residents in your scope, ordered by id (居民列表). `first` ≤ 100.")
    async def residents(self, info: strawberry.Info, first: int, after: str | None = None,
                        grid_id: strawberry.ID | None = None,
                        unmasked: Unmasked = False,
                        reason: str | None = None, stale_only: StaleOnly = False) -> ResidentConnection:
        _check_page(first, after, grid_id)
        rows = await info.context.call("grid", "list_residents", limit=first + 1, after=after,
                                       grid_id=grid_id, unmasked=unmasked, reason=reason,
                                       stale_only=stale_only)
        page = [Resident.from_rpc(r) for r in rows[:first]]
        return ResidentConnection(edges=[ResidentEdge(cursor=str(r.id), node=r) for r in page],
                                  page_info=PageInfo(has_next_page=len(rows) > first,
                                                     end_cursor=str(page[-1].id) if page else None))

    @strawberry.field(description="Households in your scope, ordered by id (户列表). `first` ≤ 100.")
    async def households(self, info: strawberry.Info, first: int, after: str | None = None,
                         grid_id: strawberry.ID | None = None) -> HouseholdConnection:
        _check_page(first, after, grid_id)
        rows = await info.context.call("grid", "list_households", limit=first + 1, after=after, grid_id=grid_id)
        page = [Household.from_rpc(r) for r in rows[:first]]
        return HouseholdConnection(edges=[HouseholdEdge(cursor=str(h.id), node=h) for h in page],
                                   page_info=PageInfo(has_next_page=len(rows) > first,
                                                      end_cursor=str(page[-1].id) if page else None))

    @strawberry.field(description="The resident with this exact ID-card number in your scope, or null "
                                  "(按身份证号查询).")
    async def resident_by_id_number(self, info: strawberry.Info, id_number: str,
                                    unmasked: Unmasked = False,
                                    reason: str | None = None) -> Resident | None:
        row = await info.context.call("grid", "resident_by_id_number", id_number, unmasked=unmasked,
                                      reason=reason)
        return Resident.from_rpc(row) if row else None
