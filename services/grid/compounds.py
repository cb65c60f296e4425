"""Compounds (小区) as other services see them: by id, and the grids laid over each.

A compound is visible to a street or community within it; to a grid worker when their grid is
appointed to the compound or holds a household in one of its buildings. A grid covers a compound
the same way (appointed to it, or holding households there); retired grids are left out.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grid.models import Building, Community, Compound, Grid, Household, Street
from services.grid.territory import grid_out
from shared.contracts.grid import CompoundGrids, CompoundOut
from shared.principal import Principal
from shared.scope import scope_clause


def _grid_compounds(grid_ids) -> sa.CompoundSelect:
    """(grid id, compound id) pairs of the grids matching ``grid_ids`` (a WHERE clause on Grid):
    appointed to the compound, or holding households in it."""
    appointed = sa.select(Grid.id.label("grid_id"), Grid.compound_id.label("compound_id")).where(
        Grid.compound_id.is_not(None), grid_ids)
    housing = (sa.select(Household.grid_id.label("grid_id"), Building.compound_id.label("compound_id"))
               .join(Building, sa.and_(Building.tenant_id == Household.tenant_id,
                                       Building.id == Household.building_id))
               .where(Household.grid_id.in_(sa.select(Grid.id).where(grid_ids))).distinct())
    return sa.union(appointed, housing)


def _visible_compounds(principal: Principal | None):
    if principal is not None and principal.scope.level == "grid":
        scope = scope_clause(principal, grid=Grid.id)
        pairs = _grid_compounds(scope).subquery()
        return Compound.id.in_(sa.select(pairs.c.compound_id))
    return scope_clause(principal, street=Compound.street_id, community=Compound.community_id)


def compounds_by_ids(session: Session, principal: Principal | None,
                     ids: list[uuid.UUID]) -> list[CompoundOut]:
    """The compounds among ``ids`` in the caller's scope, in the order asked (unknown ones left out)."""
    if not ids:
        return []
    rows = session.execute(
        sa.select(Compound, Community.name, Street.name)
        .join(Community, sa.and_(Community.tenant_id == Compound.tenant_id, Community.id == Compound.community_id))
        .join(Street, sa.and_(Street.tenant_id == Compound.tenant_id, Street.id == Compound.street_id))
        .where(Compound.id.in_(ids), _visible_compounds(principal))).all()
    found = [r[0].id for r in rows]
    buildings = dict(session.execute(
        sa.select(Building.compound_id, sa.func.count()).where(Building.compound_id.in_(found))
        .group_by(Building.compound_id)).all())
    households = dict(session.execute(
        sa.select(Building.compound_id, sa.func.count(Household.id))
        .join(Household, sa.and_(Household.tenant_id == Building.tenant_id, Household.building_id == Building.id))
        .where(Building.compound_id.in_(found)).group_by(Building.compound_id)).all())
    by_id = {compound.id: {"id": str(compound.id), "name": compound.name, "street_id": str(compound.street_id),
                           "street_name": street, "community_id": str(compound.community_id),
                           "community_name": community, "buildings": buildings.get(compound.id, 0),
                           "households": households.get(compound.id, 0)}
             for compound, community, street in rows}
    return [by_id[i] for i in dict.fromkeys(ids) if i in by_id]


def grids_by_compound(session: Session, principal: Principal | None,
                      compound_ids: list[uuid.UUID]) -> list[CompoundGrids]:
    """For each compound asked (same order), the live grids in the caller's scope covering it."""
    asked = list(dict.fromkeys(compound_ids))
    if not asked:
        return []
    visible = sa.and_(Grid.retired_at.is_(None),
                      scope_clause(principal, street=Grid.street_id, community=Grid.community_id, grid=Grid.id))
    pairs = _grid_compounds(visible).subquery()
    rows = session.execute(
        sa.select(pairs.c.compound_id, Grid)
        .join(Grid, Grid.id == pairs.c.grid_id)
        .where(pairs.c.compound_id.in_(asked))
        .order_by(Grid.name, Grid.id)).all()
    grids: dict[uuid.UUID, list] = {i: [] for i in asked}
    for compound_id, grid in rows:
        grids[compound_id].append(grid_out(grid))
    return [{"compound_id": str(i), "grids": grids[i]} for i in asked]
