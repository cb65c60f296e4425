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
    unit_org_id: strawberry.ID
    name: str
    type: str
    category: str = strawberry.field(description="X: stationed agency/institution (驻区单位); "
                                                 "N: firm or social organization (非公企业、社会组织)")
    joined_on: date

    @classmethod
    def from_rpc(cls, d: MemberUnitOut) -> "CommitteeMemberUnit":
        return cls(unit_org_id=strawberry.ID(d["unit_org_id"]), name=d["name"], type=d["type"],
                   category=d["category"], joined_on=date.fromisoformat(d["joined_on"]))


@strawberry.type(description="A project led by a part-time committee member (兼职委员领办项目).")
class CommitteeProject:
    id: strawberry.ID
    committee_id: strawberry.ID
    officer_id: strawberry.ID
    officer_name: str
    year: int
    title: str
    progress: int = strawberry.field(description="0–100 (%)")
    note: str | None

    @classmethod
    def from_rpc(cls, d: ProjectOut) -> "CommitteeProject":
        return cls(id=strawberry.ID(d["id"]), committee_id=strawberry.ID(d["committee_id"]),
                   officer_id=strawberry.ID(d["officer_id"]), officer_name=d["officer_name"], year=d["year"],
                   title=d["title"], progress=d["progress"], note=d["note"])


@strawberry.type(description="A big party committee (大党委) or big working committee (大工委) as it stands today.")
class BigCommittee:
    committee_id: strawberry.ID
    formula: str = strawberry.field(description='"1+1+X+N": secretary, first secretary, X units, N units')
    secretary: str | None = strawberry.field(description="书记")
    first_secretary: str | None = strawberry.field(description="第一书记")
    part_time_members: list[Officer] = strawberry.field(description="兼职委员")
    stationed_units: list[CommitteeMemberUnit] = strawberry.field(description="X")
    other_units: list[CommitteeMemberUnit] = strawberry.field(description="N")
    projects: list[CommitteeProject] = strawberry.field(description="projects of the requested year")

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
    committee_id: strawberry.ID
    unit_org_id: strawberry.ID
    joined_on: date


@strawberry.input(description="A project a part-time member leads this year (领办项目); at most 2 a year.")
class AddCommitteeProjectInput:
    officer_id: strawberry.ID
    year: int
    title: str


@strawberry.input(description="Progress of a led project (项目进度).")
class UpdateProjectProgressInput:
    project_id: strawberry.ID
    progress: int
    note: str | None = None


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
