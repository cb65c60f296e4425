"""Property mutation inputs, and their conversion to RPC payloads (nested inputs, dates)."""
from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import strawberry


def to_payload(value: Any) -> Any:
    """Like gateway.payloads.payload, recursing into nested inputs and lists; dates as ISO text."""
    if dataclasses.is_dataclass(value):
        return {f.name: to_payload(getattr(value, f.name)) for f in dataclasses.fields(value)
                if getattr(value, f.name) is not strawberry.UNSET}
    if isinstance(value, list):
        return [to_payload(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@strawberry.input(description="A property company to register (物业企业登记).")
class RegisterPropertyCompanyInput:
    name: str
    credit_code: str = strawberry.field(description="18-character unified social credit code, checksum verified")
    contact_name: str
    contact_phone: str
    coverage: str = strawberry.field(default="none", description="branch, instructor or none")
    branch_name: str | None = None
    instructor_name: str | None = None


@strawberry.input(description="A management contract for a compound (compound id and name as in the grid service).")
class AddManagementContractInput:
    company_id: strawberry.ID
    compound_id: strawberry.ID
    compound_name: str | None = strawberry.field(
        default=None, description="Ignored: the name is taken from the grid service")
    starts_on: date
    ends_on: date


@strawberry.input(description="A note appended to a company's credit file.")
class AppendCreditEntryInput:
    company_id: strawberry.ID
    summary: str


@strawberry.input(description="A compound's management mode; none (三无小区) needs a fallback provider.")
class SetCompoundManagementInput:
    compound_id: strawberry.ID
    compound_name: str | None = strawberry.field(
        default=None, description="Ignored: the name is taken from the grid service")
    mode: str = strawberry.field(description="company, self or none")
    company_id: strawberry.ID | None = None
    fallback_kind: str | None = strawberry.field(default=None, description="community_team or non_profit")
    fallback_provider: str | None = None


@strawberry.input(description="Fallback-service money in (by source) or out, in fen (分).")
class RecordFallbackFundingInput:
    compound_id: strawberry.ID
    on: date
    direction: str = strawberry.field(description="income or spending")
    amount_fen: int
    source: str | None = strawberry.field(default=None, description="residents, operations, project_funds, subsidy")
    note: str | None = None


@strawberry.input(description="A committee for one term (业委会/物管会).")
class CreateCommitteeInput:
    compound_id: strawberry.ID
    compound_name: str | None = strawberry.field(
        default=None, description="Ignored: the name is taken from the grid service")
    term_starts: date
    term_ends: date
    kind: str = "owners"
    branch_name: str | None = None


@strawberry.input(description="A committee member.")
class AddCommitteeMemberInput:
    committee_id: strawberry.ID
    name: str
    role: str = "member"
    party_member: bool = False
    branch_post: str | None = None


@strawberry.input(description="An item of the negative list (十不宜).")
class DefineNegativeItemInput:
    code: str
    text: str


@strawberry.input
class ReviewHitInput:
    item_code: str
    reason: str


@strawberry.input(description="A candidate review; every hit carries its reason.")
class ReviewCandidateInput:
    committee_id: strawberry.ID
    candidate_name: str
    hits: list[ReviewHitInput] = strawberry.field(default_factory=list)
    note: str | None = None
