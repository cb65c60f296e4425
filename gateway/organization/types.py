"""Types of the party organization tree (党组织体系)."""
from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON

from gateway.loaders import officers_by_org
from shared.contracts.organization import OfficerOut, OrgHistoryOut, OrgOut


def _id(value: str | None) -> strawberry.ID | None:
    return strawberry.ID(value) if value else None


@strawberry.type(description="A secretary or committee member with a term (书记/委员及任期).")
class Officer:
    id: strawberry.ID = strawberry.field(description="The appointment's id (任职编号): pass it to endOfficerTerm; "
                                                     "a part-time member's id is the officerId of a led project.")
    org_id: strawberry.ID = strawberry.field(description="The party organization's id (所在党组织).")
    name: str = strawberry.field(description="The officer's name as appointed (姓名), 1–32 characters.")
    role: str = strawberry.field(description="secretary (书记), deputy_secretary (副书记), member (委员), "
                                             "first_secretary (第一书记), part_time_member (兼职委员)")
    member_id: strawberry.ID | None = strawberry.field(description="The party member's id on the roster (党员), "
                                                                   "if the officer is on it; null otherwise, "
                                                                   "e.g. a first secretary from another county "
                                                                   "body.")
    term_start: date = strawberry.field(description="First day of the term (任期开始), YYYY-MM-DD.")
    term_end: date | None = strawberry.field(description="Last day of the term (任期结束), YYYY-MM-DD; null while "
                                                         "serving with no end date set.")

    @classmethod
    def from_rpc(cls, data: OfficerOut) -> "Officer":
        return cls(id=strawberry.ID(data["id"]), org_id=strawberry.ID(data["org_id"]), name=data["name"],
                   role=data["role"], member_id=_id(data["member_id"]),
                   term_start=date.fromisoformat(data["term_start"]),
                   term_end=date.fromisoformat(data["term_end"]) if data["term_end"] else None)


@strawberry.type(description="A party organization (党组织) in the county's tree. The tree comes "
                             "flat: parents before children, with parentId, depth and path.")
class PartyOrg:
    id: strawberry.ID = strawberry.field(description="The party organization's id (党组织编号).")
    parent_id: strawberry.ID | None = strawberry.field(description="The parent org's id (上级党组织); null for the "
                                                                   "root, the county committee (县委).")
    name: str = strawberry.field(description="The org's name (党组织名称), 1–64 characters, unique among its "
                                             "active siblings.")
    type: str = strawberry.field(description="county_committee (县委), street_working_committee (街道党工委), "
                                             "community_committee (社区党委), community_general_branch (社区党总支), "
                                             "grid_branch, compound_branch, party_group (党小组), agency, school, "
                                             "hospital, state_firm, private_firm, social_org, property_company, "
                                             "owners_committee")
    level: str = strawberry.field(description="committee, working_committee, general_branch, branch, group")
    status: str = strawberry.field(description="active, or dissolved (已撤销; kept in history)")
    depth: int = strawberry.field(description="Levels below the root (层级深度): 0 for the county committee, "
                                              "1 for a street working committee, and so on (at most 11).")
    path: str = strawberry.field(description="ids from the root, '/'-separated (hex)")
    street_id: strawberry.ID | None = strawberry.field(description="The street's id (所属街道) in the grid "
                                                                   "service; inherited from the parent unless "
                                                                   "given. Places decide who sees the org.")
    community_id: strawberry.ID | None = strawberry.field(description="The community's id (所属社区) in the grid "
                                                                      "service; inherited from the parent "
                                                                      "unless given.")
    grid_id: strawberry.ID | None = strawberry.field(description="The grid's id (所属网格) in the grid service, "
                                                                 "for grid branches and below; inherited from "
                                                                 "the parent unless given.")
    created_at: datetime = strawberry.field(description="When the org was created here (建立时间): ISO 8601 "
                                                        "date-time with UTC offset.")
    dissolved_at: datetime | None = strawberry.field(description="When it was dissolved (撤销时间): ISO 8601 "
                                                                 "date-time with UTC offset; null while active.")

    @strawberry.field(description="Secretaries and committee members, newest term first (班子成员).")
    async def officers(self, info: strawberry.Info) -> list[Officer]:
        return await info.context.loader("officers_by_org", officers_by_org).load(str(self.id))

    @classmethod
    def from_rpc(cls, data: OrgOut) -> "PartyOrg":
        return cls(id=strawberry.ID(data["id"]), parent_id=_id(data["parent_id"]), name=data["name"],
                   type=data["type"], level=data["level"], status=data["status"], depth=data["depth"],
                   path=data["path"], street_id=_id(data["street_id"]),
                   community_id=_id(data["community_id"]), grid_id=_id(data["grid_id"]),
                   created_at=datetime.fromisoformat(data["created_at"]),
                   dissolved_at=datetime.fromisoformat(data["dissolved_at"]) if data["dissolved_at"] else None)


@strawberry.type(description="One change of an org (组织沿革): created, renamed, moved or dissolved.")
class OrgChange:
    action: str = strawberry.field(description="created (新建), renamed (更名), moved (调整隶属关系) or "
                                               "dissolved (撤销).")
    before: JSON = strawberry.field(description="The org before the change: {name, parent_id, status, path}; "
                                                "{} when created; a dissolution adds the reason given (撤销原因).")
    after: JSON = strawberry.field(description="The org after the change: {name, parent_id, status, path}.")
    actor: str | None = strawberry.field(description="Who made the change: the caller's login (操作人); null for "
                                                     "a change made by the system.")
    at: datetime = strawberry.field(description="When (变更时间): ISO 8601 date-time with UTC offset.")

    @classmethod
    def from_rpc(cls, data: OrgHistoryOut) -> "OrgChange":
        return cls(action=data["action"], before=data["before"], after=data["after"], actor=data["actor"],
                   at=datetime.fromisoformat(data["at"]))
