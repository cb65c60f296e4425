"""Case types."""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.loaders import case_timelines, grids_by_id, whistle_parts_by_case
from shared.contracts.dispatch import CaseOut, TimelineOut

if TYPE_CHECKING:
    from gateway.cases.intake import EvidenceFile, LikelyDuplicate
    from gateway.cases.whistle import WhistlePart
    from gateway.territory.types import Grid


@strawberry.enum(description="The level handling a case (办理层级), low to high.")
class CaseLevel(Enum):
    BUILDING = "building"
    GRID = "grid"
    COMMUNITY = "community"
    STREET = "street"


@strawberry.enum(description="A resident's rating of a resolved case (评议).")
class CaseRating(Enum):
    SATISFIED = strawberry.enum_value("satisfied", description="满意")
    BASICALLY_SATISFIED = strawberry.enum_value("basically_satisfied", description="基本满意")
    UNSATISFIED = strawberry.enum_value("unsatisfied", description="不满意: reopens the case")


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _id(value: str | None) -> strawberry.ID | None:
    return strawberry.ID(value) if value else None


@strawberry.type(description="One step of a case's closed loop (流转记录).")
class TimelineEntry:
    seq: int = strawberry.field(description="The step's number on this case (序号), from 1 (the report); "
                                            "evidence's seq refers to it.")
    action: str = strawberry.field(description="report, accept, reject, merge, merge_in (a duplicate "
                                               "joined this case), escalate, resolve, verify, rate, "
                                               "archive, supervise (督办), whistle, report_in, "
                                               "part_resolve, part_overdue (吹哨任务超时)")
    from_status: str | None = strawberry.field(description="The case's status before the step (原状态); "
                                                           "null for the report. Values as Case.status.")
    to_status: str = strawberry.field(description="The case's status after the step (新状态), as "
                                                  "Case.status.")
    level: CaseLevel | None = strawberry.field(description="The level handling the case after the step "
                                                           "(办理层级); null before it has one.")
    actor: str | None = strawberry.field(description="the subject of whoever acted")
    note: str | None = strawberry.field(description="The remark given with the step (办理意见), e.g. the "
                                                    "reason for a rejection; null when none.")
    at: datetime = strawberry.field(description="When the step happened (办理时间), ISO 8601 with offset.")

    @classmethod
    def from_rpc(cls, data: TimelineOut) -> "TimelineEntry":
        return cls(seq=data["seq"], action=data["action"], from_status=data["from_status"],
                   to_status=data["to_status"],
                   level=CaseLevel(data["level"]) if data["level"] else None,
                   actor=data["actor"], note=data["note"], at=datetime.fromisoformat(data["at"]))


