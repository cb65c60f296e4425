"""Case mutations."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.cases.types import Case
from gateway.errors import OperationError, as_data
from gateway.payloads import payload
from shared.errors import CivicError


@strawberry.input(description="A case to report (上报事件).")
class ReportCaseInput:
    grid_id: strawberry.ID
    category: str = strawberry.field(description="e.g. environment, parking, property, dispute, safety")
    description: str
    source: str = strawberry.field(default="resident", description="resident, patrol, hotline or service")


ReportCaseResult = Annotated[Case | OperationError, strawberry.union("ReportCaseResult")]


@strawberry.type
class CaseMutation:
    @strawberry.mutation(description="Report a case in a grid (上报事件). Emits case.reported.")
    async def report_case(self, info: strawberry.Info, input: ReportCaseInput) -> ReportCaseResult:
        try:
            return Case.from_rpc(await info.context.call("dispatch", "report_case", payload(input)))
        except CivicError as exc:
            return as_data(exc, info.context.language)
