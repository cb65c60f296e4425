"""Residents and households. ID numbers and phones arrive masked unless asked for (and audited)."""
from __future__ import annotations

import strawberry

from shared.contracts.grid import HouseholdOut, ResidentOut


@strawberry.type(description="A household (户) in a building; unit and floor are fields.")
class Household:
    id: strawberry.ID = strawberry.field(description="The household's id (户编号).")
    building_id: strawberry.ID = strawberry.field(description="The building's id it is in (楼栋).")
    grid_id: strawberry.ID = strawberry.field(description="The grid's id it belongs to (所在网格).")
    unit: str = strawberry.field(description="The unit (单元) of the building, e.g. \"1\", up to 16 characters.")
    floor: int = strawberry.field(description="The floor (楼层), -5 to 200; negative below ground.")
    room: str = strawberry.field(description="The room number (门牌号/房号), e.g. \"301\".")
    kind: str = strawberry.field(description="owned (自住), rented (出租房) or shop (商铺)")

    @classmethod
    def from_rpc(cls, data: HouseholdOut) -> "Household":
        return cls(id=strawberry.ID(data["id"]), building_id=strawberry.ID(data["building_id"]),
                   grid_id=strawberry.ID(data["grid_id"]), unit=data["unit"], floor=data["floor"],
                   room=data["room"], kind=data["kind"])


@strawberry.type(description="A resident (居民) of a household.")
class Resident:
    id: strawberry.ID = strawberry.field(description="The resident's id (居民编号).")
    household_id: strawberry.ID = strawberry.field(description="The household's id they live in (所在户).")
    grid_id: strawberry.ID = strawberry.field(description="The grid's id of their household (所在网格).")
    community_id: strawberry.ID = strawberry.field(description="The community's id of their grid (所在社区).")
    name: str = strawberry.field(description="Full name (姓名), shown in clear.")
    id_number: str = strawberry.field(description="ID-card number (身份证号), masked unless `unmasked`.")
    phone: str | None = strawberry.field(description="Phone (手机号), masked unless `unmasked`.")
    masked: bool = strawberry.field(description="true: idNumber and phone are masked (脱敏); false: shown "
                                                "in clear to a caller who asked for `unmasked` (and was "
                                                "audited, 审计).")
    gender: str = strawberry.field(description="male (男) or female (女), read from the ID-card number.")
    birth_date: str = strawberry.field(description="Date of birth (出生日期), ISO 8601 date YYYY-MM-DD, read "
                                                   "from the ID-card number.")
    residency: str = strawberry.field(description="permanent (户籍人口) or floating (流动人口)")
    special_groups: list[str] = strawberry.field(
        description="Special groups (特殊人群): elderly_alone, disabled, child_care, left_behind_child, "
                    "low_income, veteran, serious_illness")
    needs_review: bool = strawberry.field(description="Unknown place code in the ID number: to check (待核实).")
    updated_at: str = strawberry.field(description="When the record was last registered, updated or "
                                                   "checked (更新时间): ISO 8601 date-time with UTC offset.")
    stale_after: str = strawberry.field(description="When the record must be checked again (每季度更新).")
    stale: bool = strawberry.field(description="true: past staleAfter, not checked for a quarter "
                                               "(逾期未更新).")

    @classmethod
    def from_rpc(cls, d: ResidentOut) -> "Resident":
        return cls(id=strawberry.ID(d["id"]), household_id=strawberry.ID(d["household_id"]),
                   grid_id=strawberry.ID(d["grid_id"]), community_id=strawberry.ID(d["community_id"]),
                   name=d["name"], id_number=d["id_number"], phone=d["phone"], masked=d["masked"],
                   gender=d["gender"], birth_date=d["birth_date"], residency=d["residency"],
                   special_groups=d["special_groups"], needs_review=d["needs_review"],
                   updated_at=d["updated_at"], stale_after=d["stale_after"], stale=d["stale"])
