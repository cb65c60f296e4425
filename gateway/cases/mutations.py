"""Case mutations: intake and every step of the closed loop (闭环). Each returns the case or an
OperationError (nothing written)."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway import idempotency
from gateway.cases.calendar import CalendarMutation
from gateway.cases.inbox import InboxMutation
from gateway.cases.intake import EvidenceInput, PointInput
from gateway.cases.routing import RoutingMutation
from gateway.cases.webhooks import WebhookMutation
from gateway.cases.work import WorkMutation
from gateway.cases.types import Case, CaseLevel, CaseRating
from gateway.cases.whistle import WhistleCaseInput, WhistleMutation
from gateway.cases.wire import rpc_payload
from gateway.errors import OperationError, as_data
from shared.errors import CivicError

EVIDENCE = "attachments with content hashes added with this step (证据)"
CASE_ID = "The case's id (事件编号) to act on; it must be in your scope."
NOTE = "A remark recorded on the case's timeline (办理意见), up to 500 characters."


@strawberry.input(description="A case to report (上报事件).")
class ReportCaseInput:
    grid_id: strawberry.ID = strawberry.field(description="The grid's id where the problem is (所在网格).")
    category: str = strawberry.field(description="e.g. environment, parking, property, dispute, safety")
    description: str = strawberry.field(description="What is wrong, in the reporter's words (事件描述), "
                                                    "1–2000 characters.")
    source: str = strawberry.field(default="resident", description="resident, patrol, hotline or service")
    compound_id: strawberry.ID | None = strawberry.field(default=None, description="小区; the grid's by default")
    building_id: strawberry.ID | None = strawberry.field(default=None, description="楼栋 of the compound")
    point: PointInput | None = strawberry.field(default=None, description="The exact spot (坐标), WGS-84; "
                                                                          "optional.")
    address: str | None = strawberry.field(default=None, description="A street address or landmark as "
                                                                     "given (详细地址), up to 200 characters.")
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description=EVIDENCE)
    anonymous: bool = strawberry.field(default=False, description="hide the reporter from handlers (匿名)")
    client_request_id: str | None = strawberry.field(default=None, description=(
        "Idempotency key (幂等键), 1–64 characters of A–Z a–z 0–9 . _ : - (a UUID, say), unique "
        "per county. A client retrying after a retryable error (TIMEOUT, UNAVAILABLE) sends the "
        "same one and gets the case its first attempt stored, not a second case; the same key "
        "with a different report is refused with CONFLICT. When absent the gateway makes one "
        "for this call."))


@strawberry.input(description="Accept a case (受理) and start handling it at a level.")
class AcceptCaseInput:
    case_id: strawberry.ID = strawberry.field(description=CASE_ID)
    level: CaseLevel | None = strawberry.field(default=None, description="by default the level "
                                               "the category's rule routes to, else GRID")
    note: str | None = strawberry.field(default=None, description=NOTE)
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description=EVIDENCE)


@strawberry.input(description="Refuse a case (不予受理); the reason is required.")
class RejectCaseInput:
    case_id: strawberry.ID = strawberry.field(description=CASE_ID)
    note: str = strawberry.field(description="Why it is refused (不予受理理由), 1–500 characters; required.")
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description=EVIDENCE)


@strawberry.input(description="Merge a duplicate (合并) into another open case.")
class MergeCaseInput:
    case_id: strawberry.ID = strawberry.field(description="The duplicate's id (重复事件), still reported; it "
                                                          "becomes merged.")
    into_case_id: strawberry.ID = strawberry.field(description="The open case's id it joins (并入事件), which "
                                                               "carries on; not the same case.")
    note: str | None = strawberry.field(default=None, description=NOTE)
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description=EVIDENCE)


@strawberry.input(description="Escalate (提级) to a higher level; the next one up by default.")
class EscalateCaseInput:
    case_id: strawberry.ID = strawberry.field(description=CASE_ID)
    to_level: CaseLevel | None = strawberry.field(default=None, description="The level to hand it to (提级至), "
                                                                            "above the current one; the next "
                                                                            "level up when null.")
    note: str | None = strawberry.field(default=None, description=NOTE)
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description=EVIDENCE)


@strawberry.input(description="Resolve (办结), naming the party members who handled it.")
class ResolveCaseInput:
    case_id: strawberry.ID = strawberry.field(description=CASE_ID)
    handler_member_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="The party members' ids (党员) who handled it, up to 50; they "
                                          "earn volunteer points (积分) with case.resolved.")
    note: str | None = strawberry.field(default=None, description=NOTE)
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description=EVIDENCE)


@strawberry.input(description="Verify (核查) the result: the grid worker or the reporter.")
class VerifyCaseInput:
    case_id: strawberry.ID = strawberry.field(description=CASE_ID)
    note: str | None = strawberry.field(default=None, description=NOTE)
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description=EVIDENCE)


@strawberry.input(description="Rate (评议) a verified case; UNSATISFIED reopens it.")
class RateCaseInput:
    case_id: strawberry.ID = strawberry.field(description=CASE_ID)
    rating: CaseRating = strawberry.field(description="满意 (SATISFIED), 基本满意 (BASICALLY_SATISFIED) or "
                                                      "不满意 (UNSATISFIED: reopens the case).")
    note: str | None = strawberry.field(default=None, description=NOTE)
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description=EVIDENCE)


@strawberry.input(description="Archive (归档) a rated, rejected or merged case.")
class ArchiveCaseInput:
    case_id: strawberry.ID = strawberry.field(description=CASE_ID)
    note: str | None = strawberry.field(default=None, description=NOTE)
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description=EVIDENCE)


ReportCaseResult = Annotated[Case | OperationError, strawberry.union("ReportCaseResult")]
CaseStepResult = Annotated[Case | OperationError, strawberry.union(
    "CaseStepResult", description="The case after the step, or why it was refused (nothing written).")]


async def _step(info: strawberry.Info, action: str, data) -> CaseStepResult:
    try:
        return Case.from_rpc(await info.context.call("dispatch", "transition_case", action,
                                                     rpc_payload(data)))
    except CivicError as exc:
        return as_data(exc, info.context.language)


@strawberry.type
class CaseMutation(WhistleMutation, CalendarMutation, RoutingMutation, WorkMutation, WebhookMutation,
                   InboxMutation):
    @strawberry.mutation(description="Report a case in a grid (上报事件), with evidence; answers "
                                     "the case with its likely duplicates. Emits case.reported. "
                                     "Stored once per clientRequestId (幂等键): a retry answers "
                                     "the first case.")
    async def report_case(self, info: strawberry.Info, input: ReportCaseInput) -> ReportCaseResult:
        case = rpc_payload(input)
        # one key per call (the same on a retry with the same Idempotency-Key header): a
        # redelivery of this RPC message is then answered with the same case
        if input.client_request_id is None:
            case["client_request_id"] = idempotency.request_uuid()
        try:
            return Case.from_rpc(await info.context.call("dispatch", "report_case", case))
        except CivicError as exc:
            return as_data(exc, info.context.language)

    @strawberry.mutation(description="受理: reported → accepted. Emits case.accepted.")
    async def accept_case(self, info: strawberry.Info, input: AcceptCaseInput) -> CaseStepResult:
        return await _step(info, "accept", input)

    @strawberry.mutation(description="不予受理: reported → rejected. Emits case.closed.")
    async def reject_case(self, info: strawberry.Info, input: RejectCaseInput) -> CaseStepResult:
        return await _step(info, "reject", input)

    @strawberry.mutation(description="合并: reported → merged into another open case (both "
                                     "timelines record it). Emits case.merged and case.closed.")
    async def merge_case(self, info: strawberry.Info, input: MergeCaseInput) -> CaseStepResult:
        return await _step(info, "merge", input)

    @strawberry.mutation(description="提级: accepted/escalated → escalated. Emits case.escalated.")
    async def escalate_case(self, info: strawberry.Info, input: EscalateCaseInput) -> CaseStepResult:
        return await _step(info, "escalate", input)

    @strawberry.mutation(description="办结: → resolved. Emits case.resolved and case.closed.")
    async def resolve_case(self, info: strawberry.Info, input: ResolveCaseInput) -> CaseStepResult:
        return await _step(info, "resolve", input)

    @strawberry.mutation(description="核查: resolved → verified.")
    async def verify_case(self, info: strawberry.Info, input: VerifyCaseInput) -> CaseStepResult:
        return await _step(info, "verify", input)

    @strawberry.mutation(description="评议: verified → rated, or back to accepted when unsatisfied "
                                     "(不满意). Emits case.rated (and case.reopened).")
    async def rate_case(self, info: strawberry.Info, input: RateCaseInput) -> CaseStepResult:
        return await _step(info, "rate", input)

    @strawberry.mutation(description="归档: rated/rejected/merged → archived. Emits case.archived.")
    async def archive_case(self, info: strawberry.Info, input: ArchiveCaseInput) -> CaseStepResult:
        return await _step(info, "archive", input)

    @strawberry.mutation(description="街道吹哨: summon departments for a case handled at the street "
                                     "level. Emits case.whistled.")
    async def whistle_case(self, info: strawberry.Info, input: WhistleCaseInput) -> CaseStepResult:
        try:
            result = await info.context.call("dispatch", "whistle_case", rpc_payload(input))
            return Case.from_rpc(result["case"])
        except CivicError as exc:
            return as_data(exc, info.context.language)
