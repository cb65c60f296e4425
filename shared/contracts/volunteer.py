"""Contract of the volunteer points service (志愿积分), version 1.

RPC methods (tenant-scoped unless noted): ``health()`` (no tenant),
``create_team(team)``, ``list_teams(limit=None, after=None)``, ``register_volunteer(volunteer)``,
``volunteers_by_ids(ids)``, ``list_volunteers(team_id)``, ``volunteer_page(query)`` (VolunteerPageIn),
``place_volunteer(placement)``,
``create_activity(activity)``, ``get_activity(activity_id)``, ``list_activities()``,
``activity_page(query)`` (ActivityPageIn),
``checkin_code(activity_id)``, ``signups(activity_ids)``, ``sign_up(volunteer_id, activity_id)``,
``withdraw(...)``, ``check_in(volunteer_id, activity_id, code)``, ``check_out(...)``,
``confirm_hours(confirm)``, ``set_point_rule(rule)``, ``list_point_rules()``,
``adjust_points(adjustment)``, ``award_duty(duty)``, ``reverse_transaction(transaction_id, reason)``,
``ledger(volunteer_ids)``, ``ledger_page(query)`` (LedgerPageIn), ``ledger_check()``, ``statement(volunteer_id, year)``,
``create_store_item(item)``, ``list_store_items(limit=None, after=None)``, ``redeem(volunteer_id, item_id)``,
``redemptions(volunteer_ids)``, ``confirm_pickup(redemption_id)``, ``cancel_redemption(redemption_id)``,
``pioneer_index(month=None, limit=None, after=None)`` (live), ``snapshot_pioneer_index(month)``, ``pioneer_snapshot(month)``,
``leaderboard(query)`` (LeaderboardIn: volunteers, or grids/communities/streets ranked).
Timer: ``snapshot_last_month`` freezes the previous month's pioneer index of every tenant once.
Consumes: ``dispatch``/``case.resolved``, ``dispatch``/``wish.fulfilled``,
``dispatch``/``order.completed``, ``organization``/``member.registered_with_community``.
Events published (exchange ``volunteer.events``): ``points.posted`` with :class:`PointsPosted`,
``hours.confirmed`` with :class:`HoursConfirmed`.
Data scope: volunteers, balances, ledgers, statements, redemptions, leaderboards and the pioneer
index are limited to the caller's street / community / grid (the volunteer's places).
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal, NotRequired, TypedDict
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

SERVICE = "volunteer"
VERSION = 1
POINTS_POSTED = "points.posted"
HOURS_CONFIRMED = "hours.confirmed"
Name = Field(min_length=1, max_length=64)
SourceType = Literal["activity", "case", "wish", "order", "duty", "redemption", "adjustment",
                     "reversal"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TeamIn(_In):
    """A volunteer team (志愿服务队), e.g. 蒲公英志愿服务队."""

    name: str = Name
    community_id: UUID | None = None


class VolunteerIn(_In):
    """A volunteer (志愿者): a resident or a party member (``member_id`` from the roster)."""

    name: str = Name
    kind: Literal["resident", "party_member"] = "resident"
    member_id: str | None = Field(None, min_length=1, max_length=64)
    team_id: UUID | None = None
    community_id: UUID | None = None
    street_id: UUID | None = None
    grid_id: UUID | None = Field(None, description="the grid served; its community and street follow")
    subject: str | None = Field(None, min_length=1, max_length=128,
                                description="the user account (token sub) that acts as this volunteer")


class PlacementIn(_In):
    """Place a volunteer in a grid (所在网格): community and street follow the grid."""

    volunteer_id: UUID
    grid_id: UUID


class ActivityIn(_In):
    """A volunteer activity (志愿活动)."""

    title: str = Field(min_length=1, max_length=100)
    kind: Literal["policy_talk", "cleanup", "mediation", "patrol", "care", "other"] = "other"
    place: str = Field(min_length=1, max_length=100)
    starts_at: datetime
    ends_at: datetime
    capacity: int = Field(ge=1, le=10000)
    team_id: UUID | None = None

    @model_validator(mode="after")
    def _window(self):
        if self.ends_at <= self.starts_at:
            raise ValueError("endsAt must be after startsAt")
        return self


class ConfirmHoursIn(_In):
    """The organizer confirms a volunteer's hours (确认时长); default: check-in to check-out."""

    volunteer_id: UUID
    activity_id: UUID
    hours: float | None = Field(None, gt=0, le=24)


class PointRuleIn(_In):
    """Points rule (积分规则) applying from ``effective_from``; earlier rules keep applying before."""

    effective_from: date
    points_per_hour: int = Field(ge=0, le=1000)
    points_per_case: int = Field(0, ge=0, le=1000)
    points_per_duty: int = Field(0, ge=0, le=10000)
    points_per_wish: int = Field(0, ge=0, le=1000)
    points_per_order: int = Field(0, ge=0, le=1000)
    daily_cap: int | None = Field(None, ge=1, le=100000)
    monthly_cap: int | None = Field(None, ge=1, le=1000000)


