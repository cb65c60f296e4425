"""GraphQL of the closed loop's measures (考核指标) and department scorecards (部门考核)."""
from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry

from shared.contracts.dispatch import MeasureOut, ScorecardOut


@strawberry.type(description="A department's figures for assessment over a period (部门考核).")
class DepartmentScorecard:
    department_id: strawberry.ID
    department_name: str
    summoned: int
    reported: int
    reported_on_time: int
    resolved: int
    resolved_on_time: int
    average_response_minutes: float | None
    on_time_rate: float | None = strawberry.field(
        description="parts resolved on time / parts resolved or already past due")
    satisfaction_rate: float | None

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


@strawberry.type(description="Closed-loop measures of cases reported in a period (考核指标).")
class CaseMeasure:
    key: str = strawberry.field(description="the category or place id; 'all' without grouping")
    reported: int
    resolved: int
    resolved_at_grid_or_community: int
    resolved_on_time: int
    rated: int
    satisfied: int = strawberry.field(description="rated 满意 or 基本满意")
    backlog: int = strawberry.field(description="still open (积压)")
    overdue: int
    grid_community_share: float | None = strawberry.field(
        description="resolved at building/grid/community level / resolved (网格社区解决率)")
    on_time_rate: float | None = strawberry.field(description="按期办结率")
    satisfaction_rate: float | None = strawberry.field(description="满意率")

    @classmethod
    def from_rpc(cls, data: MeasureOut) -> "CaseMeasure":
        return cls(**data)


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
