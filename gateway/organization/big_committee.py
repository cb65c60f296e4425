"""The big party committee "1+1+X+N" (社区大党委) and the street's big working committee (大工委)."""
from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from gateway.errors import OperationError
from gateway.organization.results import org_call
from gateway.organization.types import Officer
from gateway.payloads import payload
from shared.contracts.organization import BigCommitteeOut, MemberUnitOut, ProjectOut
from shared.contracts.validation import parse_id
from shared.errors import CivicError


@strawberry.type(description="A member unit of a big committee (成员单位).")
class CommitteeMemberUnit:
    unit_org_id: strawberry.ID = strawberry.field(description="The member unit's party org id (成员单位党组织).")
    name: str = strawberry.field(description="The unit's party org name (成员单位名称).")
    type: str = strawberry.field(description="The unit's org type: agency (机关), school (学校), hospital (医院) "
                                             "or state_firm (国有企业) for X; private_firm (非公企业), social_org "
                                             "(社会组织) or property_company (物业企业) for N.")
    category: str = strawberry.field(description="X: stationed agency/institution (驻区单位); "
                                                 "N: firm or social organization (非公企业、社会组织)")
    joined_on: date = strawberry.field(description="When the unit joined the committee (加入日期), YYYY-MM-DD.")

    @classmethod
    def from_rpc(cls, d: MemberUnitOut) -> "CommitteeMemberUnit":
        return cls(unit_org_id=strawberry.ID(d["unit_org_id"]), name=d["name"], type=d["type"],
                   category=d["category"], joined_on=date.fromisoformat(d["joined_on"]))


@strawberry.type(description="A project led by a part-time committee member (兼职委员领办项目).")
class CommitteeProject:
    id: strawberry.ID = strawberry.field(description="The project's id (项目编号): pass it to "
                                                     "updateProjectProgress.")
    committee_id: strawberry.ID = strawberry.field(description="The big committee's party org id (大党委/大工委): "
                                                               "the community committee or street working "
                                                               "committee the officer serves on.")
    officer_id: strawberry.ID = strawberry.field(description="The part-time member's officer id (兼职委员) who "
                                                             "leads it.")
    officer_name: str = strawberry.field(description="The part-time member's name (领办人).")
    year: int = strawberry.field(description="The year it is led in (年度), e.g. 2025.")
    title: str = strawberry.field(description="What the project is (项目名称), 1–100 characters.")
    progress: int = strawberry.field(description="0–100 (%)")
    note: str | None = strawberry.field(description="The latest progress note (进展说明); null until one is "
                                                    "given.")

    @classmethod
    def from_rpc(cls, d: ProjectOut) -> "CommitteeProject":
        return cls(id=strawberry.ID(d["id"]), committee_id=strawberry.ID(d["committee_id"]),
                   officer_id=strawberry.ID(d["officer_id"]), officer_name=d["officer_name"], year=d["year"],
                   title=d["title"], progress=d["progress"], note=d["note"])


@strawberry.type(description="A big party committee (大党委) or big working committee (大工委) as it stands today.")
class BigCommittee:
    committee_id: strawberry.ID = strawberry.field(description="The party org id of the community committee or "
                                                               "general branch (社区党委/总支), or the street "
                                                               "working committee (街道党工委), that forms it.")
    formula: str = strawberry.field(description='"1+1+X+N" as it stands, e.g. "1+1+4+6": secretary serving '
                                                '(1 or 0), first secretary serving (1 or 0), X units, N units')
    secretary: str | None = strawberry.field(description="The serving secretary's name (书记); null when the "
                                                         "seat is empty.")
    first_secretary: str | None = strawberry.field(description="The serving first secretary's name (第一书记), "
                                                               "usually a city or county leader; null when "
                                                               "none.")
    part_time_members: list[Officer] = strawberry.field(description="Serving part-time members (兼职委员), e.g. "
                                                                    "department deputies, by name.")
    stationed_units: list[CommitteeMemberUnit] = strawberry.field(description="X: stationed agencies and "
                                                                              "institutions (驻区单位), by name.")
    other_units: list[CommitteeMemberUnit] = strawberry.field(description="N: private firms, social "
                                                                          "organizations and property companies "
                                                                          "(非公企业、社会组织), by name.")
    projects: list[CommitteeProject] = strawberry.field(description="Projects led by part-time members in the "
                                                                    "requested year (领办项目), by title.")

    @classmethod
    def from_rpc(cls, d: BigCommitteeOut) -> "BigCommittee":
        return cls(committee_id=strawberry.ID(d["committee_id"]), formula=d["formula"], secretary=d["secretary"],
                   first_secretary=d["first_secretary"],
                   part_time_members=[Officer.from_rpc(o) for o in d["part_time_members"]],
                   stationed_units=[CommitteeMemberUnit.from_rpc(u) for u in d["stationed_units"]],
                   other_units=[CommitteeMemberUnit.from_rpc(u) for u in d["other_units"]],
                   projects=[CommitteeProject.from_rpc(p) for p in d["projects"]])


