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
    id: strawberry.ID
    case_id: strawberry.ID
    department_id: strawberry.ID
    department_name: str
    status: str
    summoned_at: datetime
    respond_by: datetime = strawberry.field(description="report (报到) by this time")
    due_at: datetime = strawberry.field(description="resolve its part by this time (working days)")
    reported_at: datetime | None
    resolved_at: datetime | None
    reported_on_time: bool | None
    resolved_on_time: bool | None

    @classmethod
    def from_rpc(cls, data: WhistlePartOut) -> "WhistlePart":
        return cls(id=strawberry.ID(data["id"]), case_id=strawberry.ID(data["case_id"]),
                   department_id=strawberry.ID(data["department_id"]),
                   department_name=data["department_name"], status=data["status"],
                   summoned_at=_time(data["summoned_at"]), respond_by=_time(data["respond_by"]),
                   due_at=_time(data["due_at"]), reported_at=_time(data["reported_at"]),
                   resolved_at=_time(data["resolved_at"]), reported_on_time=data["reported_on_time"],
                   resolved_on_time=data["resolved_on_time"])


@strawberry.input(description="A department to summon (被吹哨部门).")
class SummonedDepartmentInput:
    department_id: strawberry.ID
    name: str


@strawberry.input(description="A street blows the whistle (街道吹哨) for a case it handles.")
class WhistleCaseInput:
    case_id: strawberry.ID
    departments: list[SummonedDepartmentInput]
    respond_within_hours: int = 2
    resolve_within_workdays: int = 5
    note: str | None = None


@strawberry.input(description="A department reports in (报到) or resolves its part (办结).")
class WhistlePartStepInput:
    part_id: strawberry.ID
    note: str | None = None
    handler_member_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


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
