"""Residents sheet import (居民台账导入) at county scale: one batch of rows at a time.

Each row is checked alone (contract, GB 11643 number, phone) and then against the batch's places,
all looked up in a few set-wise queries; the rows that pass are written together with multi-row
INSERTs and one executemany UPDATE, in the caller's transaction. A known ID number (blind index)
updates its resident, so importing the same sheet twice changes nothing; a household named by
building + unit + room is registered on first sight, in the row's grid.
"""
from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import sqlalchemy as sa
from pydantic import ValidationError
from sqlalchemy.orm import Session

from services.grid.idcard import IdCard, parse_id_number
from services.grid.models import Building, Grid, Household, Resident
from shared import personal_data as pd
from shared.contracts.grid import (
    RESIDENT_SHEET_HEADERS, RESIDENT_SHEET_READ_ONLY, ImportResult, ResidentImportRow, SheetRowError,
)
from shared.contracts.validation import ZH
from shared.errors import ValidationFailed
from shared.principal import Principal

MAX_BATCH = 5000
HOUSEHOLDS = Household.__table__
RESIDENTS = Resident.__table__
GRIDS = Grid.__table__
HOUSEHOLD_COLUMNS = (Household.id, Household.building_id, Household.unit, Household.room, Household.grid_id,
                     Household.street_id, Household.community_id)
RESIDENT_COLUMNS = (Resident.id, Resident.id_number_index, Resident.street_id, Resident.community_id,
                    Resident.grid_id, Resident.phone_index, Resident.phone_enc)


@dataclass
class Plan:
    """What a batch will write once every row has been checked."""

    errors: list[SheetRowError] = field(default_factory=list)
    households: dict[tuple, dict] = field(default_factory=dict)  # new households by (building, unit, room)
    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    moved: list[dict] = field(default_factory=list)  # resident.moved_grid payloads

    def refuse(self, row: int, name: str, code: str, message: str, message_zh: str) -> None:
        header = RESIDENT_SHEET_HEADERS.get(name, name)
        self.errors.append({"row": row, "field": name, "code": code, "message": f"{header}: {message}",
                            "message_zh": f"{header}：{message_zh}"})

    def result(self) -> ImportResult:
        return {"accepted": len(self.inserts) + len(self.updates), "created": len(self.inserts),
                "updated": len(self.updates), "errors": sorted(self.errors, key=lambda e: e["row"])}


def _in_scope(principal: Principal | None, *, street, community, grid) -> bool:
    if principal is None or principal.scope.level == "county":
        return True
    value = {"street": street, "community": community, "grid": grid}[principal.scope.level]
    return value is not None and str(value) == str(principal.scope.id)


def _checked(plan: Plan, raw: dict, today: date) -> tuple[ResidentImportRow, IdCard] | None:
    number = raw.get("row") if isinstance(raw.get("row"), int) else 0
    data = {k: v for k, v in raw.items() if k not in RESIDENT_SHEET_READ_ONLY}
    try:
        row = ResidentImportRow.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            name = str(err["loc"][0]) if err["loc"] else "row"
            plan.refuse(number, name, "VALIDATION_FAILED", err["msg"], ZH.get(err["type"], "输入无效"))
        return None
    try:
        card = parse_id_number(row.id_number, today)
    except ValidationFailed as exc:
        message, message_zh = exc.message.split(": ", 1)[-1], exc.message_zh.split("：", 1)[-1]
        plan.refuse(row.row, "id_number", "VALIDATION_FAILED", message, message_zh)
        return None
    return row, card


