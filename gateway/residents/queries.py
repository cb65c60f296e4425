"""Residents queries. `unmasked: true` is for county admins and community staff only, and every
value so shown is audited by the grid service."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.pagination import Connection, check_page
from gateway.residents.types import Household, Resident
from shared.contracts.validation import parse_id

UNMASKED = "Show ID numbers and phones in clear (county_admin, community_staff); audited (审计)."

Unmasked = Annotated[bool, strawberry.argument(description=UNMASKED)]
StaleOnly = Annotated[bool, strawberry.argument(description="Only records not checked for a quarter (逾期未更新).")]
Residency = Annotated[str | None, strawberry.argument(description="permanent (户籍人口) or floating (流动人口).")]
SpecialGroup = Annotated[str | None, strawberry.argument(
    description="Only this special group (特殊人群): elderly_alone, disabled, child_care, left_behind_child, "
                "low_income, veteran, serious_illness.")]
NeedsReview = Annotated[bool | None, strawberry.argument(description="Only (or never) records to check (待核实).")]
Kind = Annotated[str | None, strawberry.argument(description="owned (自住), rented (出租房) or shop (商铺).")]


def _ids(**values: str | None) -> None:
    for field, value in values.items():
        if value is not None:
            parse_id(value, field)


@strawberry.type
class ResidentsQuery:
    @strawberry.field(description="Residents in your scope, ordered by id (居民列表), filtered as county staff "
                                  "sort their ledgers. `first` ≤ 100.")
    async def residents(self, info: strawberry.Info, first: int, after: str | None = None,
                        grid_id: strawberry.ID | None = None,
                        unmasked: Unmasked = False,
                        reason: str | None = None, stale_only: StaleOnly = False,
                        community_id: strawberry.ID | None = None, residency: Residency = None,
                        special_group: SpecialGroup = None, needs_review: NeedsReview = None) -> Connection[Resident]:
        check_page(first, after)
        _ids(gridId=grid_id, communityId=community_id)
        rows = await info.context.call("grid", "list_residents", limit=first + 1, after=after,
                                       grid_id=grid_id, unmasked=unmasked, reason=reason,
                                       stale_only=stale_only, community_id=community_id, residency=residency,
                                       special_group=special_group, needs_review=needs_review)
        return Connection.of(rows, first, Resident.from_rpc)

    @strawberry.field(description="Households in your scope, ordered by id (户列表). `first` ≤ 100.")
    async def households(self, info: strawberry.Info, first: int, after: str | None = None,
                         grid_id: strawberry.ID | None = None, community_id: strawberry.ID | None = None,
                         building_id: strawberry.ID | None = None, kind: Kind = None) -> Connection[Household]:
        check_page(first, after)
        _ids(gridId=grid_id, communityId=community_id, buildingId=building_id)
        rows = await info.context.call("grid", "list_households", limit=first + 1, after=after, grid_id=grid_id,
                                       community_id=community_id, building_id=building_id, kind=kind)
        return Connection.of(rows, first, Household.from_rpc)

    @strawberry.field(description="The resident with this exact ID-card number in your scope, or null "
                                  "(按身份证号查询).")
    async def resident_by_id_number(self, info: strawberry.Info, id_number: str,
                                    unmasked: Unmasked = False,
                                    reason: str | None = None) -> Resident | None:
        row = await info.context.call("grid", "resident_by_id_number", id_number, unmasked=unmasked,
                                      reason=reason)
        return Resident.from_rpc(row) if row else None
