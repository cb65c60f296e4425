"""Volunteer types: teams, volunteers with their ledger and statement, activities and sign-ups.
Links resolve through per-request DataLoaders (one RPC per link, whatever the list size)."""
from __future__ import annotations

from datetime import date, datetime

import strawberry

from gateway.loaders import (
    ledger_by_volunteer, redemptions_by_volunteer, signups_by_activity, volunteers_by_id,
)
from gateway.volunteer.points_types import Redemption, _id


@strawberry.type(description="A volunteer team (志愿服务队), e.g. 蒲公英志愿服务队.")
class VolunteerTeam:
    id: strawberry.ID
    name: str
    community_id: strawberry.ID | None

    @classmethod
    def from_rpc(cls, d: dict) -> "VolunteerTeam":
        return cls(id=strawberry.ID(d["id"]), name=d["name"], community_id=_id(d["community_id"]))


@strawberry.type(description="One leg of a points transaction on a volunteer's account (积分明细).")
class PointsEntry:
    volunteer_id: strawberry.ID
    transaction_id: strawberry.ID
    source_type: str = strawberry.field(description="activity, case, wish, order, duty, redemption, "
                                                    "adjustment or reversal")
    source_id: str
    amount: int = strawberry.field(description="positive: credited; negative: spent or reversed")
    reason: str | None
    occurred_on: date
    created_at: datetime

    @classmethod
    def from_rpc(cls, d: dict) -> "PointsEntry":
        return cls(volunteer_id=strawberry.ID(d["volunteer_id"]),
                   transaction_id=strawberry.ID(d["transaction_id"]), source_type=d["source_type"],
                   source_id=d["source_id"], amount=d["amount"], reason=d["reason"],
                   occurred_on=date.fromisoformat(d["occurred_on"]),
                   created_at=datetime.fromisoformat(d["created_at"]))


@strawberry.type(description="One line of a yearly statement: the movements of one source type.")
class StatementLine:
    source_type: str
    amount: int
    entries: int


@strawberry.type(description="A volunteer's yearly points statement (年度积分对账单).")
class PointsStatement:
    year: int
    opening: int = strawberry.field(description="Balance on 1 January.")
    earned: int
    spent: int = strawberry.field(description="Redemptions net of cancellations.")
    closing: int = strawberry.field(description="Balance on 31 December (or today).")
    lines: list[StatementLine]

    @classmethod
    def from_rpc(cls, d: dict) -> "PointsStatement":
        return cls(year=d["year"], opening=d["opening"], earned=d["earned"], spent=d["spent"],
                   closing=d["closing"], lines=[StatementLine(**line) for line in d["lines"]])


@strawberry.type(description="A volunteer (志愿者): a resident or a party member.")
class Volunteer:
    id: strawberry.ID
    name: str
    kind: str = strawberry.field(description="resident (居民) or party_member (党员)")
    member_id: str | None = strawberry.field(description="Party-member roster id (党员编号).")
    team_id: strawberry.ID | None
    community_id: strawberry.ID | None
    street_id: strawberry.ID | None = strawberry.field(description="街道")
    grid_id: strawberry.ID | None = strawberry.field(description="所在网格")
    balance: int = strawberry.field(description="Points balance (积分余额): the sum of the ledger.")

    @strawberry.field(description="Ledger entries of this volunteer, newest first, at most 200 (积分明细).")
    async def ledger(self, info: strawberry.Info) -> list[PointsEntry]:
        return await info.context.loader("ledger_by_volunteer", ledger_by_volunteer).load(str(self.id))

    @strawberry.field(description="The statement of one year (年度积分对账单).")
    async def statement(self, info: strawberry.Info, year: int) -> PointsStatement:
        return PointsStatement.from_rpc(await info.context.call("volunteer", "statement", str(self.id), year))

    @strawberry.field(description="Redemptions at the points store, newest first (兑换记录).")
    async def redemptions(self, info: strawberry.Info) -> list[Redemption]:
        loader = info.context.loader("redemptions_by_volunteer", redemptions_by_volunteer)
        return await loader.load(str(self.id))

    @classmethod
    def from_rpc(cls, d: dict) -> "Volunteer":
        return cls(id=strawberry.ID(d["id"]), name=d["name"], kind=d["kind"], member_id=d["member_id"],
                   team_id=_id(d["team_id"]), community_id=_id(d["community_id"]),
                   street_id=_id(d.get("street_id")), grid_id=_id(d.get("grid_id")), balance=d["balance"])


@strawberry.type(description="A volunteer's sign-up for an activity (报名), with attendance and hours.")
class ActivitySignup:
    id: strawberry.ID
    activity_id: strawberry.ID
    volunteer_id: strawberry.ID
    status: str = strawberry.field(description="signed_up (已报名) or withdrawn (已取消)")
    checked_in_at: datetime | None
    checked_out_at: datetime | None
    confirmed_hours: float | None = strawberry.field(description="Hours confirmed by the organizer (确认时长).")
    points: int | None = strawberry.field(description="Points awarded for the confirmed hours.")

    @strawberry.field(description="The volunteer (志愿者).")
    async def volunteer(self, info: strawberry.Info) -> Volunteer | None:
        return await info.context.loader("volunteers_by_id", volunteers_by_id).load(str(self.volunteer_id))

    @classmethod
    def from_rpc(cls, d: dict) -> "ActivitySignup":
        when = lambda v: datetime.fromisoformat(v) if v else None  # noqa: E731
        return cls(id=strawberry.ID(d["id"]), activity_id=strawberry.ID(d["activity_id"]),
                   volunteer_id=strawberry.ID(d["volunteer_id"]), status=d["status"],
                   checked_in_at=when(d["checked_in_at"]), checked_out_at=when(d["checked_out_at"]),
                   confirmed_hours=d["confirmed_hours"], points=d["points"])


@strawberry.type(description="A volunteer activity (志愿活动).")
class VolunteerActivity:
    id: strawberry.ID
    title: str
    kind: str = strawberry.field(description="policy_talk, cleanup, mediation, patrol, care or other")
    place: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    signed_up: int = strawberry.field(description="Active sign-ups; never above capacity.")
    team_id: strawberry.ID | None
    organizer: str | None

    @strawberry.field(description="Sign-ups of this activity (报名名单).")
    async def signups(self, info: strawberry.Info) -> list[ActivitySignup]:
        return await info.context.loader("signups_by_activity", signups_by_activity).load(str(self.id))

    @classmethod
    def from_rpc(cls, d: dict) -> "VolunteerActivity":
        return cls(id=strawberry.ID(d["id"]), title=d["title"], kind=d["kind"], place=d["place"],
                   starts_at=datetime.fromisoformat(d["starts_at"]),
                   ends_at=datetime.fromisoformat(d["ends_at"]), capacity=d["capacity"],
                   signed_up=d["signed_up"], team_id=_id(d["team_id"]), organizer=d["organizer"])
