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
from gateway.pagination import Connection, check_page, sort_cursor
from gateway.payloads import payload
from shared.contracts.organization import MemberOut, MemberPersonalOut, TransferOut
from shared.contracts.validation import parse_id
from shared.errors import ValidationFailed

MAX_PAGE = 200


@strawberry.type(description="A party member (党员). ID number and phone are masked (身份证号/手机号脱敏).")
class PartyMember:
    id: strawberry.ID = strawberry.field(description="The member's id on the roster (党员编号).")
    org_id: strawberry.ID = strawberry.field(description="The id of the party organization the member belongs "
                                                         "to (所在党组织).")
    name: str = strawberry.field(description="The member's name (姓名).")
    id_number_masked: str = strawberry.field(description="first 6 and last 4 characters")
    phone_masked: str | None = strawberry.field(description="first 3 and last 4 digits")
    join_date: date = strawberry.field(description="When the member joined the party (入党日期), YYYY-MM-DD.")
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
    items: list[PartyMember] = strawberry.field(description="The members of this page, by id (党员).")
    end_cursor: str | None = strawberry.field(description="The last item's id: pass it as `after` for the next "
                                                          "page; null for an empty page.")
    has_next_page: bool = strawberry.field(description="Whether more members follow this page.")


@strawberry.type(description="Unmasked personal data of a member (audited, 已留痕).")
class PartyMemberPersonalData:
    member_id: strawberry.ID = strawberry.field(description="The member's id on the roster (党员).")
    id_number: str = strawberry.field(description="The full 18-character ID-card number (身份证号明文).")
    phone: str | None = strawberry.field(description="The full 11-digit mobile number (手机号明文); null when "
                                                     "none is on file.")

    @classmethod
    def from_rpc(cls, d: MemberPersonalOut) -> "PartyMemberPersonalData":
        return cls(member_id=strawberry.ID(d["member_id"]), id_number=d["id_number"], phone=d["phone"])


@strawberry.type(description="A transfer of a member between orgs (组织关系转接记录).")
class MemberTransfer:
    id: strawberry.ID = strawberry.field(description="The transfer's id (转接记录编号).")
    member_id: strawberry.ID = strawberry.field(description="The member's id on the roster (党员).")
    from_org_id: strawberry.ID = strawberry.field(description="The party org's id the member left (转出党组织).")
    to_org_id: strawberry.ID = strawberry.field(description="The party org's id the member joined (转入党组织).")
    reason: str = strawberry.field(description="Why, as given (转接原因), e.g. moved house or changed job.")
    actor: str | None = strawberry.field(description="Who made the transfer: the caller's login (经办人); null "
                                                     "for one made by the system.")
    at: datetime = strawberry.field(description="When (转接时间): ISO 8601 date-time with UTC offset.")

    @classmethod
    def from_rpc(cls, d: TransferOut) -> "MemberTransfer":
        return cls(id=strawberry.ID(d["id"]), member_id=strawberry.ID(d["member_id"]),
                   from_org_id=strawberry.ID(d["from_org_id"]), to_org_id=strawberry.ID(d["to_org_id"]),
                   reason=d["reason"], actor=d["actor"], at=datetime.fromisoformat(d["at"]))


@strawberry.input(description="A new party member (党员登记). `idNumber` is the 18-character ID-card number.")
class AddPartyMemberInput:
    org_id: strawberry.ID = strawberry.field(description="The active party org's id the member belongs to "
                                                         "(所在党组织); the member takes its street, community "
                                                         "and grid.")
    name: str = strawberry.field(description="The member's name (姓名), 1–32 characters.")
    id_number: str = strawberry.field(description="The 18-character ID-card number (身份证号): 17 digits and a "
                                                  "digit or X; unique on the roster, stored encrypted.")
    join_date: date = strawberry.field(description="When the member joined the party (入党日期), YYYY-MM-DD.")
    phone: str | None = strawberry.field(default=None, description="11-digit mobile number starting with 1 "
                                                                   "(手机号), stored encrypted; optional.")
    status: str = strawberry.field(default="full", description="full (正式党员, default) or probationary "
                                                               "(预备党员).")
    employer_unit: str | None = strawberry.field(default=None, description="Where the member works (工作单位), "
                                                                           "up to 64 characters.")
    in_service: bool = strawberry.field(default=False, description="An in-service member (在职党员), who "
                                                                   "registers with their residence community "
                                                                   "(双报到).")
    residence_community_id: strawberry.ID | None = strawberry.field(
        default=None, description="The id of the community where the member lives (居住地社区), in the grid "
                                  "service; the default community of a dual registration.")


@strawberry.input(description="Move a member to another org (组织关系转接).")
class TransferPartyMemberInput:
    member_id: strawberry.ID = strawberry.field(description="The member's id on the roster (党员), in your "
                                                            "scope.")
    to_org_id: strawberry.ID = strawberry.field(description="The active party org's id to move the member to "
                                                            "(转入党组织); not the member's current org.")
    reason: str = strawberry.field(description="Why (转接原因), 1–200 characters.")


@strawberry.input(description="Show a member's unmasked ID number and phone, with the reason (查看明文，留痕).")
class RevealPartyMemberInput:
    member_id: strawberry.ID = strawberry.field(description="The member's id on the roster (党员), in your "
                                                            "scope.")
    reason: str = strawberry.field(description="Why you need the unmasked data (查看事由), 2–200 characters; "
                                               "written to the audit row.")


MemberResult = Annotated[PartyMember | OperationError, strawberry.union("PartyMemberResult")]
TransferResult = Annotated[MemberTransfer | OperationError, strawberry.union("MemberTransferResult")]
RevealResult = Annotated[PartyMemberPersonalData | OperationError, strawberry.union("RevealPartyMemberResult")]


@strawberry.type
class MemberQuery:
    @strawberry.field(description="Party members in your scope, optionally of one org (党员名册). `first` ≤ 200.",
                      deprecation_reason="Use partyMembersConnection (Relay connection).")
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

    @strawberry.field(description="Party members in your scope by name, then id (党员名册, 分页), optionally "
                                  "of one org. `first` ≤ 100; `after` is the `endCursor` of the previous page.")
    async def party_members_connection(self, info: strawberry.Info, first: int, after: str | None = None,
                                       org_id: strawberry.ID | None = None) -> Connection[PartyMember]:
        check_page(first, after, cursor_is_id=False)
        if org_id is not None:
            parse_id(org_id, "orgId")
        rows = await info.context.call("organization", "list_members", str(org_id) if org_id else None,
                                       first + 1, after, order="name")
        return Connection.of(rows, first, PartyMember.from_rpc, lambda r: sort_cursor(r["name"], r["id"]))

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