def plan_batch(session: Session, principal: Principal | None, raw_rows: list[dict], *,
               today: date) -> Plan:
    """Check every row of the batch and work out what to write; writes nothing."""
    plan = Plan()
    tenant = session.info["tenant"]
    checked: list[tuple[ResidentImportRow, IdCard]] = []
    first_row: dict[str, int] = {}
    for raw in raw_rows:
        got = _checked(plan, raw if isinstance(raw, dict) else {}, today)
        if got is None:
            continue
        row, card = got
        if card.number in first_row:
            plan.refuse(row.row, "id_number", "DUPLICATE_IN_BATCH", f"the same ID number as row {first_row[card.number]}",
                        f"与第 {first_row[card.number]} 行的身份证号重复")
            continue
        first_row[card.number] = row.row
        checked.append((row, card))
    if not checked:
        return plan
    building_ids = {row.building_id for row, _ in checked}
    buildings = {b.id: b for b in session.scalars(sa.select(Building).where(Building.id.in_(building_ids)))}
    grid_ids = {row.grid_id for row, _ in checked if row.grid_id}
    grids = {g.id: g for g in session.scalars(sa.select(Grid).where(Grid.id.in_(grid_ids)))} if grid_ids else {}
    # only the batch's own households and residents, as plain rows: loading every household of the
    # batch's buildings as ORM objects made each batch slower as the registry grew
    keys = {(row.building_id, row.unit, row.room) for row, _ in checked}
    existing = {(h.building_id, h.unit, h.room): h for h in session.execute(
        sa.select(*HOUSEHOLD_COLUMNS).where(sa.tuple_(Household.building_id, Household.unit, Household.room)
                                            .in_(list(keys))))}
    indexes = {card.number: pd.blind_index(tenant, card.number) for _, card in checked}
    known = {r.id_number_index: r for r in session.execute(
        sa.select(*RESIDENT_COLUMNS).where(Resident.id_number_index.in_(list(indexes.values()))))}
    now = datetime.now(timezone.utc)
    for row, card in checked:
        household = _household(plan, principal, row, buildings, grids, existing)
        if household is None:
            continue
        index = indexes[card.number]
        phone_index = pd.blind_index(tenant, row.phone) if row.phone else None
        resident = known.get(index)
        values = {"name": row.name, "residency": row.residency, "special_groups": sorted(set(row.special_groups)),
                  "household_id": household["id"], "grid_id": household["grid_id"],
                  "street_id": household["street_id"], "community_id": household["community_id"],
                  "needs_review": card.needs_review, "updated_at": now, "phone_index": phone_index}
        if resident is None:
            plan.inserts.append({**values, "tenant_id": tenant, "id": uuid.uuid4(),
                                 "id_number_enc": pd.encrypt(tenant, card.number), "id_number_index": index,
                                 "phone_enc": pd.encrypt(tenant, row.phone) if row.phone else None,
                                 "gender": card.gender, "birth_date": card.birth_date, "created_at": now})
            continue
        if not _in_scope(principal, street=resident.street_id, community=resident.community_id,
                         grid=resident.grid_id):
            plan.refuse(row.row, "id_number", "CONFLICT", "already registered outside your scope",
                        "该身份证号已在您管辖范围外登记")
            continue
        same_phone = phone_index == resident.phone_index
        values["phone_enc"] = resident.phone_enc if same_phone else (
            pd.encrypt(tenant, row.phone) if row.phone else None)
        plan.updates.append({**{f"v_{k}": v for k, v in values.items()}, "b_tenant": tenant, "b_id": resident.id})
        if resident.grid_id != household["grid_id"]:
            plan.moved.append({"resident_id": str(resident.id), "from_grid_id": str(resident.grid_id),
                               "to_grid_id": str(household["grid_id"])})
    return plan


