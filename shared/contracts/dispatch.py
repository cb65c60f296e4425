"""Contract of the case dispatch service (事件分拨服务), version 1.

RPC methods: ``health()`` (no tenant), ``report_case(case)``, ``get_case(case_id)``,
``cases_by_grid(grid_ids)``, ``transition_case(action, data)`` (the closed loop, one action of
:data:`ACTIONS`), ``timelines(case_ids)``, ``set_calendar_day(day)``, ``calendar_days(year)``.
Events published (exchange ``dispatch.events``): ``case.reported`` with :class:`CaseReported`,
and the closed loop's events below, each with its payload model.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal, NotRequired, TypedDict
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

SERVICE = "dispatch"
VERSION = 1
CASE_REPORTED = "case.reported"
Source = Literal["resident", "patrol", "hotline", "service"]


class CaseIn(BaseModel):
    """A case (事件/诉求) reported in a grid."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    grid_id: UUID
    category: str = Field(min_length=1, max_length=40)
    description: str = Field(min_length=1, max_length=2000)
    source: Source = "resident"


class CaseOut(TypedDict):
    id: str
    grid_id: str
    category: str
    description: str
    source: str
    status: str
    reported_at: str
    # closed loop (additive: older producers leave them out)
    level: NotRequired[str | None]
    due_at: NotRequired[str | None]
    rating: NotRequired[str | None]
    handler_member_ids: NotRequired[list[str]]
    merged_into: NotRequired[str | None]
    supervised: NotRequired[bool]


class CaseReported(BaseModel):
    """Payload of ``case.reported``: what consumers may rely on."""

    case_id: UUID
    grid_id: UUID
    category: str
    reported_at: str


# ---- the closed loop (闭环) -------------------------------------------------------------------
Status = Literal["reported", "accepted", "escalated", "resolved", "verified", "rated", "archived",
                 "rejected", "merged"]
OPEN_STATUSES = ("reported", "accepted", "escalated")  # counted as open by the grid service
Level = Literal["building", "grid", "community", "street"]
LEVELS: tuple[str, ...] = ("building", "grid", "community", "street")  # low → high
Rating = Literal["satisfied", "basically_satisfied", "unsatisfied"]  # 满意 / 基本满意 / 不满意
ACTIONS = ("accept", "reject", "merge", "escalate", "resolve", "verify", "rate", "archive")

# Working days to resolve a case at each level (逐级调处时限), and categories that are faster.
# A default table: tenants will override it (issue 5, routing rules).
DEADLINE_WORKDAYS: dict[str, int] = {"building": 1, "grid": 3, "community": 5, "street": 7}
CATEGORY_DEADLINE_WORKDAYS: dict[str, dict[str, int]] = {
    "safety": {"building": 1, "grid": 1, "community": 2, "street": 3},
    "fire_lane": {"building": 1, "grid": 1, "community": 2, "street": 3},
}
DEADLINE_HOUR = 18  # a deadline is the end of the working day, China time (UTC+8)

CASE_ACCEPTED = "case.accepted"
CASE_ESCALATED = "case.escalated"
CASE_RESOLVED = "case.resolved"
CASE_RATED = "case.rated"
CASE_ARCHIVED = "case.archived"
CASE_CLOSED = "case.closed"
CASE_REOPENED = "case.reopened"
CASE_SUPERVISED = "case.supervised"


def deadline_workdays(category: str, level: str) -> int:
    return CATEGORY_DEADLINE_WORKDAYS.get(category, DEADLINE_WORKDAYS)[level]


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    case_id: UUID
    note: str | None = Field(None, max_length=500)


class AcceptIn(_Step):
    """受理: the case starts being handled at ``level`` (the grid by default)."""

    level: Level = "grid"


class RejectIn(_Step):
    """不予受理: a reason is required."""

    note: str = Field(min_length=1, max_length=500)


class MergeIn(_Step):
    """合并: a duplicate joins ``into_case_id``."""

    into_case_id: UUID


class EscalateIn(_Step):
    """上报/提级: to ``to_level`` (the next level up by default)."""

    to_level: Level | None = None


class ResolveIn(_Step):
    """办结: with the party members who handled it (their member ids)."""

    handler_member_ids: list[UUID] = Field(default_factory=list, max_length=50)


class VerifyIn(_Step):
    """核查: the grid worker or the reporter confirms the result."""


class RateIn(_Step):
    """评议: 满意 / 基本满意 / 不满意; 不满意 reopens the case."""

    rating: Rating


class ArchiveIn(_Step):
    """归档."""


ACTION_INPUTS: dict[str, type[_Step]] = {
    "accept": AcceptIn, "reject": RejectIn, "merge": MergeIn, "escalate": EscalateIn,
    "resolve": ResolveIn, "verify": VerifyIn, "rate": RateIn, "archive": ArchiveIn,
}


class TimelineOut(TypedDict):
    case_id: str
    seq: int
    action: str
    from_status: str | None
    to_status: str
    level: str | None
    actor: str | None
    note: str | None
    at: str


