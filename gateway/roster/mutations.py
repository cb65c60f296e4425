"""Roster mutations: each returns the result or an OperationError (nothing written)."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.errors import OperationError, as_data
from gateway.payloads import payload
from gateway.roster.types import LEVELS, Post, StaffingReport
from shared.errors import CivicError


@strawberry.input(description="Appoint a person to a post (任命岗位). Places required by level: "
                              "communityId (community_work_team), compoundId (compound_party_leader), "
                              "gridId (grid_worker, community_police), gridId+buildingId "
                              "(building_head), +unit (unit_head), +unit+floor (sub_floor_head, floor_head).")
class AppointPostInput:
    level: str = strawberry.field(description=LEVELS)
    holder_name: str = strawberry.field(description="The holder's name (任职人姓名), 1–32 characters; "
                                                    "without residentId it identifies the person in counts.")
    resident_id: strawberry.ID | None = strawberry.field(
        default=None, description="The holder in the residents registry: posts of one person share it.")
    community_id: strawberry.ID | None = strawberry.field(default=None, description=(
        "The community's id (社区): required for community_work_team; all places must be in one "
        "community."))
    compound_id: strawberry.ID | None = strawberry.field(default=None, description=(
        "The compound's id (小区): required for compound_party_leader."))
    grid_id: strawberry.ID | None = strawberry.field(default=None, description=(
        "The grid's id (网格): required from grid_worker down and for community_police; optional for "
        "compound_party_leader."))
    building_id: strawberry.ID | None = strawberry.field(default=None, description=(
        "The building's id (楼栋): required for building, unit, sub-floor and floor heads; refused "
        "above them."))
    unit: str | None = strawberry.field(default=None, description=(
        "The unit (单元), 1–16 characters: required for unit, sub-floor and floor heads; refused "
        "above them."))
    floor: str | None = strawberry.field(default=None, description=(
        "The floor (楼层), 1–16 characters, e.g. \"5\", or a range such as \"1-3\" for a sub-floor "
        "head (分层长): required for sub-floor and floor heads; refused above them."))


PostResult = Annotated[Post | OperationError, strawberry.union("AppointPostResult")]
VacateResult = Annotated[Post | OperationError, strawberry.union("VacatePostResult")]
ReportResult = Annotated[StaffingReport | OperationError, strawberry.union("SetStaffingModelResult")]


@strawberry.type
class RosterMutation:
    @strawberry.mutation(description="Appoint a person to a roster post (任命岗位).")
    async def appoint_post(self, info: strawberry.Info, input: AppointPostInput) -> PostResult:
        try:
            return Post.from_rpc(await info.context.call("grid", "appoint_post", payload(input)))
        except CivicError as exc:
            return as_data(exc, info.context.language)

    @strawberry.mutation(description="Remove a post (离任): returns the post as it was.")
    async def vacate_post(self, info: strawberry.Info, id: strawberry.ID) -> VacateResult:
        try:
            return Post.from_rpc(await info.context.call("grid", "vacate_post", str(id)))
        except CivicError as exc:
            return as_data(exc, info.context.language)

    @strawberry.mutation(description='Choose the staffing model: "1+2+N", "1+1+N" or "三长三员一民警" '
                                     "(配备模式); returns the new report. County admins only.")
    async def set_staffing_model(self, info: strawberry.Info, model: str) -> ReportResult:
        try:
            return StaffingReport.from_rpc(await info.context.call("grid", "set_staffing_model", model))
        except CivicError as exc:
            return as_data(exc, info.context.language)
