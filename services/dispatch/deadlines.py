"""Deadlines in working days: the national calendar with the tenant's overrides, and the due time
of a case handled at a level (the end of the n-th working day, China time)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.dispatch.models import CalendarDay
from shared.contracts.dispatch import DEADLINE_HOUR, CalendarDayIn, CalendarDayOut, deadline_workdays
from shared.db import new_id
from shared.workdays import Calendar, add_working_days

CHINA = timezone(timedelta(hours=8))


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; ours are always UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def calendar_for(session: Session) -> Calendar:
    rows = session.execute(sa.select(CalendarDay.day, CalendarDay.working)).all()
    return Calendar(overrides={day: working for day, working in rows})


def due_in(workdays: int, start: datetime, calendar: Calendar) -> datetime:
    """18:00 China time on the n-th working day after ``start`` (its China date)."""
    day = add_working_days(start.astimezone(CHINA).date(), workdays, calendar)
    return datetime.combine(day, time(DEADLINE_HOUR), CHINA).astimezone(timezone.utc)


def due_at(category: str, level: str, start: datetime, calendar: Calendar) -> datetime:
    """The deadline of a case handled at ``level`` (the contract's table)."""
    return due_in(deadline_workdays(category, level), start, calendar)


def day_out(row: CalendarDay) -> CalendarDayOut:
    return {"day": row.day.isoformat(), "working": row.working, "note": row.note}


def set_day(session: Session, data: CalendarDayIn) -> CalendarDay:
    """Insert or replace the tenant's override of one day."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = dict(tenant_id=session.info["tenant"], id=new_id(),
                  day=data.day, working=data.working, note=data.note)
    session.execute(insert(CalendarDay).values(**values).on_conflict_do_update(
        index_elements=["tenant_id", "day"],
        set_={"working": data.working, "note": data.note}))
    session.expire_all()  # the core upsert bypassed the identity map
    return session.scalar(sa.select(CalendarDay).where(CalendarDay.day == data.day))


def days_of_year(session: Session, year: int) -> list[CalendarDay]:
    return list(session.scalars(sa.select(CalendarDay).where(
        CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31))).order_by(CalendarDay.day)))