@strawberry.type(description="A case (事件/诉求) reported by a resident, a patrol, the hotline or a service.")
class Case:
    id: strawberry.ID = strawberry.field(description="The case's id (事件编号).")
    category: str = strawberry.field(description="Its category code (事件分类): environment (环境卫生), "
                                                 "parking (停车秩序), property (物业服务), dispute (矛盾纠纷), "
                                                 "safety (安全隐患), fire_lane (消防通道), ev_charging "
                                                 "(电动车充电), or one this county configured "
                                                 "(caseCategories).")
    description: str = strawberry.field(description="What is wrong, in the reporter's words (事件描述).")
    source: str = strawberry.field(description="Where it came from (来源): resident (居民上报), patrol "
                                               "(网格员巡查), hotline (热线) or service (another service).")
    status: str = strawberry.field(description="reported (已上报) → accepted (已受理) / rejected / "
                                               "merged → escalated (已提级) → resolved (已办结) → "
                                               "verified (已核查) → rated (已评议) → archived (已归档)")
    reported_at: datetime = strawberry.field(description="When it was reported (上报时间), ISO 8601 with "
                                                         "offset.")
    grid_id: strawberry.ID = strawberry.field(description="The grid's id it is in (所在网格).")
    level: CaseLevel | None = strawberry.field(default=None, description=(
        "The level handling it (办理层级): building → grid → community → street. Null until accepted, "
        "unless its category's rule starts it higher."))
    due_at: datetime | None = strawberry.field(default=None, description="deadline (办理时限), "
                                               "end of the n-th working day")
    rating: CaseRating | None = strawberry.field(default=None, description="The latest rating (评议): 满意, "
                                                                          "基本满意 or 不满意; null until "
                                                                          "rated.")
    handler_member_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="party members who handled it (办理党员)")
    merged_into: strawberry.ID | None = strawberry.field(default=None, description=(
        "The case's id this duplicate was merged into (并入事件); null unless its status is merged."))
    supervised: bool = strawberry.field(default=False, description="overdue and under supervision (督办)")
    compound_id: strawberry.ID | None = strawberry.field(default=None, description="小区")
    building_id: strawberry.ID | None = strawberry.field(default=None, description="楼栋")
    longitude: float | None = strawberry.field(default=None, description="Longitude of the spot (经度), "
                                                                         "WGS-84 decimal degrees; null "
                                                                         "when not given.")
    latitude: float | None = strawberry.field(default=None, description="Latitude of the spot (纬度), "
                                                                        "WGS-84 decimal degrees; null "
                                                                        "when not given.")
    address: str | None = strawberry.field(default=None, description="The address or landmark given "
                                                                     "(详细地址); null when none.")
    anonymous: bool = strawberry.field(default=False, description="the reporter is hidden from "
                                                                  "handlers (匿名上报)")
    reporter: str | None = strawberry.field(default=None, description="who reported it; null when "
                                            "anonymous (unless you are the reporter)")
    routed_department_id: strawberry.ID | None = strawberry.field(
        default=None, description="the department its category's rule sends it to (部门直派)")
    routed_department_name: str | None = strawberry.field(
        default=None, description="That department's name (直派部门); null when not routed to one.")
    prefetched_duplicates: strawberry.Private[list | None] = None

    @strawberry.field(description="Attachments with their content hashes, oldest first (证据).")
    async def evidence(self, info: strawberry.Info) -> list[Annotated["EvidenceFile", strawberry.lazy("gateway.cases.intake")]]:
        from gateway.cases.intake import evidence_by_case

        return await info.context.loader("case_evidence", evidence_by_case).load(str(self.id))

    @strawberry.field(description="Open cases that may be the same problem (疑似重复): same "
                                  "category, same compound (or grid), reported within 7 days.")
    async def likely_duplicates(self, info: strawberry.Info) -> list[Annotated["LikelyDuplicate", strawberry.lazy("gateway.cases.intake")]]:
        from gateway.cases.intake import LikelyDuplicate, duplicates_by_case

        if self.prefetched_duplicates is not None:
            return [LikelyDuplicate.from_rpc(d) for d in self.prefetched_duplicates]
        return await info.context.loader("likely_duplicates", duplicates_by_case).load(str(self.id))

    @strawberry.field(description="The grid the case is in (所在网格).")
    async def grid(self, info: strawberry.Info) -> Annotated["Grid", strawberry.lazy("gateway.territory.types")] | None:
        return await info.context.loader("grids_by_id", grids_by_id).load(str(self.grid_id))

    @strawberry.field(description="Every step of the closed loop, oldest first (流转记录).")
    async def timeline(self, info: strawberry.Info) -> list[TimelineEntry]:
        return await info.context.loader("case_timelines", case_timelines).load(str(self.id))

    @strawberry.field(description="Departments summoned for this case (吹哨报到), oldest first.")
    async def whistle_parts(self, info: strawberry.Info) -> list[Annotated["WhistlePart", strawberry.lazy("gateway.cases.whistle")]]:
        return await info.context.loader("whistle_parts_by_case", whistle_parts_by_case).load(str(self.id))

    @classmethod
    def from_rpc(cls, data: CaseOut) -> "Case":
        return cls(id=strawberry.ID(data["id"]), category=data["category"],
                   description=data["description"], source=data["source"], status=data["status"],
                   reported_at=datetime.fromisoformat(data["reported_at"]),
                   grid_id=strawberry.ID(data["grid_id"]),
                   level=CaseLevel(data["level"]) if data.get("level") else None,
                   due_at=_time(data.get("due_at")),
                   rating=CaseRating(data["rating"]) if data.get("rating") else None,
                   handler_member_ids=[strawberry.ID(m) for m in data.get("handler_member_ids", [])],
                   merged_into=strawberry.ID(data["merged_into"]) if data.get("merged_into") else None,
                   supervised=bool(data.get("supervised")),
                   compound_id=_id(data.get("compound_id")), building_id=_id(data.get("building_id")),
                   longitude=data.get("longitude"), latitude=data.get("latitude"),
                   address=data.get("address"), anonymous=bool(data.get("anonymous")),
                   reporter=data.get("reporter"),
                   routed_department_id=_id(data.get("routed_department_id")),
                   routed_department_name=data.get("routed_department_name"),
                   prefetched_duplicates=data.get("likely_duplicates"))

