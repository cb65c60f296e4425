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
    id: strawberry.ID
    org_id: strawberry.ID
    name: str
    role: str = strawberry.field(description="secretary (书记), deputy_secretary (副书记), member (委员), "
                                             "first_secretary (第一书记), part_time_member (兼职委员)")
    member_id: strawberry.ID | None
    term_start: date
    term_end: date | None = strawberry.field(description="null while serving")

    @classmethod
    def from_rpc(cls, data: OfficerOut) -> "Officer":
        return cls(id=strawberry.ID(data["id"]), org_id=strawberry.ID(data["org_id"]), name=data["name"],
                   role=data["role"], member_id=_id(data["member_id"]),
                   term_start=date.fromisoformat(data["term_start"]),
                   term_end=date.fromisoformat(data["term_end"]) if data["term_end"] else None)


@strawberry.type(description="A party organization (党组织) in the county's tree. The tree comes "
                             "flat: parents before children, with parentId, depth and path.")
class PartyOrg:
    id: strawberry.ID
    parent_id: strawberry.ID | None
    name: str
    type: str = strawberry.field(description="county_committee (县委), street_working_committee (街道党工委), "
                                             "community_committee (社区党委), community_general_branch (社区党总支), "
                                             "grid_branch, compound_branch, party_group (党小组), agency, school, "
                                             "hospital, state_firm, private_firm, social_org, property_company, "
                                             "owners_committee")
    level: str = strawberry.field(description="committee, working_committee, general_branch, branch, group")
    status: str = strawberry.field(description="active, or dissolved (已撤销; kept in history)")
    depth: int
    path: str = strawberry.field(description="ids from the root, '/'-separated (hex)")
    street_id: strawberry.ID | None
    community_id: strawberry.ID | None
    grid_id: strawberry.ID | None
    created_at: datetime
    dissolved_at: datetime | None

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
    action: str
    before: JSON
    after: JSON
    actor: str | None
    at: datetime

    @classmethod
    def from_rpc(cls, data: OrgHistoryOut) -> "OrgChange":
        return cls(action=data["action"], before=data["before"], after=data["after"], actor=data["actor"],
                   at=datetime.fromisoformat(data["at"]))
