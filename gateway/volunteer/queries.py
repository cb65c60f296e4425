"""Volunteer queries: volunteers, teams, activities, rules, the store and the pioneer index."""
from __future__ import annotations

from datetime import date

import strawberry

from gateway.loaders import volunteers_by_id
from gateway.volunteer.points_types import (
    LeaderboardRow, PioneerMonth, PioneerScore, PointRule, StoreItem,
)
from gateway.volunteer.types import Volunteer, VolunteerActivity, VolunteerTeam
from shared.contracts.validation import parse_id
from shared.errors import CivicError


@strawberry.type
class VolunteerQuery:
    @strawberry.field(description="One volunteer with balance and ledger, or null (志愿者).")
    async def volunteer(self, info: strawberry.Info, id: strawberry.ID) -> Volunteer | None:
        parse_id(id, "id")
        return await info.context.loader("volunteers_by_id", volunteers_by_id).load(str(id))

    @strawberry.field(description="Volunteers, newest first, optionally of one team (志愿者名单); at most 200.")
    async def volunteers(self, info: strawberry.Info, team_id: strawberry.ID | None = None) -> list[Volunteer]:
        if team_id is not None:
            parse_id(team_id, "teamId")
        rows = await info.context.call("volunteer", "list_volunteers", str(team_id) if team_id else None)
        return [Volunteer.from_rpc(r) for r in rows]

    @strawberry.field(description="Volunteer teams (志愿服务队).")
    async def volunteer_teams(self, info: strawberry.Info) -> list[VolunteerTeam]:
        return [VolunteerTeam.from_rpc(r) for r in await info.context.call("volunteer", "list_teams")]

    @strawberry.field(description="Volunteer activities, latest first (志愿活动); at most 100.")
    async def volunteer_activities(self, info: strawberry.Info) -> list[VolunteerActivity]:
        rows = await info.context.call("volunteer", "list_activities")
        return [VolunteerActivity.from_rpc(r) for r in rows]

    @strawberry.field(description="One volunteer activity, or null (志愿活动).")
    async def volunteer_activity(self, info: strawberry.Info, id: strawberry.ID) -> VolunteerActivity | None:
        parse_id(id, "id")
        try:
            return VolunteerActivity.from_rpc(await info.context.call("volunteer", "get_activity", str(id)))
        except CivicError as exc:
            if exc.code == "NOT_FOUND":
                return None
            raise

    @strawberry.field(description="The on-site check-in code of an activity (签到码); organizers only.")
    async def activity_checkin_code(self, info: strawberry.Info, activity_id: strawberry.ID) -> str:
        parse_id(activity_id, "activityId")
        return await info.context.call("volunteer", "checkin_code", str(activity_id))

    @strawberry.field(description="Points rules in force from each date (积分规则), oldest first.")
    async def point_rules(self, info: strawberry.Info) -> list[PointRule]:
        return [PointRule.from_rpc(r) for r in await info.context.call("volunteer", "list_point_rules")]

    @strawberry.field(description="Items of the points store (积分超市), cheapest first.")
    async def store_items(self, info: strawberry.Info) -> list[StoreItem]:
        return [StoreItem.from_rpc(r) for r in await info.context.call("volunteer", "list_store_items")]

    @strawberry.field(description="Live pioneer index of party members, best first (先锋指数); "
                                  "all time, or one month `YYYY-MM`.")
    async def pioneer_index(self, info: strawberry.Info, month: str | None = None) -> list[PioneerScore]:
        rows = await info.context.call("volunteer", "pioneer_index", month)
        return [PioneerScore.from_rpc(r) for r in rows]

    @strawberry.field(description="The frozen pioneer index of a month `YYYY-MM` (先锋指数存档); "
                                  "empty until the month is snapshotted.")
    async def pioneer_snapshot(self, info: strawberry.Info, month: str) -> PioneerMonth:
        rows = await info.context.call("volunteer", "pioneer_snapshot", month)
        return PioneerMonth(month=month, scores=[PioneerScore.from_rpc(r) for r in rows])

    @strawberry.field(description="Points earned from start to end (at most a year), best first, "
                                  "optionally in one community (积分排行榜); `first` ≤ 100.")
    async def points_leaderboard(self, info: strawberry.Info, start: date, end: date,
                                 community_id: strawberry.ID | None = None,
                                 first: int = 20) -> list[LeaderboardRow]:
        query = {"start": start.isoformat(), "end": end.isoformat(), "limit": first,
                 "community_id": str(community_id) if community_id else None}
        return [LeaderboardRow.from_rpc(r) for r in await info.context.call("volunteer", "leaderboard", query)]

    @strawberry.field(description="Sum of every ledger entry of your county: 0 while the "
                                  "double-entry ledger is whole (积分账本校验).")
    async def points_ledger_total(self, info: strawberry.Info) -> int:
        return (await info.context.call("volunteer", "ledger_check"))["total"]
