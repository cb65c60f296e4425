"""Members' service records and the per-unit report back to the employer (双报到服务记录/回单位报告)."""
from __future__ import annotations

from datetime import datetime

import strawberry

from gateway.pagination import Connection, check_page, sort_cursor
from shared.contracts.organization import ServiceRecordOut, UnitReportOut
from shared.contracts.validation import parse_id


@strawberry.type(description="One service a member gave (服务记录), e.g. a case they handled.")
class MemberServiceRecord:
    source: str = strawberry.field(description="case (事件办理), wish (微心愿), order (三单), "
                                               "activity (志愿服务)")
    source_id: str = strawberry.field(description="The id of what was served, in its service: the case's id "
                                                  "(事件), the wish's (微心愿), the order's (三单) or the volunteer "
                                                  "sign-up's (志愿报名).")
    detail: str = strawberry.field(description="What it was, up to 64 characters (服务内容): the case category, "
                                               "微心愿, 三单服务 or the activity's title.")
    at: datetime = strawberry.field(description="When (服务时间): when the case was resolved, the wish "
                                                "fulfilled, the order completed or the activity started; ISO "
                                                "8601 date-time with UTC offset.")
    hours: float | None = strawberry.field(description="Confirmed volunteer hours (志愿时长), activities only.")

    @classmethod
    def from_rpc(cls, d: ServiceRecordOut) -> "MemberServiceRecord":
        return cls(source=d["source"], source_id=d["source_id"], detail=d["detail"],
                   at=datetime.fromisoformat(d["at"]), hours=d.get("hours"))


@strawberry.type(description="One member in a unit report.")
class UnitReportLine:
    member_id: strawberry.ID = strawberry.field(description="The member's id on the roster (党员).")
    name: str = strawberry.field(description="The member's name (姓名).")
    registered_community_id: strawberry.ID | None = strawberry.field(description="双报到 community, if any")
    services: int = strawberry.field(description="Service records of the member in the year (服务次数).")


@strawberry.type(description="A unit's report (回单位报告): its members, where they registered, how often they served.")
class UnitReport:
    org_id: strawberry.ID = strawberry.field(description="The unit's party org id (单位党组织); the report "
                                                         "covers it and its sub-orgs.")
    year: int = strawberry.field(description="The calendar year of the services counted (年度).")
    members: list[UnitReportLine] = strawberry.field(description="Its members in your scope, by name (党员).")
    registered: int = strawberry.field(description="Members registered with a community (已双报到人数).")
    services: int = strawberry.field(description="Service records of all listed members in the year "
                                                 "(服务总次数).")

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
    @strawberry.field(description="A member's service record, oldest first (党员服务记录).",
                      deprecation_reason="Use memberServiceRecordsConnection (Relay connection).")
    async def member_service_records(self, info: strawberry.Info, member_id: strawberry.ID) -> list[MemberServiceRecord]:
        parse_id(member_id, "memberId")
        rows = await info.context.call("organization", "service_records", str(member_id))
        return [MemberServiceRecord.from_rpc(r) for r in rows]

    @strawberry.field(description="A member's service records, newest first, then by id (党员服务记录, 分页). "
                                  "`first` ≤ 100; `after` is the `endCursor` of the previous page.")
    async def member_service_records_connection(self, info: strawberry.Info, member_id: strawberry.ID, first: int,
                                                after: str | None = None) -> Connection[MemberServiceRecord]:
        check_page(first, after, cursor_is_id=False)
        parse_id(member_id, "memberId")
        rows = await info.context.call("organization", "service_records", str(member_id),
                                       limit=first + 1, after=after)
        return Connection.of(rows, first, MemberServiceRecord.from_rpc, lambda r: sort_cursor(r["at"], r["id"]))

    @strawberry.field(description="The report a unit gets about its members in a year (回单位报告).")
    async def unit_report(self, info: strawberry.Info, org_id: strawberry.ID, year: int) -> UnitReport:
        parse_id(org_id, "orgId")
        return UnitReport.from_rpc(await info.context.call("organization", "unit_report", str(org_id), year))