def _household(plan: Plan, principal: Principal | None, row: ResidentImportRow, buildings: dict,
               grids: dict, existing: dict) -> dict | None:
    """The household of a row (known, or planned for this batch), or None with the row refused."""
    building = buildings.get(row.building_id)
    narrow = principal is not None and principal.scope.level in ("street", "community")
    if building is None or (narrow and not _in_scope(principal, street=building.street_id,
                                                     community=building.community_id, grid=None)):
        plan.refuse(row.row, "building_id", "NOT_FOUND", "no such building in your scope",
                    "您管辖范围内没有该楼栋")
        return None
    key = (row.building_id, row.unit, row.room)
    known = existing.get(key)
    if known is not None:
        if not _in_scope(principal, street=known.street_id, community=known.community_id, grid=known.grid_id):
            plan.refuse(row.row, "room", "NOT_FOUND", "this household is outside your scope",
                        "该户不在您的管辖范围内")
            return None
        if row.grid_id is not None and row.grid_id != known.grid_id:
            plan.refuse(row.row, "grid_id", "CONFLICT",
                        "the household is registered in another grid (move households with splitGrid)",
                        "该户已登记在其他网格（调整请用网格拆分）")
            return None
        return {"id": known.id, "grid_id": known.grid_id, "street_id": known.street_id,
                "community_id": known.community_id}
    planned = plan.households.get(key)
    if planned is not None:
        if row.grid_id is not None and row.grid_id != planned["grid_id"]:
            plan.refuse(row.row, "grid_id", "CONFLICT", "another row puts this household in another grid",
                        "其他行将该户登记在另一网格")
            return None
        return planned
    return _new_household(plan, principal, row, building, grids, key)


def _new_household(plan: Plan, principal, row: ResidentImportRow, building: Building, grids: dict,
                   key: tuple) -> dict | None:
    if row.grid_id is None:
        plan.refuse(row.row, "grid_id", "VALIDATION_FAILED", "required for a household not registered yet",
                    "新登记的户必须填写网格编号")
        return None
    grid = grids.get(row.grid_id)
    if grid is None or not _in_scope(principal, street=grid.street_id, community=grid.community_id, grid=grid.id):
        plan.refuse(row.row, "grid_id", "NOT_FOUND", "no such grid in your scope", "您管辖范围内没有该网格")
        return None
    if grid.retired_at is not None:
        plan.refuse(row.row, "grid_id", "CONFLICT", "the grid was merged away", "该网格已撤并")
        return None
    if grid.community_id != building.community_id:
        plan.refuse(row.row, "grid_id", "CONFLICT", "the grid is not in the building's community",
                    "该网格不在楼栋所在社区")
        return None
    household = {"tenant_id": building.tenant_id, "id": uuid.uuid4(), "street_id": building.street_id,
                 "community_id": building.community_id, "building_id": building.id, "grid_id": grid.id,
                 "unit": row.unit, "floor": row.floor, "room": row.room, "kind": row.household_kind or "owned",
                 "created_at": datetime.now(timezone.utc)}
    plan.households[key] = household
    return household


def apply(session: Session, plan: Plan) -> None:
    """Write a checked batch: multi-row INSERTs and executemany UPDATEs, nothing row by row."""
    tenant = session.info["tenant"]
    used = {r["household_id"] for r in plan.inserts} | {r["v_household_id"] for r in plan.updates}
    households = [h for h in plan.households.values() if h["id"] in used]
    if households:
        session.execute(HOUSEHOLDS.insert(), households)
        per_grid = Counter(h["grid_id"] for h in households)
        session.execute(GRIDS.update().where(GRIDS.c.tenant_id == sa.bindparam("b_tenant"),
                                             GRIDS.c.id == sa.bindparam("b_id"))
                        .values(household_count=GRIDS.c.household_count + sa.bindparam("b_n")),
                        [{"b_tenant": tenant, "b_id": g, "b_n": n} for g, n in per_grid.items()])
    if plan.inserts:
        session.execute(RESIDENTS.insert(), plan.inserts)
    if plan.updates:
        columns = [k[2:] for k in plan.updates[0] if k.startswith("v_")]
        session.execute(RESIDENTS.update().where(RESIDENTS.c.tenant_id == sa.bindparam("b_tenant"),
                                                 RESIDENTS.c.id == sa.bindparam("b_id"))
                        .values({c: sa.bindparam(f"v_{c}") for c in columns}), plan.updates)
