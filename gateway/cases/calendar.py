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
    day: date = strawberry.field(description="The day (日期), ISO 8601 date YYYY-MM-DD.")
    working: bool = strawberry.field(description="true: a workday in this county (调休上班/补班); false: a "
                                                 "holiday (放假). Deadlines count working days by it.")
    note: str | None = strawberry.field(description="Why, as the county admin gave it (调整原因), e.g. "
                                                    "防汛调整; null when none.")

    @classmethod
    def from_rpc(cls, data: CalendarDayOut) -> "CalendarDay":
        return cls(day=date.fromisoformat(data["day"]), working=data["working"], note=data["note"])


@strawberry.input(description="Make one day a holiday or a workday for this county (工作日历调整).")
class SetCalendarDayInput:
    day: date = strawberry.field(description="The day to override (日期), ISO 8601 date YYYY-MM-DD.")
    working: bool = strawberry.field(description="true: make it a workday (补班); false: make it a holiday "
                                                 "(放假). Overrides the national calendar.")
    note: str | None = strawberry.field(default=None, description="Why (调整原因), up to 100 characters, "
                                                                  "e.g. 防汛调整.")


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
