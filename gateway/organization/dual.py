"""Dual registration (双报到): members report to their residence community, units pair with one."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from gateway.errors import OperationError
from gateway.organization.results import org_call
from gateway.pagination import Connection, check_page, sort_cursor
from gateway.payloads import payload
from shared.contracts.organization import RegistrationOut
from shared.contracts.validation import parse_id


@strawberry.type(description="A dual registration (双报到): a member with their residence community, or a "
                             "unit's party org paired with a community, with duties and pledge (三亮).")
class CommunityRegistration:
    id: strawberry.ID = strawberry.field(description="The registration's id (报到编号).")
    kind: str = strawberry.field(description="member (党员到居住地社区报到) or unit (单位党组织结对)")
    member_id: strawberry.ID | None = strawberry.field(description="The in-service member's id on the roster "
                                                                   "(在职党员) for kind member; null for a unit.")
    org_id: strawberry.ID = strawberry.field(description="For a member, the id of the member's own party org "
                                                         "(所在党组织); for a unit, the unit's party org id "
                                                         "(单位党组织).")
    community_id: strawberry.ID = strawberry.field(description="The community's id (报到社区) in the grid "
                                                               "service.")
    duties: str | None = strawberry.field(description="The duties the member shows (亮职责, 三亮); null for a "
                                                      "unit.")
    pledge: str = strawberry.field(description="The pledge made to the community (亮承诺, 三亮).")
    registered_at: datetime = strawberry.field(description="When it was registered (报到时间): ISO 8601 "
                                                           "date-time with UTC offset.")

    @classmethod
    def from_rpc(cls, d: RegistrationOut) -> "CommunityRegistration":
        return cls(id=strawberry.ID(d["id"]), kind=d["kind"],
                   member_id=strawberry.ID(d["member_id"]) if d["member_id"] else None,
                   org_id=strawberry.ID(d["org_id"]), community_id=strawberry.ID(d["community_id"]),
                   duties=d["duties"], pledge=d["pledge"], registered_at=datetime.fromisoformat(d["registered_at"]))


@strawberry.input(description="An in-service member reports to a community (在职党员到社区报到); "
                              "the community defaults to the member's residence community.")
class RegisterWithCommunityInput:
    member_id: strawberry.ID = strawberry.field(description="The member's id on the roster (党员), in your "
                                                            "scope; the member must be in service (在职党员).")
    duties: str = strawberry.field(description="The duties the member shows (亮职责), 1–200 characters.")
    pledge: str = strawberry.field(description="What the member pledges to do in the community (亮承诺), "
                                               "1–500 characters.")
    community_id: strawberry.ID | None = strawberry.field(
        default=None, description="The community's id (社区) in the grid service; default the member's "
                                  "residence community (居住地社区). Once per member and community.")


@strawberry.input(description="A unit's party org pairs with a community (单位党组织到社区报到).")
class PairUnitInput:
    org_id: strawberry.ID = strawberry.field(description="The unit's active party org id (单位党组织): agency, "
                                                         "school, hospital, state_firm, private_firm, social_org "
                                                         "or property_company.")
    community_id: strawberry.ID = strawberry.field(description="The community's id (结对社区) in the grid "
                                                               "service; once per unit and community.")
    pledge: str = strawberry.field(description="What the unit pledges to the community (亮承诺), 1–500 "
                                               "characters.")


RegistrationResult = Annotated[CommunityRegistration | OperationError, strawberry.union("CommunityRegistrationResult")]


@strawberry.type
class DualRegistrationQuery:
    @strawberry.field(description="Dual registrations in your scope, filtered by community, member or org (双报到).",
                      deprecation_reason="Use communityRegistrationsConnection (Relay connection).")
    async def community_registrations(self, info: strawberry.Info, community_id: strawberry.ID | None = None,
                                      member_id: strawberry.ID | None = None,
                                      org_id: strawberry.ID | None = None) -> list[CommunityRegistration]:
        args = {"community_id": community_id, "member_id": member_id, "org_id": org_id}
        for name, value in args.items():
            if value is not None:
                parse_id(value, name)
        rows = await info.context.call("organization", "registrations",
                                       **{k: str(v) for k, v in args.items() if v is not None})
        return [CommunityRegistration.from_rpc(r) for r in rows]

    @strawberry.field(description="Dual registrations in your scope, newest first, then by id (双报到, 分页), "
                                  "filtered by community, member or org. `first` ≤ 100; `after` is the "
                                  "`endCursor` of the previous page.")
    async def community_registrations_connection(
            self, info: strawberry.Info, first: int, after: str | None = None,
            community_id: strawberry.ID | None = None, member_id: strawberry.ID | None = None,
            org_id: strawberry.ID | None = None) -> Connection[CommunityRegistration]:
        check_page(first, after, cursor_is_id=False)
        args = {"communityId": community_id, "memberId": member_id, "orgId": org_id}
        for name, value in args.items():
            if value is not None:
                parse_id(value, name)
        rows = await info.context.call(
            "organization", "registrations", community_id=str(community_id) if community_id else None,
            member_id=str(member_id) if member_id else None, org_id=str(org_id) if org_id else None,
            limit=first + 1, after=after)
        return Connection.of(rows, first, CommunityRegistration.from_rpc,
                             lambda r: sort_cursor(r["registered_at"], r["id"]))


@strawberry.type
class DualRegistrationMutation:
    @strawberry.mutation(description="Register an in-service member with a community (双报到). "
                                     "Emits member.registered_with_community.")
    async def register_with_community(self, info: strawberry.Info,
                                      input: RegisterWithCommunityInput) -> RegistrationResult:
        return await org_call(info, "register_with_community", payload(input), build=CommunityRegistration.from_rpc)

    @strawberry.mutation(description="Pair a unit's party org with a community (单位结对共建).")
    async def pair_unit_with_community(self, info: strawberry.Info, input: PairUnitInput) -> RegistrationResult:
        return await org_call(info, "pair_unit", payload(input), build=CommunityRegistration.from_rpc)
