"""Party member roster (党员名册) and transfers (组织关系转接). Personal data is masked; the
unmasked read is a mutation because it writes an audit row."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from gateway.errors import OperationError
from gateway.loaders import orgs_by_id
from gateway.organization.results import org_call
from gateway.organization.types import PartyOrg
from gateway.payloads import payload
from shared.contracts.organization import MemberOut, MemberPersonalOut, TransferOut
from shared.contracts.validation import parse_id
from shared.errors import ValidationFailed

MAX_PAGE = 200


@strawberry.type(description="A party member (党员). ID number and phone are masked (身份证号/手机号脱敏).")
class PartyMember:
    id: strawberry.ID
    org_id: strawberry.ID
    name: str
    id_number_masked: str = strawberry.field(description="first 6 and last 4 characters")
    phone_masked: str | None = strawberry.field(description="first 3 and last 4 digits")
    join_date: date
    status: str = strawberry.field(description="full (正式党员) or probationary (预备党员)")
    employer_unit: str | None = strawberry.field(description="工作单位")
    in_service: bool = strawberry.field(description="在职党员 (may register with a community, 双报到)")
    residence_community_id: strawberry.ID | None = strawberry.field(description="居住地社区")

    @strawberry.field(description="The member's party organization (所在党组织).")
    async def org(self, info: strawberry.Info) -> PartyOrg | None:
        return await info.context.loader("orgs_by_id", orgs_by_id).load(str(self.org_id))

    @classmethod
    def from_rpc(cls, d: MemberOut) -> "PartyMember":
        return cls(id=strawberry.ID(d["id"]), org_id=strawberry.ID(d["org_id"]), name=d["name"],
                   id_number_masked=d["id_number_masked"], phone_masked=d["phone_masked"],
                   join_date=date.fromisoformat(d["join_date"]), status=d["status"],
                   employer_unit=d["employer_unit"], in_service=d["in_service"],
                   residence_community_id=strawberry.ID(d["residence_community_id"])
                   if d["residence_community_id"] else None)


@strawberry.type(description="A page of party members, ordered by id.")
class PartyMemberPage:
    items: list[PartyMember]
    end_cursor: str | None
    has_next_page: bool


@strawberry.type(description="Unmasked personal data of a member (audited, 已留痕).")
class PartyMemberPersonalData:
    member_id: strawberry.ID
    id_number: str
    phone: str | None

    @classmethod
    def from_rpc(cls, d: MemberPersonalOut) -> "PartyMemberPersonalData":
        return cls(member_id=strawberry.ID(d["member_id"]), id_number=d["id_number"], phone=d["phone"])


@strawberry.type(description="A transfer of a member between orgs (组织关系转接记录).")
class MemberTransfer:
    id: strawberry.ID
    member_id: strawberry.ID
    from_org_id: strawberry.ID
    to_org_id: strawberry.ID
    reason: str
    actor: str | None
    at: datetime

    @classmethod
    def from_rpc(cls, d: TransferOut) -> "MemberTransfer":
        return cls(id=strawberry.ID(d["id"]), member_id=strawberry.ID(d["member_id"]),
                   from_org_id=strawberry.ID(d["from_org_id"]), to_org_id=strawberry.ID(d["to_org_id"]),
                   reason=d["reason"], actor=d["actor"], at=datetime.fromisoformat(d["at"]))


@strawberry.input(description="A new party member (党员登记). `idNumber` is the 18-character ID-card number.")
class AddPartyMemberInput:
    org_id: strawberry.ID
    name: str
    id_number: str
    join_date: date
    phone: str | None = None
    status: str = "full"
    employer_unit: str | None = None
    in_service: bool = False
    residence_community_id: strawberry.ID | None = None


@strawberry.input(description="Move a member to another org (组织关系转接).")
class TransferPartyMemberInput:
    member_id: strawberry.ID
    to_org_id: strawberry.ID
    reason: str


@strawberry.input(description="Show a member's unmasked ID number and phone, with the reason (查看明文，留痕).")
class RevealPartyMemberInput:
    member_id: strawberry.ID
    reason: str


MemberResult = Annotated[PartyMember | OperationError, strawberry.union("PartyMemberResult")]
TransferResult = Annotated[MemberTransfer | OperationError, strawberry.union("MemberTransferResult")]
RevealResult = Annotated[PartyMemberPersonalData | OperationError, strawberry.union("RevealPartyMemberResult")]


@strawberry.type
class MemberQuery:
    @strawberry.field(description="Party members in your scope, optionally of one org (党员名册). `first` ≤ 200.")
    async def party_members(self, info: strawberry.Info, first: int = 50, after: str | None = None,
                            org_id: strawberry.ID | None = None) -> PartyMemberPage:
        if not 1 <= first <= MAX_PAGE:
            raise ValidationFailed([{"field": "first", "message": f"first must be 1..{MAX_PAGE}",
                                     "message_zh": f"first 须在 1 到 {MAX_PAGE} 之间"}])
        rows = await info.context.call("organization", "list_members", str(org_id) if org_id else None,
                                       first + 1, after)
        items = [PartyMember.from_rpc(r) for r in rows[:first]]
        return PartyMemberPage(items=items, has_next_page=len(rows) > first,
                               end_cursor=str(items[-1].id) if items else None)

    @strawberry.field(description="The member with exactly this ID-card number, or null (按身份证号精确查找).")
    async def party_member_by_id_number(self, info: strawberry.Info, id_number: str) -> PartyMember | None:
        row = await info.context.call("organization", "find_member", id_number)
        return PartyMember.from_rpc(row) if row else None

    @strawberry.field(description="A member's transfers, oldest first (组织关系转接记录).")
    async def member_transfers(self, info: strawberry.Info, member_id: strawberry.ID) -> list[MemberTransfer]:
        parse_id(member_id, "memberId")
        rows = await info.context.call("organization", "member_transfers", str(member_id))
        return [MemberTransfer.from_rpc(r) for r in rows]


@strawberry.type
class MemberMutation:
    @strawberry.mutation(description="Add a party member to an org (党员登记). ID number and phone are stored encrypted.")
    async def add_party_member(self, info: strawberry.Info, input: AddPartyMemberInput) -> MemberResult:
        return await org_call(info, "add_member", payload(input), build=PartyMember.from_rpc)

    @strawberry.mutation(description="Transfer a member to another org (组织关系转接). Emits member.transferred.")
    async def transfer_party_member(self, info: strawberry.Info, input: TransferPartyMemberInput) -> TransferResult:
        return await org_call(info, "transfer_member", payload(input), build=MemberTransfer.from_rpc)

    @strawberry.mutation(description="Unmasked ID number and phone (查看明文): county admins only; "
                                     "every call writes an audit row (访问留痕).")
    async def reveal_party_member(self, info: strawberry.Info, input: RevealPartyMemberInput) -> RevealResult:
        return await org_call(info, "reveal_member", payload(input), build=PartyMemberPersonalData.from_rpc)
