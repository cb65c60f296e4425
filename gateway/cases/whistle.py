"""GraphQL of whistle-and-report (街道吹哨、部门报到)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from gateway.cases.wire import rpc_payload
from gateway.errors import OperationError, as_data
from shared.contracts.dispatch import WhistlePartOut
from shared.errors import CivicError


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@strawberry.type(description="One department summoned for a case (吹哨任务): summoned → reported "
                             "(报到) → resolved (办结).")
class WhistlePart:
    id: strawberry.ID = strawberry.field(description="The part's id (吹哨任务编号): pass it to "
                                                     "reportForWhistle and resolveWhistlePart.")
    case_id: strawberry.ID = strawberry.field(description="The case's id it belongs to (事件编号).")
    department_id: strawberry.ID = strawberry.field(description="The summoned functional department's unit "
                                                               "id (职能部门) in the organization service.")
    department_name: str = strawberry.field(description="The department's name as summoned (部门名称).")
    status: str = strawberry.field(description="summoned (已吹哨), reported (已报到) or resolved (已办结).")
    summoned_at: datetime = strawberry.field(description="When the street blew the whistle (吹哨时间), "
                                                         "ISO 8601 with offset.")
    respond_by: datetime = strawberry.field(description="report (报到) by this time")
    due_at: datetime = strawberry.field(description="resolve its part by this time (working days)")
    reported_at: datetime | None = strawberry.field(description="When the department reported in (报到时间), "
                                                               "ISO 8601 with offset; null until then.")
    resolved_at: datetime | None = strawberry.field(description="When it resolved its part (办结时间), ISO "
                                                               "8601 with offset; null until then.")
    reported_on_time: bool | None = strawberry.field(description="Reported in by respondBy (按时报到); null "
                                                                "until it reports. Counts in its "
                                                                "assessment.")
    resolved_on_time: bool | None = strawberry.field(description="Resolved by dueAt (按期办结); null until "
                                                                "it resolves. Counts in its assessment.")
    response_overdue_at: datetime | None = strawberry.field(
        default=None, description="When the overdue sweep found it not reported in by respondBy (超时未报到) "
                                  "and told the department and the street's staff (whistle.overdue); "
                                  "ISO 8601 with offset; null unless that happened. Marked once.")
    resolve_overdue_at: datetime | None = strawberry.field(
        default=None, description="When the overdue sweep found it not resolved by dueAt (超期未办结) and "
                                  "told the department and the street's staff (whistle.overdue); ISO "
                                  "8601 with offset; null unless that happened. Marked once.")

    @classmethod
    def from_rpc(cls, data: WhistlePartOut) -> "WhistlePart":
        return cls(id=strawberry.ID(data["id"]), case_id=strawberry.ID(data["case_id"]),
                   department_id=strawberry.ID(data["department_id"]),
                   department_name=data["department_name"], status=data["status"],
                   summoned_at=_time(data["summoned_at"]), respond_by=_time(data["respond_by"]),
                   due_at=_time(data["due_at"]), reported_at=_time(data["reported_at"]),
                   resolved_at=_time(data["resolved_at"]), reported_on_time=data["reported_on_time"],
                   resolved_on_time=data["resolved_on_time"],
                   response_overdue_at=_time(data.get("response_overdue_at")),
                   resolve_overdue_at=_time(data.get("resolve_overdue_at")))


@strawberry.input(description="A department to summon (被吹哨部门).")
class SummonedDepartmentInput:
    department_id: strawberry.ID = strawberry.field(description="The functional department's unit id "
                                                               "(职能部门) in the organization service.")
    name: str = strawberry.field(description="Its name as shown on the case (部门名称), 1–64 characters.")


@strawberry.input(description="A street blows the whistle (街道吹哨) for a case it handles.")
class WhistleCaseInput:
    case_id: strawberry.ID = strawberry.field(description="The case's id, handled at the street level "
                                                          "(街道层级).")
    departments: list[SummonedDepartmentInput] = strawberry.field(
        description="The departments to summon (被吹哨部门), 1–10; each is summoned once while its part "
                    "is open.")
    respond_within_hours: int = strawberry.field(default=2, description="Hours each has to report in "
                                                                        "(报到时限), 1–72; 2 by default.")
    resolve_within_workdays: int = strawberry.field(default=5, description="Working days each has to "
                                                                           "resolve its part (办结时限), "
                                                                           "1–30; 5 by default.")
    note: str | None = strawberry.field(default=None, description="What the departments are summoned for "
                                                                  "(吹哨说明), up to 500 characters.")


@strawberry.input(description="A department reports in (报到) or resolves its part (办结).")
class WhistlePartStepInput:
    part_id: strawberry.ID = strawberry.field(description="The part's id (吹哨任务编号); only the summoned "
                                                          "department acts on it.")
    note: str | None = strawberry.field(default=None, description="A remark for the case's timeline (办理意见), "
                                                                  "up to 500 characters.")
    handler_member_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="When resolving: the party members' ids (党员) who did it, up to "
                                          "50; they become the case's handlers (办理党员) when it "
                                          "resolves.")


WhistlePartResult = Annotated[WhistlePart | OperationError, strawberry.union("WhistlePartResult")]


async def part_step(info: strawberry.Info, action: str, data) -> WhistlePartResult:
    try:
        return WhistlePart.from_rpc(await info.context.call("dispatch", "whistle_step", action,
                                                            rpc_payload(data)))
    except CivicError as exc:
        return as_data(exc, info.context.language)


@strawberry.type
class WhistleMutation:
    @strawberry.mutation(description="部门报到: a summoned department acknowledges its part.")
    async def report_for_whistle(self, info: strawberry.Info,
                                 input: WhistlePartStepInput) -> WhistlePartResult:
        return await part_step(info, "report", input)

    @strawberry.mutation(description="部门办结: a department resolves its part; the case resolves "
                                     "when every part is (case.resolved with all handlers).")
    async def resolve_whistle_part(self, info: strawberry.Info,
                                   input: WhistlePartStepInput) -> WhistlePartResult:
        return await part_step(info, "resolve", input)
