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
    id: strawberry.ID = strawberry.field(description="The team's id.")
    name: str = strawberry.field(description="Its name (队名), 1–64 characters.")
    community_id: strawberry.ID | None = strawberry.field(description="The community's id it serves (所属社区); "
                                                                      "null for a team not tied to one.")

    @classmethod
    def from_rpc(cls, d: dict) -> "VolunteerTeam":
        return cls(id=strawberry.ID(d["id"]), name=d["name"], community_id=_id(d["community_id"]))


@strawberry.type(description="One leg of a points transaction on a volunteer's account (积分明细).")
class PointsEntry:
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer's id whose account it is on.")
    transaction_id: strawberry.ID = strawberry.field(description="The transaction's id (积分交易); pass it to "
                                                                 "reversePointsTransaction to correct it.")
    source_type: str = strawberry.field(description="activity, case, wish, order, duty, redemption, "
                                                    "adjustment or reversal")
    source_id: str = strawberry.field(description="What it came from, by sourceType: the sign-up's id "
                                                  "(activity), the case's, micro-wish's or order's id, "
                                                  "YYYY-MM:role:volunteerId (duty), the redemption's id, the "
                                                  "adjustment's reference, or the reversed transaction's id "
                                                  "(reversal) (来源).")
    amount: int = strawberry.field(description="positive: credited; negative: spent or reversed")
    reason: str | None = strawberry.field(description="Why, as text: the activity's title, \"case resolved\", "
                                                      "the store item's name, the adjustment's or reversal's "
                                                      "reason…; null when none (事由).")
    occurred_on: date = strawberry.field(description="The day it counts for (发生日期), China time: for rules, "
                                                     "caps, statements and leaderboards, e.g. the activity's "
                                                     "start day.")
    created_at: datetime = strawberry.field(description="When it was posted (记账时间), ISO 8601 with offset.")

    @classmethod
    def from_rpc(cls, d: dict) -> "PointsEntry":
        return cls(volunteer_id=strawberry.ID(d["volunteer_id"]),
                   transaction_id=strawberry.ID(d["transaction_id"]), source_type=d["source_type"],
                   source_id=d["source_id"], amount=d["amount"], reason=d["reason"],
                   occurred_on=date.fromisoformat(d["occurred_on"]),
                   created_at=datetime.fromisoformat(d["created_at"]))


@strawberry.type(description="One line of a yearly statement: the movements of one source type.")
class StatementLine:
    source_type: str = strawberry.field(description="activity, case, wish, order, duty, redemption or "
                                                    "adjustment; reversals count under the type of what they "
                                                    "reverse (来源类型).")
    amount: int = strawberry.field(description="Net points of this type in the year (积分); negative for "
                                               "redemptions.")
    entries: int = strawberry.field(description="Number of ledger entries behind it (笔数).")


@strawberry.type(description="A volunteer's yearly points statement (年度积分对账单).")
class PointsStatement:
    year: int = strawberry.field(description="The calendar year, 2000–2100 (年度).")
    opening: int = strawberry.field(description="Balance on 1 January.")
    earned: int = strawberry.field(description="Points earned in the year (获得积分): every line but "
                                               "redemptions, net of reversals.")
    spent: int = strawberry.field(description="Redemptions net of cancellations.")
    closing: int = strawberry.field(description="Balance on 31 December (or today).")
    lines: list[StatementLine] = strawberry.field(description="The year's movements, one line per source "
                                                              "type, by type (明细).")

    @classmethod
    def from_rpc(cls, d: dict) -> "PointsStatement":
        return cls(year=d["year"], opening=d["opening"], earned=d["earned"], spent=d["spent"],
                   closing=d["closing"], lines=[StatementLine(**line) for line in d["lines"]])


@strawberry.type(description="A volunteer (志愿者): a resident or a party member.")
class Volunteer:
    id: strawberry.ID = strawberry.field(description="The volunteer's id.")
    name: str = strawberry.field(description="Their name (姓名).")
    kind: str = strawberry.field(description="resident (居民) or party_member (党员)")
    member_id: str | None = strawberry.field(description="Party-member roster id (党员编号).")
    team_id: strawberry.ID | None = strawberry.field(description="The team's id (所属志愿服务队), if any.")
    community_id: strawberry.ID | None = strawberry.field(description="The community's id (所在社区); follows "
                                                                      "the grid when placed in one.")
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
    id: strawberry.ID = strawberry.field(description="The sign-up's id.")
    activity_id: strawberry.ID = strawberry.field(description="The activity's id (志愿活动).")
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer's id (志愿者).")
    status: str = strawberry.field(description="signed_up (已报名) or withdrawn (已取消)")
    checked_in_at: datetime | None = strawberry.field(description="When they checked in on site (签到时间), "
                                                                  "ISO 8601 with offset; null before.")
    checked_out_at: datetime | None = strawberry.field(description="When they checked out (签退时间), ISO 8601 "
                                                                   "with offset; null before.")
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
    id: strawberry.ID = strawberry.field(description="The activity's id.")
    title: str = strawberry.field(description="Its title (活动名称), 1–100 characters.")
    kind: str = strawberry.field(description="policy_talk, cleanup, mediation, patrol, care or other")
    place: str = strawberry.field(description="Where, as free text (活动地点), 1–100 characters.")
    starts_at: datetime = strawberry.field(description="Start (开始时间), ISO 8601 with offset; its day in "
                                                       "China time picks the points rule.")
    ends_at: datetime = strawberry.field(description="End (结束时间), after the start; confirmed hours never "
                                                     "exceed the activity's length.")
    capacity: int = strawberry.field(description="Places available (名额), 1–10000.")
    signed_up: int = strawberry.field(description="Active sign-ups; never above capacity.")
    team_id: strawberry.ID | None = strawberry.field(description="The organizing team's id (志愿服务队), if any.")
    organizer: str | None = strawberry.field(description="Login of the staff member who published it "
                                                         "(发布人); null when not recorded.")

    @strawberry.field(description="Sign-ups of this activity (报名名单).")
    async def signups(self, info: strawberry.Info) -> list[ActivitySignup]:
        return await info.context.loader("signups_by_activity", signups_by_activity).load(str(self.id))

    @classmethod
    def from_rpc(cls, d: dict) -> "VolunteerActivity":
        return cls(id=strawberry.ID(d["id"]), title=d["title"], kind=d["kind"], place=d["place"],
                   starts_at=datetime.fromisoformat(d["starts_at"]),
                   ends_at=datetime.fromisoformat(d["ends_at"]), capacity=d["capacity"],
                   signed_up=d["signed_up"], team_id=_id(d["team_id"]), organizer=d["organizer"])
