"""Dual registration (双报到): members report to their residence community, units pair with one."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from gateway.errors import OperationError
from gateway.organization.results import org_call
from gateway.payloads import payload
from shared.contracts.organization import RegistrationOut
from shared.contracts.validation import parse_id


@strawberry.type(description="A dual registration (双报到): a member with their residence community, or a "
                             "unit's party org paired with a community, with duties and pledge (三亮).")
class CommunityRegistration:
    id: strawberry.ID
    kind: str = strawberry.field(description="member (党员到居住地社区报到) or unit (单位党组织结对)")
    member_id: strawberry.ID | None
    org_id: strawberry.ID
    community_id: strawberry.ID
    duties: str | None = strawberry.field(description="亮职责")
    pledge: str = strawberry.field(description="亮承诺")
    registered_at: datetime

    @classmethod
    def from_rpc(cls, d: RegistrationOut) -> "CommunityRegistration":
        return cls(id=strawberry.ID(d["id"]), kind=d["kind"],
                   member_id=strawberry.ID(d["member_id"]) if d["member_id"] else None,
                   org_id=strawberry.ID(d["org_id"]), community_id=strawberry.ID(d["community_id"]),
                   duties=d["duties"], pledge=d["pledge"], registered_at=datetime.fromisoformat(d["registered_at"]))


@strawberry.input(description="An in-service member reports to a community (在职党员到社区报到); "
                              "the community defaults to the member's residence community.")
class RegisterWithCommunityInput:
    member_id: strawberry.ID
    duties: str
    pledge: str
    community_id: strawberry.ID | None = None


@strawberry.input(description="A unit's party org pairs with a community (单位党组织到社区报到).")
class PairUnitInput:
    org_id: strawberry.ID
    community_id: strawberry.ID
    pledge: str


RegistrationResult = Annotated[CommunityRegistration | OperationError, strawberry.union("CommunityRegistrationResult")]


@strawberry.type
class DualRegistrationQuery:
    @strawberry.field(description="Dual registrations in your scope, filtered by community, member or org (双报到).")
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