class CalendarDayIn(BaseModel):
    """A tenant's override of the national calendar: a local holiday or an extra workday."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    day: date
    working: bool
    note: str | None = Field(None, max_length=100)


class CalendarDayOut(TypedDict):
    day: str
    working: bool
    note: str | None


class _Event(BaseModel):
    case_id: UUID
    grid_id: UUID
    at: str


class CaseAccepted(_Event):
    level: Level
    due_at: str


class CaseEscalated(_Event):
    from_level: Level
    to_level: Level
    due_at: str


class CaseResolved(_Event):
    """``handler_member_ids``: the party members who handled it (volunteer points)."""

    category: str
    level: Level
    handler_member_ids: list[UUID]


class CaseRated(_Event):
    rating: Rating
    reopened: bool


class CaseArchived(_Event):
    status_before: Status


class CaseClosed(_Event):
    """The case left the open states (resolved, rejected or merged): grids decrement."""

    status: Status


class CaseReopened(_Event):
    """An unsatisfied rating brought the case back to an open state: grids increment."""

    status: Status


class CaseSupervised(_Event):
    """Overdue at ``level``: flagged for supervision (督办) once per deadline ``step``."""

    level: Level
    step: int
    due_at: str


# ---- whistle-and-report (街道吹哨、部门报到) ------------------------------------------------------
CASE_WHISTLED = "case.whistled"
WHISTLE_PART_RESOLVED = "whistle.part_resolved"


class SummonedDepartment(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    department_id: UUID  # the functional department's unit id (organization service)
    name: str = Field(min_length=1, max_length=64)


class WhistleIn(BaseModel):
    """A street summons departments for a case handled at the street level: each must report
    (acknowledge) within ``respond_within_hours`` and resolve its part within
    ``resolve_within_workdays`` working days."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    case_id: UUID
    departments: list[SummonedDepartment] = Field(min_length=1, max_length=10)
    respond_within_hours: int = Field(2, ge=1, le=72)
    resolve_within_workdays: int = Field(5, ge=1, le=30)
    note: str | None = Field(None, max_length=500)


class WhistlePartStepIn(BaseModel):
    """A department reports (报到) or resolves its part (with the party members who did it)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    part_id: UUID
    note: str | None = Field(None, max_length=500)
    handler_member_ids: list[UUID] = Field(default_factory=list, max_length=50)


class WhistlePartOut(TypedDict):
    id: str
    case_id: str
    department_id: str
    department_name: str
    status: str  # summoned → reported → resolved
    summoned_at: str
    respond_by: str
    due_at: str
    reported_at: str | None
    resolved_at: str | None
    reported_on_time: bool | None
    resolved_on_time: bool | None


class ScorecardOut(TypedDict):
    """Figures for a department's assessment over a period (部门考核)."""

    department_id: str
    department_name: str
    summoned: int
    reported: int
    reported_on_time: int
    resolved: int
    resolved_on_time: int
    average_response_minutes: float | None
    on_time_rate: float | None  # parts resolved on time / parts resolved
    satisfaction_rate: float | None  # satisfied or basically satisfied / rated, of its cases


class CaseWhistled(_Event):
    department_ids: list[UUID]
    respond_by: str
    due_at: str


class WhistlePartResolved(_Event):
    part_id: UUID
    department_id: UUID
    on_time: bool
    handler_member_ids: list[UUID]


# ---- measures (考核指标) ------------------------------------------------------------------------
GroupBy = Literal["none", "category", "grid", "community", "street"]


class PeriodIn(BaseModel):
    """Cases reported (or departments summoned) in [since, until), within the caller's scope,
    optionally narrowed to one street, community or grid."""

    model_config = ConfigDict(extra="forbid")

    since: datetime
    until: datetime
    group_by: GroupBy = "none"
    street_id: UUID | None = None
    community_id: UUID | None = None
    grid_id: UUID | None = None


class MeasureOut(TypedDict):
    key: str  # the category or place id; "all" without grouping
    reported: int
    resolved: int
    resolved_at_grid_or_community: int  # building, grid or community level
    resolved_on_time: int
    rated: int
    satisfied: int  # 满意 or 基本满意
    backlog: int  # still open
    overdue: int  # open and past due
    grid_community_share: float | None
    on_time_rate: float | None
    satisfaction_rate: float | None


# ---- micro-wishes (微心愿) and "三单" orders (居民点单、社区派单、党员接单) ----------------------------
# Emitted by dispatch when a wish is confirmed fulfilled / an order is confirmed completed; the
# volunteer service awards points to the party members who did it (once per event id).
WISH_FULFILLED = "wish.fulfilled"
ORDER_COMPLETED = "order.completed"


class WishFulfilled(BaseModel):
    wish_id: UUID
    grid_id: UUID
    at: str
    helper_member_ids: list[UUID]  # party members who claimed and fulfilled it (may be empty: an org)


class OrderCompleted(BaseModel):
    order_id: UUID
    grid_id: UUID
    at: str
    helper_member_ids: list[UUID]  # party members who took the order (党员接单)
