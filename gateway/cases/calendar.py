"""GraphQL of a county's working-day calendar (工作日历调整): overrides of the national data."""
from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from gateway.cases.wire import rpc_payload
from gateway.errors import OperationError, as_data
from shared.contracts.dispatch import CalendarDayOut
from shared.errors import CivicError


@strawberry.type(description="A county's override of the national working-day calendar (工作日历调整).")
class CalendarDay:
    day: date
    working: bool
    note: str | None

    @classmethod
    def from_rpc(cls, data: CalendarDayOut) -> "CalendarDay":
        return cls(day=date.fromisoformat(data["day"]), working=data["working"], note=data["note"])


@strawberry.input(description="Make one day a holiday or a workday for this county (工作日历调整).")
class SetCalendarDayInput:
    day: date
    working: bool
    note: str | None = None


CalendarDayResult = Annotated[CalendarDay | OperationError, strawberry.union("SetCalendarDayResult")]


@strawberry.type
class CalendarMutation:
    @strawberry.mutation(description="Override the national calendar for one day in this county "
                                     "(county admin). Later deadlines use it.")
    async def set_calendar_day(self, info: strawberry.Info,
                               input: SetCalendarDayInput) -> CalendarDayResult:
        try:
            return CalendarDay.from_rpc(await info.context.call("dispatch", "set_calendar_day",
                                                                rpc_payload(input)))
        except CivicError as exc:
            return as_data(exc, info.context.language)


@strawberry.type
class CalendarQuery:
    @strawberry.field(description="This county's overrides of the national working-day calendar "
                                  "in a year (工作日历调整).")
    async def calendar_days(self, info: strawberry.Info, year: int) -> list[CalendarDay]:
        rows = await info.context.call("dispatch", "calendar_days", year)
        return [CalendarDay.from_rpc(r) for r in rows]
