"""Working-day calendar of mainland China (工作日历), with per-tenant overrides.

Deadlines in the seeds are working-day deadlines: weekends and public holidays do not count, and
the weekend days that the State Council turns into workdays (调休上班) do. The data below is
copied from the State Council General Office notices (国务院办公厅关于部分节假日安排的通知):
2025 — 国办发明电〔2024〕12号 (12 Nov 2024); 2026 — notice of 4 Nov 2025 (published by Xinhua).
A new year's notice is added here as data; a county that rests or works on other days (a local
holiday, a flood emergency) records overrides, which win over the national data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


def _days(first: str, last: str | None = None) -> set[date]:
    start = date.fromisoformat(first)
    end = date.fromisoformat(last or first)
    return {start + timedelta(n) for n in range((end - start).days + 1)}


# 放假 (days off, including the weekend days inside each block)
HOLIDAYS: frozenset[date] = frozenset().union(
    # 2025
    _days("2025-01-01"), _days("2025-01-28", "2025-02-04"), _days("2025-04-04", "2025-04-06"),
    _days("2025-05-01", "2025-05-05"), _days("2025-05-31", "2025-06-02"),
    _days("2025-10-01", "2025-10-08"),
    # 2026
    _days("2026-01-01", "2026-01-03"), _days("2026-02-15", "2026-02-23"),
    _days("2026-04-04", "2026-04-06"), _days("2026-05-01", "2026-05-05"),
    _days("2026-06-19", "2026-06-21"), _days("2026-09-25", "2026-09-27"),
    _days("2026-10-01", "2026-10-07"),
)

# 调休上班 (weekend days that are workdays)
ADJUSTED_WORKDAYS: frozenset[date] = frozenset(date.fromisoformat(d) for d in (
    "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
    "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
))

COVERED_YEARS = (2025, 2026)


@dataclass(frozen=True)
class Calendar:
    """The national calendar plus one tenant's overrides (``{day: is_working}``)."""

    overrides: dict[date, bool] = field(default_factory=dict)

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day in ADJUSTED_WORKDAYS:
            return True
        if day in HOLIDAYS:
            return False
        return day.weekday() < 5


NATIONAL = Calendar()


def add_working_days(start: date, n: int, calendar: Calendar = NATIONAL) -> date:
    """The n-th working day after ``start`` (``start`` itself never counts, so a case accepted
    on a Saturday with n=1 is due on Monday). n=0 gives ``start`` if it is a working day, else
    the next working day."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    if n == 0:
        while not calendar.is_working_day(day):
            day += timedelta(1)
        return day
    while n:
        day += timedelta(1)
        if calendar.is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date, calendar: Calendar = NATIONAL) -> int:
    """Working days in (start, end]: how late ``end`` is against ``start`` in working days."""
    count, day = 0, start
    while day < end:
        day += timedelta(1)
        count += calendar.is_working_day(day)
    return count
