"""Residents registry (居民信息台账): households in buildings, persons in households.

ID numbers and phones are stored only as SM4 ciphertext plus a blind index (exact lookup); they
leave the service masked unless the caller's role may see them, and then each value read is
written to ``resident_access_audit`` in the same transaction as the read.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.grid.idcard import parse_id_number
from services.grid.models import Building, Grid, Household, Resident, ResidentAccessAudit
from shared import personal_data as pd
from shared.contracts.grid import HouseholdIn, HouseholdOut, ResidentChanges, ResidentIn, ResidentOut
from shared.errors import Conflict, NotFound
from shared.principal import Principal
from shared.scope import scope_clause

QUARTER = timedelta(days=92)  # "每季度按时更新": a record unchecked for a quarter is stale


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite drops the zone


def _visible_grid(session: Session, principal: Principal | None, grid_id: uuid.UUID) -> Grid:
    clause = scope_clause(principal, street=Grid.street_id, community=Grid.community_id, grid=Grid.id)
    grid = session.scalar(sa.select(Grid).where(Grid.id == grid_id, clause))
    if grid is None:
        raise NotFound("grid", "网格", grid_id, field="gridId")
    return grid


def household_in_scope(session: Session, principal: Principal | None, household_id) -> Household:
    clause = scope_clause(principal, street=Household.street_id, community=Household.community_id,
                          grid=Household.grid_id)
    row = session.scalar(sa.select(Household).where(Household.id == household_id, clause))
    if row is None:
        raise NotFound("household", "户", household_id, field="householdId")
    return row


def visible(principal: Principal | None):
    return scope_clause(principal, street=Resident.street_id, community=Resident.community_id,
                        grid=Resident.grid_id)


def register_household(session: Session, principal: Principal | None, data: HouseholdIn) -> Household:
    building = session.get(Building, (session.info["tenant"], data.building_id))
    if building is None:
        raise NotFound("building", "楼栋", data.building_id, field="buildingId")
    grid = _visible_grid(session, principal, data.grid_id)
    if grid.retired_at is not None:
        raise Conflict("the grid was merged away", "该网格已撤并", field="gridId")
    if grid.community_id != building.community_id:
        raise Conflict("the grid is not in the building's community", "该网格不在楼栋所在社区", field="gridId")
    row = Household(street_id=building.street_id, community_id=building.community_id,
                    building_id=building.id, grid_id=grid.id, unit=data.unit, floor=data.floor,
                    room=data.room, kind=data.kind)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict("this room is already registered in the building", "该楼栋此房号已登记",
                       field="room") from None
    grid.household_count += 1
    return row


def _set_phone(session: Session, row: Resident, phone: str | None) -> None:
    tenant = session.info["tenant"]
    row.phone_enc = pd.encrypt(tenant, phone) if phone else None
    row.phone_index = pd.blind_index(tenant, phone) if phone else None


def register_resident(session: Session, principal: Principal | None, data: ResidentIn,
                      today: date) -> Resident:
    card = parse_id_number(data.id_number, today)
    household = household_in_scope(session, principal, data.household_id)
    tenant = session.info["tenant"]
    row = Resident(street_id=household.street_id, community_id=household.community_id,
                   grid_id=household.grid_id, household_id=household.id, name=data.name,
                   id_number_enc=pd.encrypt(tenant, card.number),
                   id_number_index=pd.blind_index(tenant, card.number), gender=card.gender,
                   birth_date=card.birth_date, residency=data.residency,
                   special_groups=sorted(set(data.special_groups)), needs_review=card.needs_review)
    _set_phone(session, row, data.phone)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict("a resident with this ID number is already registered",
                       "该身份证号码已登记", field="idNumber") from None
    return row


def update_resident(session: Session, principal: Principal | None, resident_id: uuid.UUID,
                    changes: ResidentChanges) -> tuple[Resident, uuid.UUID | None]:
    """Apply ``changes``; returns the row and the grid it left, if it moved grid."""
    row = session.scalar(sa.select(Resident).where(Resident.id == resident_id, visible(principal)))
    if row is None:
        raise NotFound("resident", "居民", resident_id, field="residentId")
    left = None
    if changes.household_id is not None and changes.household_id != row.household_id:
        household = household_in_scope(session, principal, changes.household_id)
        if household.grid_id != row.grid_id:
            left = row.grid_id
        row.household_id, row.grid_id = household.id, household.grid_id
        row.street_id, row.community_id = household.street_id, household.community_id
    for name in ("name", "residency"):
        if getattr(changes, name) is not None:
            setattr(row, name, getattr(changes, name))
    if changes.special_groups is not None:
        row.special_groups = sorted(set(changes.special_groups))
    if "phone" in changes.model_fields_set:
        _set_phone(session, row, changes.phone)
    row.updated_at = datetime.now(timezone.utc)
    return row, left


def list_residents(session: Session, principal: Principal | None, *, limit: int,
                   after: uuid.UUID | None, grid_id: uuid.UUID | None, stale_only: bool = False,
                   community_id: uuid.UUID | None = None, residency: str | None = None,
                   special_group: str | None = None, needs_review: bool | None = None) -> list[Resident]:
    query = sa.select(Resident).where(visible(principal)).order_by(Resident.id).limit(limit)
    if stale_only:
        query = query.where(Resident.updated_at < datetime.now(timezone.utc) - QUARTER)
    for column, value in ((Resident.id, after), (Resident.grid_id, grid_id),
                          (Resident.community_id, community_id), (Resident.residency, residency),
                          (Resident.needs_review, needs_review)):
        if value is not None:
            query = query.where(column > value if column is Resident.id else column == value)
    if special_group is not None:  # the JSON list's text holds each code in quotes
        query = query.where(sa.cast(Resident.special_groups, sa.Text).like(f'%"{special_group}"%'))
    return list(session.scalars(query))


def list_households(session: Session, principal: Principal | None, *, limit: int,
                    after: uuid.UUID | None, grid_id: uuid.UUID | None,
                    community_id: uuid.UUID | None = None, building_id: uuid.UUID | None = None,
                    kind: str | None = None) -> list[Household]:
    clause = scope_clause(principal, street=Household.street_id, community=Household.community_id,
                          grid=Household.grid_id)
    query = sa.select(Household).where(clause).order_by(Household.id).limit(limit)
    for column, value in ((Household.id, after), (Household.grid_id, grid_id),
                          (Household.community_id, community_id), (Household.building_id, building_id),
                          (Household.kind, kind)):
        if value is not None:
            query = query.where(column > value if column is Household.id else column == value)
    return list(session.scalars(query))


def by_id_number(session: Session, principal: Principal | None, id_number: str) -> Resident | None:
    index = pd.blind_index(session.info["tenant"], id_number)
    return session.scalar(sa.select(Resident).where(Resident.id_number_index == index, visible(principal)))


def audit_unmasked(session: Session, principal: Principal, rows: list[Resident], reason: str) -> None:
    """One audit row per value shown in clear; flushed with the read's transaction."""
    entries = []
    for row in rows:
        fields = ["idNumber"] + (["phone"] if row.phone_enc else [])
        entries += [pd.audit_record(tenant=session.info["tenant"], subject=principal.subject,
                                    field=field, record_id=row.id, reason=reason) for field in fields]
    if entries:
        session.execute(sa.insert(ResidentAccessAudit),
                        [{**e, "id": uuid.uuid4(), "at": datetime.now(timezone.utc)} for e in entries])


def household_out(row: Household) -> HouseholdOut:
    return {"id": str(row.id), "building_id": str(row.building_id), "grid_id": str(row.grid_id),
            "unit": row.unit, "floor": row.floor, "room": row.room, "kind": row.kind}


def resident_out(row: Resident, tenant: str, *, unmasked: bool, now: datetime) -> ResidentOut:
    id_number = pd.decrypt(tenant, row.id_number_enc)
    phone = pd.decrypt(tenant, row.phone_enc) if row.phone_enc else None
    if not unmasked:
        id_number, phone = pd.mask_id_number(id_number), phone and pd.mask_phone(phone)
    stale_after = _aware(row.updated_at) + QUARTER
    return {"id": str(row.id), "household_id": str(row.household_id), "grid_id": str(row.grid_id),
            "community_id": str(row.community_id), "name": row.name, "id_number": id_number,
            "phone": phone, "masked": not unmasked, "gender": row.gender,
            "birth_date": row.birth_date.isoformat(), "residency": row.residency,
            "special_groups": list(row.special_groups or []), "needs_review": row.needs_review,
            "updated_at": _aware(row.updated_at).isoformat(), "stale_after": stale_after.isoformat(),
            "stale": now > stale_after}
