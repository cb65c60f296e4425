"""GraphQL of the closed loop's measures (考核指标) and department scorecards (部门考核)."""
from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from shared.contracts.dispatch import AgeingOut, MeasureOut, ScorecardOut


@strawberry.type(description="A department's figures for assessment over a period (部门考核).")
class DepartmentScorecard:
    department_id: strawberry.ID = strawberry.field(description="The functional department's unit id "
                                                               "(职能部门) in the organization service.")
    department_name: str = strawberry.field(description="The department's name as summoned (部门名称).")
    summoned: int = strawberry.field(description="Parts it was summoned for in the period (被吹哨次数).")
    reported: int = strawberry.field(description="Parts it reported in for (已报到), of summoned.")
    reported_on_time: int = strawberry.field(description="Parts reported in by their response deadline "
                                                         "(按时报到), of reported.")
    resolved: int = strawberry.field(description="Parts it resolved (已办结), of summoned.")
    resolved_on_time: int = strawberry.field(description="Parts resolved by their deadline (按期办结), of "
                                                         "resolved.")
    average_response_minutes: float | None = strawberry.field(
        description="Average minutes from summons to report-in (平均响应时长), one decimal; null when "
                    "it has reported none.")
    on_time_rate: float | None = strawberry.field(
        description="parts resolved on time / parts resolved or already past due (按期办结率), 0–1 "
                    "with four decimals; null when there are none")
    satisfaction_rate: float | None = strawberry.field(
        description="Share of its rated cases rated 满意 or 基本满意 (满意率), 0–1 with four decimals; "
                    "null when none is rated.")

    @classmethod
    def from_rpc(cls, data: ScorecardOut) -> "DepartmentScorecard":
        return cls(**{**data, "department_id": strawberry.ID(data["department_id"])})


@strawberry.enum(description="How case measures are grouped.")
class MeasureGrouping(Enum):
    NONE = "none"
    CATEGORY = "category"
    GRID = "grid"
    COMMUNITY = "community"
    STREET = "street"
    DEPARTMENT = strawberry.enum_value("department", description=(
        "by the department routing sent the case to (分拨部门); key 'none' for cases routed to "
        "no department"))


@strawberry.type(description="案件账龄: the open cases of a measure (its backlog) by calendar days "
                             "since reported, in whole 24-hour periods (day 1 = the first 24 hours), "
                             "as of the query; the five buckets add up to backlog.")
class BacklogAgeing:
    up_to_1_day: int = strawberry.field(description="Open ≤ 1 day (账龄1天内).")
    days_2_to_3: int = strawberry.field(description="Open more than 1 and up to 3 days (账龄2–3天).")
    days_4_to_7: int = strawberry.field(description="Open more than 3 and up to 7 days (账龄4–7天).")
    days_8_to_15: int = strawberry.field(description="Open more than 7 and up to 15 days (账龄8–15天).")
    over_15_days: int = strawberry.field(description="Open more than 15 days (账龄15天以上).")
    oldest_reported_at: datetime | None = strawberry.field(
        description="When the oldest open case was reported (最早积压案件上报时间); null without backlog.")
    oldest_age_days: float | None = strawberry.field(
        description="The oldest open case's age in calendar days, one decimal (最长账龄); null "
                    "without backlog.")

    @classmethod
    def from_rpc(cls, data: AgeingOut) -> BacklogAgeing:
        oldest = data["oldest_reported_at"]
        return cls(**{**data, "oldest_reported_at": datetime.fromisoformat(oldest) if oldest else None})


@strawberry.type(description="Closed-loop measures of cases reported in a period (考核指标).")
class CaseMeasure:
    key: str = strawberry.field(description="the category or place id; 'all' without grouping")
    reported: int = strawberry.field(description="Cases reported in the period (上报数).")
    resolved: int = strawberry.field(description="Of those, cases resolved (办结数), including ones "
                                                 "since verified, rated or archived.")
    resolved_at_grid_or_community: int = strawberry.field(
        description="Resolved at building, grid or community level (网格社区解决数): "
                    "\"小事不出网格、大事不出社区\".")
    resolved_on_time: int = strawberry.field(description="Resolved by their deadline (按期办结数).")
    rated: int = strawberry.field(description="Cases rated (已评议数); the latest rating counts.")
    satisfied: int = strawberry.field(description="rated 满意 or 基本满意")
    backlog: int = strawberry.field(description="still open (积压)")
    overdue: int = strawberry.field(description="Still open and past their deadline (超期数, 督办).")
    grid_community_share: float | None = strawberry.field(
        description="resolved at building/grid/community level / resolved (网格社区解决率), 0–1 with "
                    "four decimals; null when none resolved")
    on_time_rate: float | None = strawberry.field(description="按期办结率: resolved on time / resolved, 0–1 "
                                                              "with four decimals; null when none resolved")
    satisfaction_rate: float | None = strawberry.field(description="满意率: satisfied / rated, 0–1 with four "
                                                                   "decimals; null when none rated")

    ageing: BacklogAgeing = strawberry.field(description="案件账龄: the backlog by days open.")

    @classmethod
    def from_rpc(cls, data: MeasureOut) -> "CaseMeasure":
        return cls(**{**data, "ageing": BacklogAgeing.from_rpc(data["ageing"])})


@strawberry.type
class MeasureQuery:
    @strawberry.field(description="Department scorecards for parts summoned in [since, until) "
                                  "(部门考核).")
    async def department_scorecards(self, info: strawberry.Info, since: datetime,
                                    until: datetime) -> list[DepartmentScorecard]:
        rows = await info.context.call("dispatch", "department_scorecards",
                                       {"since": since.isoformat(), "until": until.isoformat()})
        return [DepartmentScorecard.from_rpc(r) for r in rows]

    @strawberry.field(description="Measures of cases reported in [since, until) in your scope, "
                                  "optionally narrowed to a place and grouped (考核指标).")
    async def case_measures(self, info: strawberry.Info, since: datetime, until: datetime,
                            group_by: MeasureGrouping = MeasureGrouping.NONE,
                            street_id: strawberry.ID | None = None,
                            community_id: strawberry.ID | None = None,
                            grid_id: strawberry.ID | None = None) -> list[CaseMeasure]:
        period = {"since": since.isoformat(), "until": until.isoformat(), "group_by": group_by.value,
                  "street_id": street_id, "community_id": community_id, "grid_id": grid_id}
        rows = await info.context.call("dispatch", "case_measures", period)
        return [CaseMeasure.from_rpc(r) for r in rows]
