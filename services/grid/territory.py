"""Territory rules: streets → communities → compounds, and the grids laid over them.

Plain functions over a tenant-bound session; the service module only wires them to RPC.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.grid.boundary import size_flag
from services.grid.models import Building, Community, Compound, Grid, Street
from shared.contracts.grid import (
    BuildingIn, BuildingOut, CommunityIn, CommunityOut, CompoundIn, GridIn, GridOut, PlaceOut, StreetIn,
)
from shared.errors import Conflict, NotFound
from shared.principal import Principal
from shared.scope import scope_clause

ENTITY_ZH = {"street": "街道", "community": "社区", "compound": "小区", "building": "楼栋", "grid": "网格"}


def _get(session: Session, model, ident: uuid.UUID, entity: str, field: str):
    row = session.get(model, (session.info["tenant"], ident))
    if row is None:
        raise NotFound(entity, ENTITY_ZH[entity], ident, field=field)
    return row


def _save(session: Session, row, entity: str):
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise Conflict(f"a {entity} named {row.name!r} already exists here",
                       f"此处已有名为“{row.name}”的{ENTITY_ZH[entity]}", field="name") from None
    return row


def place_out(row) -> PlaceOut:
    return {"id": str(row.id), "name": row.name, "code": getattr(row, "code", None)}


def building_out(row: Building) -> BuildingOut:
    return {"id": str(row.id), "compound_id": str(row.compound_id), "name": row.name,
            "households": row.households}


def grid_out(row: Grid) -> GridOut:
    return {"id": str(row.id), "street_id": str(row.street_id), "community_id": str(row.community_id),
            "compound_id": str(row.compound_id) if row.compound_id else None, "name": row.name,
            "kind": row.kind, "open_case_count": row.open_case_count,
            "household_count": row.household_count, "size_flag": size_flag(row.household_count),
            "boundary": row.boundary,
            "retired_at": row.retired_at.isoformat() if row.retired_at else None,
            "merged_into": str(row.merged_into) if row.merged_into else None}


def create_street(session: Session, data: StreetIn) -> Street:
    return _save(session, Street(name=data.name, code=data.code), "street")


def create_community(session: Session, data: CommunityIn) -> Community:
    _get(session, Street, data.street_id, "street", "streetId")
    return _save(session, Community(street_id=data.street_id, name=data.name, code=data.code),
                 "community")


def create_compound(session: Session, data: CompoundIn) -> Compound:
    community = _get(session, Community, data.community_id, "community", "communityId")
    return _save(session, Compound(street_id=community.street_id, community_id=community.id,
                                   name=data.name), "compound")


def create_building(session: Session, data: BuildingIn) -> Building:
    compound = _get(session, Compound, data.compound_id, "compound", "compoundId")
    return _save(session, Building(street_id=compound.street_id, community_id=compound.community_id,
                                   compound_id=compound.id, name=data.name,
                                   households=data.households), "building")


def create_grid(session: Session, data: GridIn) -> Grid:
    community = _get(session, Community, data.community_id, "community", "communityId")
    if data.compound_id is not None:
        compound = _get(session, Compound, data.compound_id, "compound", "compoundId")
        if compound.community_id != community.id:
            raise Conflict("the compound is not in this community", "该小区不属于此社区",
                           field="compoundId")
    return _save(session, Grid(street_id=community.street_id, community_id=community.id,
                               compound_id=data.compound_id, name=data.name, kind=data.kind), "grid")


def _visible(principal: Principal | None):
    return scope_clause(principal, street=Grid.street_id, community=Grid.community_id, grid=Grid.id)


def grids_by_ids(session: Session, principal: Principal | None, ids: list[uuid.UUID]) -> list[Grid]:
    rows = session.scalars(sa.select(Grid).where(Grid.id.in_(ids), _visible(principal))).all()
    return rows


def streets_by_ids(session: Session, ids: list[uuid.UUID]) -> list[PlaceOut]:
    """The tenant's streets among ``ids`` (unknown ones left out)."""
    return [place_out(r) for r in session.scalars(sa.select(Street).where(Street.id.in_(ids)))] if ids else []


def communities_by_ids(session: Session, ids: list[uuid.UUID]) -> list[CommunityOut]:
    """The tenant's communities among ``ids`` (unknown ones left out), with their street."""
    rows = session.scalars(sa.select(Community).where(Community.id.in_(ids))) if ids else []
    return [{**place_out(r), "street_id": str(r.street_id)} for r in rows]


def list_grids(session: Session, principal: Principal | None, *, limit: int,
               after: uuid.UUID | None = None) -> list[Grid]:
    query = (sa.select(Grid).where(_visible(principal), Grid.retired_at.is_(None))
             .order_by(Grid.id).limit(limit))
    if after is not None:
        query = query.where(Grid.id > after)
    return list(session.scalars(query))


def grid_exists(session: Session, grid_id: uuid.UUID) -> bool:
    return session.scalar(sa.select(Grid.id).where(Grid.id == grid_id)) is not None


def case_opened(session: Session, grid_id: uuid.UUID) -> bool:
    """Count a newly reported case against its grid; False if the grid is unknown here."""
    result = session.execute(sa.update(Grid).where(Grid.id == grid_id)
                             .values(open_case_count=Grid.open_case_count + 1))
    return result.rowcount == 1


def buildings_of(session: Session, compound_ids: list[uuid.UUID]) -> list[Building]:
    return list(session.scalars(sa.select(Building).where(Building.compound_id.in_(compound_ids))
                                .order_by(Building.compound_id, Building.name)))
