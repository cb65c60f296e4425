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
    name: str = strawberry.field(description="The company's registered name (企业名称), 1–64 characters.")
    credit_code: str = strawberry.field(description="18-character unified social credit code, checksum verified")
    contact_name: str = strawberry.field(description="The contact person (联系人), 1–64 characters.")
    contact_phone: str = strawberry.field(description="The contact's phone (联系电话), 7–20 digits, spaces, + or "
                                                      "-; stored encrypted, shown masked.")
    coverage: str = strawberry.field(default="none", description="Party coverage (党的组织覆盖): branch (own "
                                                                 "party branch), instructor (assigned party-"
                                                                 "building instructor) or none (default)")
    branch_name: str | None = strawberry.field(default=None, description="The company's party branch "
                                                                         "(企业党支部), up to 64 characters.")
    instructor_name: str | None = strawberry.field(default=None, description="The assigned party-building "
                                                                             "instructor (党建指导员), up to 64 "
                                                                             "characters.")


@strawberry.input(description="A management contract for a compound (compound id and name as in the grid service).")
class AddManagementContractInput:
    company_id: strawberry.ID = strawberry.field(description="The property company's id (物业服务企业).")
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service, in "
                                                              "your scope.")
    compound_name: str | None = strawberry.field(
        default=None, description="Ignored: the name is taken from the grid service")
    starts_on: date = strawberry.field(description="First day of the contract (合同开始), YYYY-MM-DD.")
    ends_on: date = strawberry.field(description="Last day of the contract (合同结束), YYYY-MM-DD, after startsOn; "
                                                 "no other contract may cover the compound in the period.")


@strawberry.input(description="A note appended to a company's credit file.")
class AppendCreditEntryInput:
    company_id: strawberry.ID = strawberry.field(description="The property company's id (物业服务企业).")
    summary: str = strawberry.field(description="The note (备注), 1–500 characters; entered as kind note and "
                                                "never edited.")


@strawberry.input(description="A compound's management mode; none (三无小区) needs a fallback provider.")
class SetCompoundManagementInput:
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service, in "
                                                              "your scope.")
    compound_name: str | None = strawberry.field(
        default=None, description="Ignored: the name is taken from the grid service")
    mode: str = strawberry.field(description="company (物业服务企业), self (自管) or none (无物业, 三无小区)")
    company_id: strawberry.ID | None = strawberry.field(default=None, description="The managing company's id "
                                                                                  "(物业服务企业): required with "
                                                                                  "mode company, ignored "
                                                                                  "otherwise.")
    fallback_kind: str | None = strawberry.field(default=None, description="community_team or non_profit")
    fallback_provider: str | None = strawberry.field(default=None, description="Who gives the fallback service "
                                                                               "(兜底服务方), up to 64 "
                                                                               "characters: required with mode "
                                                                               "none, ignored otherwise.")


@strawberry.input(description="Fallback-service money in (by source) or out, in fen (分).")
class RecordFallbackFundingInput:
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service; "
                                                              "its management mode must be none (三无小区).")
    on: date = strawberry.field(description="The day of the income or spending (日期), YYYY-MM-DD.")
    direction: str = strawberry.field(description="income or spending")
    amount_fen: int = strawberry.field(description="The amount in fen (金额, 分), 1 to 1,000,000,000: 100 fen = 1 "
                                                   "yuan.")
    source: str | None = strawberry.field(default=None, description="residents, operations, project_funds, subsidy")
    note: str | None = strawberry.field(default=None, description="What it was for (备注), up to 500 "
                                                                  "characters.")


@strawberry.input(description="A committee for one term (业委会/物管会).")
class CreateCommitteeInput:
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service, in "
                                                              "your scope.")
    compound_name: str | None = strawberry.field(
        default=None, description="Ignored: the name is taken from the grid service")
    term_starts: date = strawberry.field(description="First day of the term (任期开始), YYYY-MM-DD.")
    term_ends: date = strawberry.field(description="Last day of the term (任期结束), YYYY-MM-DD, after "
                                                   "termStarts.")
    kind: str = strawberry.field(default="owners", description="owners (业委会, default) or management "
                                                               "(物管会, where an owners' committee is not yet "
                                                               "possible).")
    branch_name: str | None = strawberry.field(default=None, description="The compound party branch (小区党支部) "
                                                                         "it works with, up to 64 characters; "
                                                                         "needed before members can hold a "
                                                                         "branch post.")


@strawberry.input(description="A committee member.")
class AddCommitteeMemberInput:
    committee_id: strawberry.ID = strawberry.field(description="The committee's id (业委会/物管会).")
    name: str = strawberry.field(description="The member's name (姓名), 1–64 characters.")
    role: str = strawberry.field(default="member", description="chair (主任, one per committee), vice_chair "
                                                               "(副主任) or member (委员, default).")
    party_member: bool = strawberry.field(default=False, description="Whether the member is a party member "
                                                                     "(党员); counts toward the red-committee "
                                                                     "check.")
    branch_post: str | None = strawberry.field(default=None, description="Post held in the compound party branch "
                                                                         "(交叉任职), e.g. 支部委员, up to 64 "
                                                                         "characters; the committee must name "
                                                                         "its branch first.")


@strawberry.input(description="An item of the negative list (十不宜).")
class DefineNegativeItemInput:
    code: str = strawberry.field(description="The item's code (条目编号), 1–16 letters, digits, - or _, unique "
                                             "in the list, e.g. N01.")
    text: str = strawberry.field(description="Who may not stand (不宜情形), 1–200 characters.")


@strawberry.input(description="A negative-list item that applies to the candidate, and why (十不宜情形).")
class ReviewHitInput:
    item_code: str = strawberry.field(description="The item's code on the tenant's negative list (十不宜条目).")
    reason: str = strawberry.field(description="Why it applies (情况说明), 1–500 characters.")


@strawberry.input(description="A candidate review; every hit carries its reason.")
class ReviewCandidateInput:
    committee_id: strawberry.ID = strawberry.field(description="The committee's id (业委会/物管会) the candidate "
                                                               "stands for.")
    candidate_name: str = strawberry.field(description="The candidate's name (候选人姓名), 1–64 characters.")
    hits: list[ReviewHitInput] = strawberry.field(default_factory=list, description="The items that apply, up "
                                                                                    "to 20; none: eligible "
                                                                                    "(资格审查通过).")
    note: str | None = strawberry.field(default=None, description="The reviewer's note (审查意见), up to 500 "
                                                                  "characters.")
