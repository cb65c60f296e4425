"""Members' service records and the per-unit report back to the employer (双报到服务记录/回单位报告)."""
from __future__ import annotations

from datetime import datetime

import strawberry

from shared.contracts.organization import ServiceRecordOut, UnitReportOut
from shared.contracts.validation import parse_id


@strawberry.type(description="One service a member gave (服务记录), e.g. a case they handled.")
class MemberServiceRecord:
    source: str = strawberry.field(description="case (事件办理), wish (微心愿), order (三单), "
                                               "activity (志愿服务)")
    source_id: str
    detail: str
    at: datetime
    hours: float | None = strawberry.field(description="Confirmed volunteer hours (志愿时长), activities only.")

    @classmethod
    def from_rpc(cls, d: ServiceRecordOut) -> "MemberServiceRecord":
        return cls(source=d["source"], source_id=d["source_id"], detail=d["detail"],
                   at=datetime.fromisoformat(d["at"]), hours=d.get("hours"))


@strawberry.type(description="One member in a unit report.")
class UnitReportLine:
    member_id: strawberry.ID
    name: str
    registered_community_id: strawberry.ID | None = strawberry.field(description="双报到 community, if any")
    services: int


@strawberry.type(description="A unit's report (回单位报告): its members, where they registered, how often they served.")
class UnitReport:
    org_id: strawberry.ID
    year: int
    members: list[UnitReportLine]
    registered: int
    services: int

    @classmethod
    def from_rpc(cls, d: UnitReportOut) -> "UnitReport":
        return cls(org_id=strawberry.ID(d["org_id"]), year=d["year"], registered=d["registered"],
                   services=d["services"],
                   members=[UnitReportLine(member_id=strawberry.ID(m["member_id"]), name=m["name"],
                                           registered_community_id=strawberry.ID(m["registered_community_id"])
                                           if m["registered_community_id"] else None, services=m["services"])
                            for m in d["members"]])


@strawberry.type
class ServiceRecordQuery:
    @strawberry.field(description="A member's service record, oldest first (党员服务记录).")
    async def member_service_records(self, info: strawberry.Info, member_id: strawberry.ID) -> list[MemberServiceRecord]:
        parse_id(member_id, "memberId")
        rows = await info.context.call("organization", "service_records", str(member_id))
        return [MemberServiceRecord.from_rpc(r) for r in rows]

    @strawberry.field(description="The report a unit gets about its members in a year (回单位报告).")
    async def unit_report(self, info: strawberry.Info, org_id: strawberry.ID, year: int) -> UnitReport:
        parse_id(org_id, "orgId")
        return UnitReport.from_rpc(await info.context.call("organization", "unit_report", str(org_id), year))
