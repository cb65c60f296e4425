"""Residents mutations: each returns the object or an OperationError (nothing written)."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.errors import OperationError, mutate
from gateway.payloads import payload
from gateway.residents.types import Household, Resident


@strawberry.input(description="A new household (户) in a building, in one grid.")
class RegisterHouseholdInput:
    building_id: strawberry.ID
    grid_id: strawberry.ID
    unit: str
    floor: int
    room: str
    kind: str = "owned"


@strawberry.input(description="A new resident (居民登记). `idNumber` is the 18-character ID-card number.")
class RegisterResidentInput:
    household_id: strawberry.ID
    name: str
    id_number: str
    phone: str | None = None
    residency: str = "permanent"
    special_groups: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="Changes to a resident (居民信息更新); unset fields stay.")
class UpdateResidentInput:
    name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    residency: str | None = strawberry.UNSET
    special_groups: list[str] | None = strawberry.UNSET
    household_id: strawberry.ID | None = strawberry.UNSET


HouseholdResult = Annotated[Household | OperationError, strawberry.union("RegisterHouseholdResult")]
ResidentResult = Annotated[Resident | OperationError, strawberry.union("ResidentResult")]


async def _call(info: strawberry.Info, build, method: str, *args):
    return await mutate(info, "grid", method, *args, build=build)


@strawberry.type
class ResidentsMutation:
    @strawberry.mutation(description="Register a household in a building and grid (登记户).")
    async def register_household(self, info: strawberry.Info, input: RegisterHouseholdInput) -> HouseholdResult:
        return await _call(info, Household.from_rpc, "register_household", payload(input))

    @strawberry.mutation(description="Register a resident in a household (居民登记).")
    async def register_resident(self, info: strawberry.Info, input: RegisterResidentInput) -> ResidentResult:
        return await _call(info, Resident.from_rpc, "register_resident", payload(input))

    @strawberry.mutation(description="Update a resident; also marks the record checked this quarter (更新).")
    async def update_resident(self, info: strawberry.Info, id: strawberry.ID,
                              input: UpdateResidentInput) -> ResidentResult:
        return await _call(info, Resident.from_rpc, "update_resident", str(id), payload(input))
