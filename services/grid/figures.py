"""Grid figures kept from dispatch events: the open-case count on the grid, and per quarter the
cases reported, closed, overdue (督办) and rated (with how many unsatisfied) for the rating."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.grid.models import Grid, GridQuarterFigures

CST = timezone(timedelta(hours=8))
COUNTS = ("reported", "closed", "overdue", "rated", "unsatisfied")


def quarter_of(at: str | datetime) -> str:
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    local = (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(CST)
    return f"{local.year}Q{(local.month - 1) // 3 + 1}"


def open_cases(session: Session, grid_id: uuid.UUID, delta: int) -> bool:
    """Move the grid's open-case count by ``delta`` (never below zero); False if the grid is
    unknown here."""
    result = session.execute(sa.update(Grid).where(Grid.id == grid_id).values(
        open_case_count=sa.case((Grid.open_case_count + delta < 0, 0), else_=Grid.open_case_count + delta)))
    return result.rowcount == 1


def bump(session: Session, grid_id: uuid.UUID, at: str | datetime, **deltas: int) -> None:
    """Add ``deltas`` to the grid's figures of the quarter ``at`` falls in (one upsert, so two
    events of one grid at once cannot both insert)."""
    values = {name: deltas.get(name, 0) for name in COUNTS}
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    table = GridQuarterFigures.__table__
    statement = insert(table).values(tenant_id=session.info["tenant"], id=uuid.uuid4(), grid_id=grid_id,
                                     quarter=quarter_of(at), **values)
    statement = statement.on_conflict_do_update(
        index_elements=["tenant_id", "grid_id", "quarter"],
        set_={name: table.c[name] + statement.excluded[name] for name in COUNTS})
    session.execute(statement)


def of_quarter(session: Session, quarter: str) -> dict[uuid.UUID, GridQuarterFigures]:
    rows = session.scalars(sa.select(GridQuarterFigures).where(GridQuarterFigures.quarter == quarter))
    return {row.grid_id: row for row in rows}
