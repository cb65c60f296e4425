"""Door-to-door visits (入户走访): types, queries and mutations in one small module."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Annotated

import strawberry

from gateway.errors import OperationError, as_data
from gateway.pagination import Connection, check_first, check_page, sort_cursor
from gateway.payloads import payload
from shared.contracts.validation import parse_id
from shared.contracts.grid import VisitOut, WeeklyVisiting as WeekOut
from shared.errors import CivicError

CST = timezone(timedelta(hours=8))


@strawberry.type(description="A visit to a household by a grid worker (入户走访记录).")
class Visit:
    id: strawberry.ID = strawberry.field(description="The visit's id (走访记录编号).")
    household_id: strawberry.ID = strawberry.field(description="The household's id visited (走访户).")
    grid_id: strawberry.ID = strawberry.field(description="The household's grid id (所在网格).")
    visitor: str = strawberry.field(description="Who visited: the grid worker's login (走访人).")
    visited_at: str = strawberry.field(description="When (走访时间): ISO 8601 date-time with UTC offset.")
    note: str = strawberry.field(description="What was found or done (走访情况), up to 500 characters; empty "
                                             "when none.")

    @classmethod
    def from_rpc(cls, d: VisitOut) -> "Visit":
        return cls(id=strawberry.ID(d["id"]), household_id=strawberry.ID(d["household_id"]),
                   grid_id=strawberry.ID(d["grid_id"]), visitor=d["visitor"], visited_at=d["visited_at"],
                   note=d["note"])


@strawberry.type(description="One visitor's week: half-days of visiting against the quota (走访完成情况).")
class VisitorWeek:
    visitor: str = strawberry.field(description="The visitor's login (走访人).")
    visits: int = strawberry.field(description="Visits logged that week (走访次数).")
    households: int = strawberry.field(description="Distinct households visited (走访户数).")
    half_days: int = strawberry.field(description="Half-days with at least one visit (走访半天数): a morning "
                                                  "or an afternoon, China Standard Time.")
    quota: int = strawberry.field(description="Half-days required a week (走访频次), the tenant's quota.")
    met: bool = strawberry.field(description="true when halfDays reaches the quota (达标).")


@strawberry.type(description="Visiting in a week (Monday, China Standard Time) per visitor (每周走访).")
class WeeklyVisiting:
    week_start: str = strawberry.field(description="The week's Monday (周一), ISO 8601 date YYYY-MM-DD, "
                                                   "China Standard Time.")
    quota: int = strawberry.field(description="Half-days of visiting required a week (走访频次), 0–14; 3 by "
                                              "default (每周三个半天).")
    visitors: list[VisitorWeek] = strawberry.field(description="Each visitor who logged a visit that week "
                                                               "(走访人).")

    @classmethod
    def from_rpc(cls, d: WeekOut) -> "WeeklyVisiting":
        return cls(week_start=d["week_start"], quota=d["quota"],
                   visitors=[VisitorWeek(**v) for v in d["visitors"]])


@strawberry.input(description="A visit you made to a household (登记走访).")
class RecordVisitInput:
    household_id: strawberry.ID = strawberry.field(description="The household's id visited (走访户), in your "
                                                               "scope.")
    visited_at: datetime | None = strawberry.field(default=strawberry.UNSET, description=(
        "When (走访时间), ISO 8601 with offset; now when left out. Not in the future."))
    note: str = strawberry.field(default="", description="What was found or done (走访情况), up to 500 "
                                                         "characters.")


VisitResult = Annotated[Visit | OperationError, strawberry.union("RecordVisitResult")]
QuotaResult = Annotated[WeeklyVisiting | OperationError, strawberry.union("SetVisitQuotaResult")]


@strawberry.type
class VisitsQuery:
    @strawberry.field(description="Visits in your scope, newest first (走访记录). `first` ≤ 100. Use visitLog "
                                  "to page and filter.",
                      deprecation_reason="Use visitLog: a page with a cursor, and filters by visitor and period.")
    async def visits(self, info: strawberry.Info, first: int = 50, household_id: strawberry.ID | None = None,
                     grid_id: strawberry.ID | None = None) -> list[Visit]:
        check_first(first)
        rows = await info.context.call("grid", "list_visits", limit=first, household_id=household_id,
                                       grid_id=grid_id)
        return [Visit.from_rpc(r) for r in rows]

    @strawberry.field(description="Visits in your scope, newest first (走访记录), optionally of one household, "
                                  "grid or visitor, in [since, until). `first` ≤ 100.")
    async def visit_log(self, info: strawberry.Info, first: int, after: str | None = None,
                        household_id: strawberry.ID | None = None, grid_id: strawberry.ID | None = None,
                        visitor: str | None = None, since: datetime | None = None,
                        until: datetime | None = None) -> Connection[Visit]:
        check_page(first, after, cursor_is_id=False)
        for value, field in ((household_id, "householdId"), (grid_id, "gridId")):
            if value is not None:
                parse_id(value, field)
        rows = await info.context.call("grid", "list_visits", limit=first + 1, household_id=household_id,
                                       grid_id=grid_id, after=after, visitor=visitor,
                                       since=since.isoformat() if since else None,
                                       until=until.isoformat() if until else None)
        return Connection.of(rows, first, Visit.from_rpc, cursor=lambda r: sort_cursor(r["visited_at"], r["id"]))

    @strawberry.field(description="Each visitor's week against the tenant's quota (每周走访完成情况).")
    async def weekly_visiting(self, info: strawberry.Info, week_start: str,
                              grid_id: strawberry.ID | None = None) -> WeeklyVisiting:
        return WeeklyVisiting.from_rpc(await info.context.call("grid", "weekly_visiting", week_start,
                                                               grid_id=grid_id))


@strawberry.type
class VisitsMutation:
    @strawberry.mutation(description="Log a door-to-door visit you made (登记入户走访).")
    async def record_visit(self, info: strawberry.Info, input: RecordVisitInput) -> VisitResult:
        data = payload(input)
        if data.get("visited_at") is not None:
            data["visited_at"] = data["visited_at"].isoformat()
        try:
            return Visit.from_rpc(await info.context.call("grid", "record_visit", data))
        except CivicError as exc:
            return as_data(exc, info.context.language)

    @strawberry.mutation(description="Set the weekly visiting quota in half-days (走访频次), county admins; "
                                     "returns this week's figures.")
    async def set_visit_quota(self, info: strawberry.Info, half_days: int) -> QuotaResult:
        try:
            await info.context.call("grid", "set_visit_quota", half_days)
            today = datetime.now(CST).date().isoformat()
            return WeeklyVisiting.from_rpc(await info.context.call("grid", "weekly_visiting", today))
        except CivicError as exc:
            return as_data(exc, info.context.language)
