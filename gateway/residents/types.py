"""Residents and households. ID numbers and phones arrive masked unless asked for (and audited)."""
from __future__ import annotations

import strawberry

from shared.contracts.grid import HouseholdOut, ResidentOut


@strawberry.type(description="A household (户) in a building; unit and floor are fields.")
class Household:
    id: strawberry.ID
    building_id: strawberry.ID
    grid_id: strawberry.ID
    unit: str
    floor: int
    room: str
    kind: str = strawberry.field(description="owned (自住), rented (出租房) or shop (商铺)")

    @classmethod
    def from_rpc(cls, data: HouseholdOut) -> "Household":
        return cls(id=strawberry.ID(data["id"]), building_id=strawberry.ID(data["building_id"]),
                   grid_id=strawberry.ID(data["grid_id"]), unit=data["unit"], floor=data["floor"],
                   room=data["room"], kind=data["kind"])


@strawberry.type(description="A resident (居民) of a household.")
class Resident:
    id: strawberry.ID
    household_id: strawberry.ID
    grid_id: strawberry.ID
    community_id: strawberry.ID
    name: str
    id_number: str = strawberry.field(description="ID-card number (身份证号), masked unless `unmasked`.")
    phone: str | None = strawberry.field(description="Phone (手机号), masked unless `unmasked`.")
    masked: bool
    gender: str
    birth_date: str
    residency: str = strawberry.field(description="permanent (户籍人口) or floating (流动人口)")
    special_groups: list[str] = strawberry.field(
        description="Special groups (特殊人群): elderly_alone, disabled, child_care, left_behind_child, "
                    "low_income, veteran, serious_illness")
    needs_review: bool = strawberry.field(description="Unknown place code in the ID number: to check (待核实).")
    updated_at: str
    stale_after: str = strawberry.field(description="When the record must be checked again (每季度更新).")
    stale: bool

    @classmethod
    def from_rpc(cls, d: ResidentOut) -> "Resident":
        return cls(id=strawberry.ID(d["id"]), household_id=strawberry.ID(d["household_id"]),
                   grid_id=strawberry.ID(d["grid_id"]), community_id=strawberry.ID(d["community_id"]),
                   name=d["name"], id_number=d["id_number"], phone=d["phone"], masked=d["masked"],
                   gender=d["gender"], birth_date=d["birth_date"], residency=d["residency"],
                   special_groups=d["special_groups"], needs_review=d["needs_review"],
                   updated_at=d["updated_at"], stale_after=d["stale_after"], stale=d["stale"])
