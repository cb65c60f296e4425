"""Seamless coverage (无缝覆盖): a household belongs to exactly one grid by construction (its
``grid_id`` is required), so the open questions are which buildings have no household in any grid
yet, and which grids fall outside 300–500 households."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grid.models import Building, Grid, Household
from shared.contracts.grid import GRID_SIZE_MAX, GRID_SIZE_MIN, GridCoverage
from shared.principal import Principal
from shared.scope import scope_clause

LIST_LIMIT = 100


def coverage(session: Session, principal: Principal | None) -> GridCoverage:
    buildings = scope_clause(principal, street=Building.street_id, community=Building.community_id)
    homes = scope_clause(principal, street=Household.street_id, community=Household.community_id,
                         grid=Household.grid_id)
    grids = sa.and_(Grid.kind == "community", Grid.retired_at.is_(None),
                    scope_clause(principal, street=Grid.street_id, community=Grid.community_id, grid=Grid.id))
    with_homes = sa.select(Household.building_id)
    bare = sa.select(Building).where(buildings, Building.id.not_in(with_homes))
    count = lambda query: session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))  # noqa: E731
    total = count(sa.select(Building.id).where(buildings))
    uncovered = session.scalars(bare.order_by(Building.name, Building.id).limit(LIST_LIMIT)).all()
    return {"households": count(sa.select(Household.id).where(homes)), "buildings": total,
            "buildings_covered": total - count(bare),
            "uncovered": [{"id": str(b.id), "name": b.name, "compound_id": str(b.compound_id),
                           "expected_households": b.households} for b in uncovered],
            "grids_over": count(sa.select(Grid.id).where(grids, Grid.household_count > GRID_SIZE_MAX)),
            "grids_under": count(sa.select(Grid.id).where(grids, Grid.household_count < GRID_SIZE_MIN))}
