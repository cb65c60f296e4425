"""Sheet exports (台账导出): residents, households and grids, one keyset page at a time, in the
caller's scope. Resident ID numbers and phones leave masked unless the export is unmasked (and
then every value is audited like any unmasked read). Every page given out, masked or not, is one
entry of the hash-chained ``resident_access_audit`` (field ``sheet:<sheet>``, the export's id,
its reason, rows and filters); ``data_exports`` sums each export up (one row per export id)."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.grid.boundary import size_flag
from services.grid.models import (
    Building, Community, Compound, DataExport, Grid, Household, Post, Resident, ResidentAccessAudit, Street,
)
from services.grid.residents import QUARTER, audit_unmasked
from services.grid.residents import visible as resident_scope
from services.grid.roster import visible as post_scope
from shared import personal_data as pd
from shared.contracts.grid import (
    HOUSEHOLD_KIND_LABELS, POST_LEVEL_LABELS, RESIDENCY_LABELS, SPECIAL_GROUP_LABELS, SPECIAL_GROUPS, ExportPage,
)
from shared.contracts.validation import parse_id
from shared.errors import ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause

GENDER_LABELS = {"male": "男", "female": "女"}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _id_filter(filters: dict, key: str):
    value = filters.get(key)
    return parse_id(value, key) if value else None


def _page(rows: list, limit: int, out) -> ExportPage:
    page = rows[:limit]
    return {"rows": [out(r) for r in page], "next": str(page[-1][0].id) if len(rows) > limit else None}


def record_export(session: Session, principal: Principal, sheet: str, export: dict, filters: dict,
                  rows: int) -> None:
    """One chained audit entry per page given out, and one ``data_exports`` row per export id
    (the first page creates it) counting the rows given out."""
    try:
        export_id = uuid.UUID(str(export.get("id")))
    except ValueError:
        raise ValidationFailed([{"field": "export.id", "message": "export.id: not a valid id",
                                 "message_zh": "export.id：不是有效的编号"}]) from None
    now = datetime.now(timezone.utc)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    session.execute(insert(DataExport.__table__).values(
        tenant_id=session.info["tenant"], id=export_id, subject=principal.subject, sheet=sheet,
        filters=filters, unmasked=bool(export.get("unmasked")), reason=(export.get("reason") or "")[:200],
        rows=0, started_at=now, updated_at=now).on_conflict_do_nothing())
    session.execute(sa.update(DataExport).where(DataExport.id == export_id)
                    .values(rows=DataExport.rows + rows, updated_at=now)
                    .execution_options(synchronize_session=False))
    why = str(export.get("reason") or "sheet").strip() or "sheet"
    shown = json.dumps(filters, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    session.add(ResidentAccessAudit(subject=principal.subject, field=f"sheet:{sheet}",
                                    record_id=export_id,
                                    reason=f"export {export_id}: {why}; {rows} rows; filters {shown}"[:200]))


def residents_page(session: Session, principal: Principal | None, *, after: str | None, limit: int,
                   filters: dict, unmasked: bool, reason: str) -> ExportPage:
    query = (sa.select(Resident, Household, Grid.name, Community.name)
             .join(Household, sa.and_(Household.tenant_id == Resident.tenant_id, Household.id == Resident.household_id))
             .join(Grid, sa.and_(Grid.tenant_id == Resident.tenant_id, Grid.id == Resident.grid_id))
             .join(Community, sa.and_(Community.tenant_id == Resident.tenant_id,
                                      Community.id == Resident.community_id))
             .where(resident_scope(principal)).order_by(Resident.id).limit(limit + 1))
    if after:
        query = query.where(Resident.id > parse_id(after, "after"))
    for key, column in (("gridId", Resident.grid_id), ("communityId", Resident.community_id),
                        ("streetId", Resident.street_id)):
        value = _id_filter(filters, key)
        if value is not None:
            query = query.where(column == value)
    if filters.get("staleOnly"):
        query = query.where(Resident.updated_at < datetime.now(timezone.utc) - QUARTER)
    if filters.get("needsReview"):
        query = query.where(Resident.needs_review.is_(True))
    if filters.get("residency"):
        query = query.where(Resident.residency == filters["residency"])
    if filters.get("specialGroup"):  # the JSON list's text holds each code in quotes
        query = query.where(sa.cast(Resident.special_groups, sa.Text).like(f'%"{filters["specialGroup"]}"%'))
    rows = session.execute(query).all()
    if unmasked:
        audit_unmasked(session, principal, [r[0] for r in rows[:limit]], reason)
    tenant, now = session.info["tenant"], datetime.now(timezone.utc)

    def out(row) -> dict:
        resident, household, grid_name, community_name = row
        id_number = pd.decrypt(tenant, resident.id_number_enc)
        phone = pd.decrypt(tenant, resident.phone_enc) if resident.phone_enc else None
        if not unmasked:
            id_number, phone = pd.mask_id_number(id_number), phone and pd.mask_phone(phone)
        updated = _aware(resident.updated_at)
        return {"resident_id": str(resident.id), "name": resident.name, "id_number": id_number, "phone": phone,
                "gender": GENDER_LABELS.get(resident.gender, resident.gender),
                "birth_date": resident.birth_date.isoformat(),
                "residency": RESIDENCY_LABELS.get(resident.residency, resident.residency),
                "special_groups": "、".join(SPECIAL_GROUP_LABELS[g] for g in SPECIAL_GROUPS
                                           if g in (resident.special_groups or ())) or None,
                "needs_review": resident.needs_review, "stale": now > updated + QUARTER,
                "updated_at": updated.isoformat(timespec="seconds"), "household_id": str(household.id),
                "building_id": str(household.building_id), "unit": household.unit, "floor": household.floor,
                "room": household.room, "household_kind": HOUSEHOLD_KIND_LABELS.get(household.kind, household.kind),
                "grid_id": str(resident.grid_id), "grid_name": grid_name, "community_name": community_name}
    return _page(rows, limit, out)


def households_page(session: Session, principal: Principal | None, *, after: str | None, limit: int,
                    filters: dict) -> ExportPage:
    query = (sa.select(Household, Building.name, Compound.name, Community.name, Grid.name)
             .join(Building, sa.and_(Building.tenant_id == Household.tenant_id, Building.id == Household.building_id))
             .join(Compound, sa.and_(Compound.tenant_id == Household.tenant_id, Compound.id == Building.compound_id))
             .join(Community, sa.and_(Community.tenant_id == Household.tenant_id,
                                      Community.id == Household.community_id))
             .join(Grid, sa.and_(Grid.tenant_id == Household.tenant_id, Grid.id == Household.grid_id))
             .where(scope_clause(principal, street=Household.street_id, community=Household.community_id,
                                 grid=Household.grid_id))
             .order_by(Household.id).limit(limit + 1))
    if after:
        query = query.where(Household.id > parse_id(after, "after"))
    for key, column in (("gridId", Household.grid_id), ("communityId", Household.community_id),
                        ("buildingId", Household.building_id)):
        value = _id_filter(filters, key)
        if value is not None:
            query = query.where(column == value)
    if filters.get("kind"):
        query = query.where(Household.kind == filters["kind"])
    rows = session.execute(query).all()
    ids = [r[0].id for r in rows[:limit]]
    people = dict(session.execute(sa.select(Resident.household_id, sa.func.count()).where(
        Resident.household_id.in_(ids)).group_by(Resident.household_id)).all()) if ids else {}

    def out(row) -> dict:
        household, building, compound, community, grid = row
        return {"household_id": str(household.id), "community_name": community, "compound_name": compound,
                "building_name": building, "building_id": str(household.building_id), "unit": household.unit,
                "floor": household.floor, "room": household.room,
                "household_kind": HOUSEHOLD_KIND_LABELS.get(household.kind, household.kind),
                "grid_id": str(household.grid_id), "grid_name": grid, "residents": people.get(household.id, 0)}
    return _page(rows, limit, out)


def grids_page(session: Session, principal: Principal | None, *, after: str | None, limit: int,
               filters: dict) -> ExportPage:
    query = (sa.select(Grid, Street.name, Community.name)
             .join(Street, sa.and_(Street.tenant_id == Grid.tenant_id, Street.id == Grid.street_id))
             .join(Community, sa.and_(Community.tenant_id == Grid.tenant_id, Community.id == Grid.community_id))
             .where(Grid.retired_at.is_(None),
                    scope_clause(principal, street=Grid.street_id, community=Grid.community_id, grid=Grid.id))
             .order_by(Grid.id).limit(limit + 1))
    if after:
        query = query.where(Grid.id > parse_id(after, "after"))
    for key, column in (("streetId", Grid.street_id), ("communityId", Grid.community_id)):
        value = _id_filter(filters, key)
        if value is not None:
            query = query.where(column == value)
    if filters.get("kind"):
        query = query.where(Grid.kind == filters["kind"])
    rows = session.execute(query).all()

    def out(row) -> dict:
        grid, street, community = row
        flag = size_flag(grid.household_count)
        return {"grid_id": str(grid.id), "name": grid.name,
                "kind": {"community": "社区网格", "specialized": "专属网格"}.get(grid.kind, grid.kind),
                "street_name": street, "community_name": community,
                "compound_id": str(grid.compound_id) if grid.compound_id else None,
                "household_count": grid.household_count,
                "size_flag": {"over": "超过500户", "under": "不足300户"}.get(flag) if flag else None,
                "open_case_count": grid.open_case_count}
    return _page(rows, limit, out)



def posts_page(session: Session, principal: Principal | None, *, after: str | None, limit: int,
               filters: dict) -> ExportPage:
    """The seven-level roster (七级组织体系名册): one row per post, with the ids the roster import
    reads back (phones masked; the import keeps a phone left masked)."""
    query = (sa.select(Post, Community.name, Compound.name, Grid.name, Building.name)
             .join(Community, sa.and_(Community.tenant_id == Post.tenant_id, Community.id == Post.community_id))
             .outerjoin(Compound, sa.and_(Compound.tenant_id == Post.tenant_id, Compound.id == Post.compound_id))
             .outerjoin(Grid, sa.and_(Grid.tenant_id == Post.tenant_id, Grid.id == Post.grid_id))
             .outerjoin(Building, sa.and_(Building.tenant_id == Post.tenant_id, Building.id == Post.building_id))
             .where(post_scope(principal)).order_by(Post.id).limit(limit + 1))
    if after:
        query = query.where(Post.id > parse_id(after, "after"))
    for key, column in (("gridId", Post.grid_id), ("communityId", Post.community_id)):
        value = _id_filter(filters, key)
        if value is not None:
            query = query.where(column == value)
    if filters.get("level"):
        query = query.where(Post.level == filters["level"])
    rows = session.execute(query).all()

    tenant = session.info["tenant"]

    def out(row) -> dict:
        post, community, compound, grid, building = row
        ids = {f: str(getattr(post, f)) if getattr(post, f) else None
               for f in ("community_id", "compound_id", "grid_id", "building_id")}
        phone = pd.mask_phone(pd.decrypt(tenant, post.holder_phone_enc)) if post.holder_phone_enc else None
        return {"post_id": str(post.id), "level": POST_LEVEL_LABELS.get(post.level, post.level),
                "holder_name": post.holder_name, "phone": phone,
                "resident_id": None if post.holder_key.startswith("name:") else post.holder_key,
                "community_name": community, "compound_name": compound, "grid_name": grid,
                "building_name": building, "unit": post.unit, "floor": post.floor, **ids}
    return _page(rows, limit, out)
