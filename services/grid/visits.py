"""Door-to-door visits (入户走访): grid workers log visits to households; each visitor's week is
measured in half-days of visiting (a morning or an afternoon, China Standard Time) against the
tenant's quota (default three half-days a week)."""
from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.grid.models import StaffingSetting, Visit
from services.grid.residents import household_in_scope
from shared.contracts.grid import DEFAULT_STAFFING_MODEL, DEFAULT_VISIT_QUOTA, VisitIn, VisitOut, WeeklyVisiting
from shared.errors import ValidationFailed
from shared.principal import Principal
from shared.scope import scope_clause

CST = timezone(timedelta(hours=8))
SLACK = timedelta(minutes=5)  # clocks of phones in the field drift a little


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def record(session: Session, principal: Principal, data: VisitIn, now: datetime) -> Visit:
    # stored in UTC: SQLite keeps the wall time only, so every row must use the same zone
    visited_at = aware(data.visited_at).astimezone(timezone.utc) if data.visited_at else now
    if visited_at > now + SLACK:
        raise ValidationFailed([{"field": "visitedAt", "message": "visitedAt: is in the future",
                                 "message_zh": "visitedAt：走访时间晚于当前时间"}])
    household = household_in_scope(session, principal, data.household_id)
    row = Visit(street_id=household.street_id, community_id=household.community_id,
                grid_id=household.grid_id, household_id=household.id, visitor=principal.subject,
                visited_at=visited_at, note=data.note)
    session.add(row)
    session.flush()
    return row


def visible(principal: Principal | None):
    return scope_clause(principal, street=Visit.street_id, community=Visit.community_id, grid=Visit.grid_id)


def list_visits(session: Session, principal: Principal | None, *, limit: int,
                household_id: uuid.UUID | None, grid_id: uuid.UUID | None,
                after: tuple[datetime, uuid.UUID] | None = None, visitor: str | None = None,
                since: datetime | None = None, until: datetime | None = None) -> list[Visit]:
    """Newest first; ``after`` is the (visited_at, id) of the last visit seen (keyset)."""
    query = sa.select(Visit).where(visible(principal)).order_by(Visit.visited_at.desc(), Visit.id).limit(limit)
    for column, value in ((Visit.household_id, household_id), (Visit.grid_id, grid_id), (Visit.visitor, visitor)):
        if value is not None:
            query = query.where(column == value)
    if since is not None:
        query = query.where(Visit.visited_at >= aware(since).astimezone(timezone.utc))
    if until is not None:
        query = query.where(Visit.visited_at < aware(until).astimezone(timezone.utc))
    if after is not None:
        moment, last = aware(after[0]).astimezone(timezone.utc), after[1]
        query = query.where(sa.or_(Visit.visited_at < moment, sa.and_(Visit.visited_at == moment, Visit.id > last)))
    return list(session.scalars(query))


def quota(session: Session) -> int:
    row = session.scalar(sa.select(StaffingSetting))
    return row.visit_quota if row else DEFAULT_VISIT_QUOTA


def set_quota(session: Session, half_days: int) -> int:
    row = session.scalar(sa.select(StaffingSetting))
    if row is None:
        session.add(StaffingSetting(model=DEFAULT_STAFFING_MODEL, visit_quota=half_days))
    else:
        row.visit_quota = half_days
    return half_days


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(session: Session, principal: Principal | None, *, week_start: date,
           grid_id: uuid.UUID | None) -> WeeklyVisiting:
    """Visits, households and half-days per visitor in the week starting on Monday ``week_start``."""
    start = datetime.combine(week_of(week_start), time(), CST)
    since = start.astimezone(timezone.utc)
    query = sa.select(Visit.visitor, Visit.household_id, Visit.visited_at).where(
        visible(principal), Visit.visited_at >= since, Visit.visited_at < since + timedelta(days=7))
    if grid_id is not None:
        query = query.where(Visit.grid_id == grid_id)
    visits: dict[str, int] = {}
    homes: dict[str, set] = {}
    halves: dict[str, set] = {}
    for visitor, household_id, visited_at in session.execute(query):
        local = aware(visited_at).astimezone(CST)
        visits[visitor] = visits.get(visitor, 0) + 1
        homes.setdefault(visitor, set()).add(household_id)
        halves.setdefault(visitor, set()).add((local.date(), local.hour >= 12))
    needed = quota(session)
    return {"week_start": start.date().isoformat(), "quota": needed,
            "visitors": [{"visitor": v, "visits": visits[v], "households": len(homes[v]),
                          "half_days": len(halves[v]), "quota": needed, "met": len(halves[v]) >= needed}
                         for v in sorted(visits)]}


def visit_out(row: Visit) -> VisitOut:
    return {"id": str(row.id), "household_id": str(row.household_id), "grid_id": str(row.grid_id),
            "visitor": row.visitor, "visited_at": aware(row.visited_at).isoformat(), "note": row.note}