class AdjustmentIn(_In):
    """A manual adjustment (人工调整) with a reason; positive credits, negative debits."""

    volunteer_id: UUID
    points: int = Field(ge=-100000, le=100000)
    reason: str = Field(min_length=2, max_length=200)
    reference: str = Field(min_length=1, max_length=64, description="unique per adjustment")


class DutyIn(_In):
    """A month of duty (月度履职) by a grid-branch (网格党支部) or owners'-committee (业委会) member."""

    volunteer_id: UUID
    month: str = Field(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")
    role: Literal["grid_branch", "owners_committee"]


class StoreItemIn(_In):
    """An item or service in the points store (积分超市)."""

    name: str = Name
    price: int = Field(ge=1, le=1000000)
    stock: int = Field(ge=0, le=1000000)


class LeaderboardIn(_In):
    """A leaderboard (积分排行榜) of points earned from ``start`` to ``end`` (at most a year):
    volunteers, or grids / communities / streets by their volunteers' points (``by``),
    optionally within one street, community or grid. ``after`` is the last rank position seen."""

    start: date
    end: date
    by: Literal["volunteer", "grid", "community", "street"] = "volunteer"
    street_id: UUID | None = None
    community_id: UUID | None = None
    grid_id: UUID | None = None
    kind: Literal["resident", "party_member"] | None = None
    limit: int = Field(20, ge=1, le=101)
    after: int = Field(0, ge=0, le=100000)

    @model_validator(mode="after")
    def _period(self):
        if not 0 <= (self.end - self.start).days <= 366:
            raise ValueError("end must be on or after start, at most a year later")
        return self


class VolunteerPageIn(_In):
    """A page of volunteers (志愿者名单), newest first, with the filters staff use."""

    team_id: UUID | None = None
    street_id: UUID | None = None
    community_id: UUID | None = None
    grid_id: UUID | None = None
    kind: Literal["resident", "party_member"] | None = None
    name: str | None = Field(None, min_length=1, max_length=64, description="name contains")
    limit: int = Field(50, ge=1, le=101)
    after: str | None = Field(None, max_length=80, description="cursor: '<created_at>|<id>'")


class ActivityPageIn(_In):
    """A page of activities (志愿活动), latest start first, by kind, team and start time."""

    kind: Literal["policy_talk", "cleanup", "mediation", "patrol", "care", "other"] | None = None
    team_id: UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = Field(50, ge=1, le=101)
    after: str | None = Field(None, max_length=80, description="cursor: '<starts_at>|<id>'")


class LedgerPageIn(_In):
    """A page of ledger entries (积分明细), newest first: one volunteer's, or all in scope."""

    volunteer_id: UUID | None = None
    source_type: SourceType | None = None
    since: date | None = None
    until: date | None = None
    limit: int = Field(50, ge=1, le=101)
    after: str | None = Field(None, max_length=80, description="cursor: '<created_at>|<entry id>'")


class PioneerMonthIn(_In):
    """A calendar month, ``YYYY-MM``, of the pioneer index (先锋指数)."""

    month: str = Field(pattern=r"^20[0-9]{2}-(0[1-9]|1[0-2])$")


class TeamOut(TypedDict):
    id: str
    name: str
    community_id: str | None


class VolunteerOut(TypedDict):
    id: str
    name: str
    kind: str
    member_id: str | None
    team_id: str | None
    community_id: str | None
    balance: int
    street_id: NotRequired[str | None]
    grid_id: NotRequired[str | None]
    created_at: NotRequired[str]


class ActivityOut(TypedDict):
    id: str
    title: str
    kind: str
    place: str
    starts_at: str
    ends_at: str
    capacity: int
    signed_up: int
    team_id: str | None
    organizer: str | None


class SignupOut(TypedDict):
    id: str
    activity_id: str
    volunteer_id: str
    status: str  # signed_up | withdrawn
    checked_in_at: str | None
    checked_out_at: str | None
    confirmed_hours: float | None
    points: int | None


class EntryOut(TypedDict):
    id: NotRequired[str]
    volunteer_id: str
    transaction_id: str
    source_type: str
    source_id: str
    amount: int
    reason: str | None
    occurred_on: str
    created_at: str


class StoreItemOut(TypedDict):
    id: str
    name: str
    price: int
    stock: int


class RedemptionOut(TypedDict):
    id: str
    item_id: str
    volunteer_id: str
    points: int
    status: str  # reserved | picked_up | cancelled
    created_at: str


class PointsPosted(BaseModel):
    """Payload of ``points.posted``: one balanced transaction touching a volunteer."""

    transaction_id: UUID
    volunteer_id: UUID
    source_type: str
    source_id: str
    amount: int


class HoursConfirmed(BaseModel):
    """Payload of ``hours.confirmed``: an organizer confirmed a volunteer's hours (确认时长). The
    organization service turns it into the party member's service record (服务记录)."""

    version: Literal[1] = 1
    signup_id: UUID
    volunteer_id: UUID
    member_id: str | None  # the party-member roster id, None for residents
    activity_id: UUID
    activity_title: str
    activity_kind: str
    starts_at: str
    hours: float
    points: int
