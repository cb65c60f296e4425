"""Residents mutations: each returns the object or an OperationError (nothing written)."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.errors import OperationError, mutate
from gateway.payloads import payload
from gateway.residents.types import Household, Resident


@strawberry.input(description="A new household (户) in a building, in one grid.")
class RegisterHouseholdInput:
    building_id: strawberry.ID = strawberry.field(description="The building's id (楼栋).")
    grid_id: strawberry.ID = strawberry.field(description="The grid's id the household belongs to (所在网格), "
                                                          "in your scope.")
    unit: str = strawberry.field(description="The unit (单元) of the building, 1–16 characters, e.g. \"1\".")
    floor: int = strawberry.field(description="The floor (楼层), -5 to 200; negative below ground.")
    room: str = strawberry.field(description="The room number (房号), 1–16 characters, e.g. \"301\".")
    kind: str = strawberry.field(default="owned", description="owned (自住, the default), rented (出租房) or "
                                                              "shop (商铺).")


@strawberry.input(description="A new resident (居民登记). `idNumber` is the 18-character ID-card number.")
class RegisterResidentInput:
    household_id: strawberry.ID = strawberry.field(description="The household's id they live in (所在户).")
    name: str = strawberry.field(description="Full name (姓名), 1–32 characters.")
    id_number: str = strawberry.field(description="The 18-character ID-card number (身份证号); gender and "
                                                  "birth date are read from it. Stored encrypted.")
    phone: str | None = strawberry.field(default=None, description="Mobile (1xxxxxxxxxx) or landline "
                                                                   "(0xx-xxxxxxxx) number (联系电话); "
                                                                   "stored encrypted.")
    residency: str = strawberry.field(default="permanent", description="permanent (户籍人口, the default) or "
                                                                       "floating (流动人口).")
    special_groups: list[str] = strawberry.field(
        default_factory=list, description="Special groups (特殊人群), any of: elderly_alone (独居老人), "
                                          "disabled (残疾人), child_care (需照护儿童), left_behind_child "
                                          "(留守儿童), low_income (低保), veteran (退役军人), "
                                          "serious_illness (大病).")


@strawberry.input(description="Changes to a resident (居民信息更新); unset fields stay.")
class UpdateResidentInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="New full name (姓名), 1–32 "
                                                                              "characters.")
    phone: str | None = strawberry.field(default=strawberry.UNSET, description="New phone (联系电话): mobile "
                                                                               "or landline number; null "
                                                                               "removes it.")
    residency: str | None = strawberry.field(default=strawberry.UNSET, description="permanent (户籍人口) or "
                                                                                   "floating (流动人口).")
    special_groups: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="The full new list of special groups (特殊人群), replacing the "
                                              "old: elderly_alone, disabled, child_care, left_behind_child, "
                                              "low_income, veteran, serious_illness.")
    household_id: strawberry.ID | None = strawberry.field(default=strawberry.UNSET, description=(
        "Move them to the household with this id (迁户), in your scope; its grid and community become "
        "theirs."))


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