@strawberry.input(description="A unit's party org joins a big committee (成员单位加入).")
class AddCommitteeMemberUnitInput:
    committee_id: strawberry.ID = strawberry.field(description="The committee's party org id: a community "
                                                               "committee or general branch (大党委) or a street "
                                                               "working committee (大工委).")
    unit_org_id: strawberry.ID = strawberry.field(description="The unit's active party org id (成员单位党组织): "
                                                              "agency, school, hospital or state_firm count as X; "
                                                              "private_firm, social_org or property_company as "
                                                              "N. Once per committee.")
    joined_on: date = strawberry.field(description="When the unit joined (加入日期), YYYY-MM-DD.")


@strawberry.input(description="A project a part-time member leads this year (领办项目); at most 2 a year.")
class AddCommitteeProjectInput:
    officer_id: strawberry.ID = strawberry.field(description="The officer id of a part-time member (兼职委员) of "
                                                             "a big committee; at most 2 projects a year each.")
    year: int = strawberry.field(description="The year it is led in (年度), 2000–2100.")
    title: str = strawberry.field(description="What the project is (项目名称), 1–100 characters.")


@strawberry.input(description="Progress of a led project (项目进度).")
class UpdateProjectProgressInput:
    project_id: strawberry.ID = strawberry.field(description="The led project's id (项目).")
    progress: int = strawberry.field(description="Progress now (项目进度), 0–100 (%); replaces the last "
                                                 "figure.")
    note: str | None = strawberry.field(default=None, description="What was done (进展说明), up to 500 "
                                                                  "characters; replaces the last note, null "
                                                                  "clears it.")


CommitteeResult = Annotated[BigCommittee | OperationError, strawberry.union("BigCommitteeResult")]
ProjectResult = Annotated[CommitteeProject | OperationError, strawberry.union("CommitteeProjectResult")]


@strawberry.type
class BigCommitteeQuery:
    @strawberry.field(description='A community big party committee or street big working committee, "1+1+X+N" '
                                  "(大党委/大工委), or null outside your tenant or scope.")
    async def big_committee(self, info: strawberry.Info, committee_id: strawberry.ID, year: int) -> BigCommittee | None:
        parse_id(committee_id, "committeeId")
        try:
            return BigCommittee.from_rpc(await info.context.call("organization", "big_committee",
                                                                 str(committee_id), year))
        except CivicError as exc:
            if exc.code == "NOT_FOUND":
                return None
            raise


@strawberry.type
class BigCommitteeMutation:
    @strawberry.mutation(description="Add a member unit to a big committee (吸纳成员单位); returns the committee.")
    async def add_committee_member_unit(self, info: strawberry.Info,
                                        input: AddCommitteeMemberUnitInput) -> CommitteeResult:
        return await org_call(info, "add_member_unit", payload(input), build=BigCommittee.from_rpc)

    @strawberry.mutation(description="A part-time member takes on a project (兼职委员领办项目).")
    async def add_committee_project(self, info: strawberry.Info, input: AddCommitteeProjectInput) -> ProjectResult:
        return await org_call(info, "add_committee_project", payload(input), build=CommitteeProject.from_rpc)

    @strawberry.mutation(description="Report a project's progress (更新项目进度).")
    async def update_project_progress(self, info: strawberry.Info,
                                      input: UpdateProjectProgressInput) -> ProjectResult:
        return await org_call(info, "update_project_progress", payload(input), build=CommitteeProject.from_rpc)
