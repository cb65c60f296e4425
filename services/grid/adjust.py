"""Splitting and merging grids (网格调整) so grids stay near 300–500 households. Households move
with their residents; a merged grid is retired, not deleted; both sides get a history row."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grid.models import Grid, GridHistory, Household, Post, Resident
from services.grid.territory import ENTITY_ZH, _save
from shared.contracts.grid import GridHistoryOut, GridMergeIn, GridSplitIn
from shared.errors import Conflict, NotFound
from shared.principal import Principal
from shared.scope import scope_clause


def _live_grid(session: Session, principal: Principal | None, grid_id: uuid.UUID, field: str) -> Grid:
    clause = scope_clause(principal, street=Grid.street_id, community=Grid.community_id, grid=Grid.id)
    grid = session.scalar(sa.select(Grid).where(Grid.id == grid_id, clause).with_for_update())
    if grid is None:
        raise NotFound("grid", ENTITY_ZH["grid"], grid_id, field=field)
    if grid.retired_at is not None:
        raise Conflict("the grid was merged away", "该网格已撤并", field=field)
    return grid


def _move(session: Session, source: Grid, target: Grid, household_ids: list[uuid.UUID] | None
          ) -> tuple[int, list[uuid.UUID]]:
    """Move households (all when ``household_ids`` is None) and their residents; returns the
    household count and the residents moved."""
    homes = Household.grid_id == source.id
    if household_ids is not None:
        homes = sa.and_(homes, Household.id.in_(household_ids))
    ids = list(session.scalars(sa.select(Household.id).where(homes)))
    residents = list(session.scalars(sa.select(Resident.id).where(Resident.household_id.in_(ids))))
    if ids:
        session.execute(sa.update(Household).where(Household.id.in_(ids)).values(grid_id=target.id),
                        execution_options={"synchronize_session": False})
        session.execute(sa.update(Resident).where(Resident.id.in_(residents)).values(grid_id=target.id),
                        execution_options={"synchronize_session": False})
    source.household_count -= len(ids)
    target.household_count += len(ids)
    return len(ids), residents


def _history(session: Session, actor: str, rows: list[tuple[Grid, str, Grid]], households: int,
             residents: int) -> None:
    now = datetime.now(timezone.utc)
    for grid, action, other in rows:
        session.add(GridHistory(grid_id=grid.id, action=action, other_grid_id=other.id,
                                households=households, residents=residents, actor=actor, at=now))


def split(session: Session, principal: Principal, data: GridSplitIn) -> tuple[Grid, Grid, list[uuid.UUID]]:
    source = _live_grid(session, principal, data.grid_id, "gridId")
    wanted = set(data.household_ids)
    found = set(session.scalars(sa.select(Household.id).where(Household.id.in_(wanted),
                                                              Household.grid_id == source.id)))
    if found != wanted:
        missing = sorted(str(i) for i in wanted - found)[:5]
        raise Conflict(f"households not in this grid: {', '.join(missing)}", f"以下户不在该网格：{'、'.join(missing)}",
                       field="householdIds", details={"household_ids": missing})
    if len(found) == source.household_count:
        raise Conflict("a split must leave households in the grid", "拆分后原网格须保留住户",
                       field="householdIds")
    new = _save(session, Grid(street_id=source.street_id, community_id=source.community_id,
                              compound_id=source.compound_id, name=data.new_name, kind=source.kind,
                              household_count=0), "grid")
    session.flush()
    households, residents = _move(session, source, new, list(found))
    _history(session, principal.subject, [(source, "split_off", new), (new, "split_from", source)],
             households, len(residents))
    return source, new, residents


def merge(session: Session, principal: Principal, data: GridMergeIn) -> tuple[Grid, Grid, list[uuid.UUID]]:
    if data.grid_id == data.into_grid_id:
        raise Conflict("a grid cannot be merged into itself", "网格不能并入自身", field="intoGridId")
    source = _live_grid(session, principal, data.grid_id, "gridId")
    target = _live_grid(session, principal, data.into_grid_id, "intoGridId")
    if source.community_id != target.community_id:
        raise Conflict("grids of different communities cannot be merged", "不同社区的网格不能合并",
                       field="intoGridId")
    households, residents = _move(session, source, target, None)
    session.execute(sa.update(Post).where(Post.grid_id == source.id).values(grid_id=target.id),
                    execution_options={"synchronize_session": False})
    source.retired_at, source.merged_into = datetime.now(timezone.utc), target.id
    _history(session, principal.subject, [(source, "merged_into", target), (target, "absorbed", source)],
             households, len(residents))
    return source, target, residents


def history(session: Session, principal: Principal | None, grid_ids: list[uuid.UUID]) -> list[GridHistoryOut]:
    clause = scope_clause(principal, street=Grid.street_id, community=Grid.community_id, grid=Grid.id)
    visible = sa.select(Grid.id).where(Grid.id.in_(grid_ids), clause)
    rows = session.scalars(sa.select(GridHistory).where(GridHistory.grid_id.in_(visible))
                           .order_by(GridHistory.at, GridHistory.action))
    return [{"grid_id": str(r.grid_id), "action": r.action, "other_grid_id": str(r.other_grid_id),
             "households": r.households, "residents": r.residents, "actor": r.actor,
             "at": (r.at if r.at.tzinfo else r.at.replace(tzinfo=timezone.utc)).isoformat()} for r in rows]
