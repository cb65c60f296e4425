"""Org tree queries and mutations (党组织体系): create, rename, move, dissolve, officers."""
from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from gateway.errors import OperationError
from gateway.loaders import orgs_by_id
from gateway.organization.results import org_call
from gateway.organization.types import Officer, OrgChange, PartyOrg
from gateway.payloads import payload
from shared.contracts.validation import parse_id

OrgResult = Annotated[PartyOrg | OperationError, strawberry.union("PartyOrgResult")]
OfficerResult = Annotated[Officer | OperationError, strawberry.union("OfficerResult")]


@strawberry.input(description="A new party organization (新建党组织). Place ids default to the parent's.")
class CreatePartyOrgInput:
    name: str = strawberry.field(description="The org's name (党组织名称), 1–64 characters, unique among the "
                                             "parent's active children.")
    type: str = strawberry.field(description="county_committee (县委, the root), street_working_committee "
                                             "(街道党工委), community_committee (社区党委), community_general_branch "
                                             "(社区党总支), grid_branch (网格党支部), compound_branch (小区党支部), "
                                             "party_group (党小组), agency (机关), school (学校), hospital (医院), "
                                             "state_firm (国有企业), private_firm (非公企业), social_org (社会组织), "
                                             "property_company (物业企业) or owners_committee (业委会); it must "
                                             "fit under the parent's type (TYPE_NOT_ALLOWED otherwise).")
    parent_id: strawberry.ID | None = strawberry.field(default=None, description="The parent org's id "
                                                                                 "(上级党组织); null only for the "
                                                                                 "county committee.")
    level: str | None = strawberry.field(default=None, description="for unit orgs: committee, "
                                                                   "general_branch or branch (default)")
    street_id: strawberry.ID | None = strawberry.field(default=None, description="The street's id (街道) in the "
                                                                                 "grid service; default the "
                                                                                 "parent's.")
    community_id: strawberry.ID | None = strawberry.field(default=None, description="The community's id (社区) "
                                                                                    "in the grid service; default "
                                                                                    "the parent's.")
    grid_id: strawberry.ID | None = strawberry.field(default=None, description="The grid's id (网格) in the grid "
                                                                               "service; default the parent's.")


@strawberry.input(description="Rename an org (更名).")
class RenamePartyOrgInput:
    org_id: strawberry.ID = strawberry.field(description="The active org's id to rename (党组织).")
    name: str = strawberry.field(description="The new name (新名称), 1–64 characters, unique among its active "
                                             "siblings.")


@strawberry.input(description="Move an org and its subtree under another parent (调整隶属关系).")
class MovePartyOrgInput:
    org_id: strawberry.ID = strawberry.field(description="The active org's id to move, with its subtree "
                                                         "(党组织).")
    new_parent_id: strawberry.ID = strawberry.field(description="The new parent org's id (新上级党组织): active, "
                                                                "not the org itself or one of its descendants, "
                                                                "and of a type the org may sit under.")


@strawberry.input(description="Dissolve an org (撤销); it stays in history.")
class DissolvePartyOrgInput:
    org_id: strawberry.ID = strawberry.field(description="The org's id to dissolve (党组织); it must have no "
                                                         "active sub-orgs and no members left (transfer them "
                                                         "first).")
    reason: str = strawberry.field(description="Why it is dissolved (撤销原因), 1–200 characters; kept in its "
                                               "history.")


@strawberry.input(description="Appoint a secretary or committee member for a term (任命书记/委员).")
class AppointOfficerInput:
    org_id: strawberry.ID = strawberry.field(description="The active org's id (党组织) the officer serves.")
    name: str = strawberry.field(description="The officer's name (姓名), 1–32 characters.")
    role: str = strawberry.field(description="secretary (书记), deputy_secretary (副书记), member (委员), "
                                             "first_secretary (第一书记) or part_time_member (兼职委员). One "
                                             "secretary and one first secretary at a time: their terms may not "
                                             "overlap.")
    term_start: date = strawberry.field(description="First day of the term (任期开始), YYYY-MM-DD.")
    term_end: date | None = strawberry.field(default=None, description="Last day of the term (任期结束), "
                                                                       "YYYY-MM-DD, not before termStart; null: "
                                                                       "open until endOfficerTerm.")
    member_id: strawberry.ID | None = strawberry.field(default=None, description="The party member's id on the "
                                                                                 "roster (党员), if the officer "
                                                                                 "is on it.")


@strawberry.type
class OrgTreeQuery:
    @strawberry.field(description="The whole org tree in your scope in one call (党组织树): a flat list, "
                                  "parents before children, with parentId, depth and path.")
    async def org_tree(self, info: strawberry.Info, include_dissolved: bool = False) -> list[PartyOrg]:
        rows = await info.context.call("organization", "org_tree", include_dissolved)
        return [PartyOrg.from_rpc(r) for r in rows]

    @strawberry.field(description="One party organization in your scope, or null (党组织).")
    async def party_org(self, info: strawberry.Info, id: strawberry.ID) -> PartyOrg | None:
        parse_id(id, "id")
        return await info.context.loader("orgs_by_id", orgs_by_id).load(str(id))

    @strawberry.field(description="Changes of an org, oldest first (组织沿革).")
    async def org_history(self, info: strawberry.Info, org_id: strawberry.ID) -> list[OrgChange]:
        parse_id(org_id, "orgId")
        return [OrgChange.from_rpc(r) for r in await info.context.call("organization", "org_history", str(org_id))]


@strawberry.type
class OrgTreeMutation:
    @strawberry.mutation(description="Create a party organization (新建党组织). Refused: TYPE_NOT_ALLOWED "
                                     "under that parent, CONFLICT for a duplicate name among active siblings.")
    async def create_party_org(self, info: strawberry.Info, input: CreatePartyOrgInput) -> OrgResult:
        return await org_call(info, "create_org", payload(input), build=PartyOrg.from_rpc)

    @strawberry.mutation(description="Rename a party organization (党组织更名).")
    async def rename_party_org(self, info: strawberry.Info, input: RenamePartyOrgInput) -> OrgResult:
        return await org_call(info, "rename_org", payload(input), build=PartyOrg.from_rpc)

    @strawberry.mutation(description="Move an org with its subtree (调整隶属关系). Refused: CYCLE under its own "
                                     "descendant, TYPE_NOT_ALLOWED, CONFLICT for a duplicate name.")
    async def move_party_org(self, info: strawberry.Info, input: MovePartyOrgInput) -> OrgResult:
        return await org_call(info, "move_org", payload(input), build=PartyOrg.from_rpc)

    @strawberry.mutation(description="Dissolve an org (撤销党组织): kept with status dissolved and its history.")
    async def dissolve_party_org(self, info: strawberry.Info, input: DissolvePartyOrgInput) -> OrgResult:
        return await org_call(info, "dissolve_org", payload(input), build=PartyOrg.from_rpc)

    @strawberry.mutation(description="Appoint a secretary or committee member (任命书记/委员); one secretary at a time.")
    async def appoint_officer(self, info: strawberry.Info, input: AppointOfficerInput) -> OfficerResult:
        data = payload(input)
        for key in ("term_start", "term_end"):
            data[key] = data[key].isoformat() if data.get(key) else data.get(key)
        return await org_call(info, "appoint_officer", data, build=Officer.from_rpc)

    @strawberry.mutation(description="End an officer's term (任期届满/免职).")
    async def end_officer_term(self, info: strawberry.Info, officer_id: strawberry.ID,
                               term_end: date) -> OfficerResult:
        return await org_call(info, "end_officer_term", str(officer_id), term_end.isoformat(),
                              build=Officer.from_rpc)
