"""Volunteer queries: volunteers, teams, activities, rules, the store and the pioneer index."""
from __future__ import annotations

from datetime import date, datetime

import strawberry

from gateway.loaders import volunteers_by_id
from gateway.pagination import Connection, check_page, sort_cursor
from gateway.volunteer.points_types import (
    LeaderboardRow, PioneerMonth, PioneerScore, PlacePoints, PointRule, StoreItem,
)
from gateway.volunteer.types import PointsEntry, Volunteer, VolunteerActivity, VolunteerTeam
from shared.contracts.validation import parse_id
from shared.errors import CivicError, ValidationFailed


def _ids(**ids) -> dict:
    """Optional id arguments checked (VALIDATION_FAILED naming the argument) and as text."""
    out = {}
    for name, value in ids.items():
        if value is not None:
            camel = name.split("_")[0] + "".join(w.title() for w in name.split("_")[1:])
            parse_id(value, camel)
            out[name] = str(value)
    return out


def _position(after: str | None) -> int:
    """Leaderboard cursors are positions in the ranking."""
    if after is None:
        return 0
    if not after.isdigit() or len(after) > 6:
        raise ValidationFailed([{"field": "after", "message": "after: not a cursor of this list",
                                 "message_zh": "after：不是本列表的游标"}])
    return int(after)


def _sorted_cursor(row: dict) -> str:
    return f"{row['created_at']}|{row['id']}"


async def _board(info, first, after, start, end, **filters) -> list[dict]:
    check_page(first, after, cursor_is_id=False)
    query = {"start": start.isoformat(), "end": end.isoformat(), "limit": first + 1,
             "after": _position(after), **filters}
    return await info.context.call("volunteer", "leaderboard", query)


@strawberry.type
class VolunteerQuery:
    @strawberry.field(description="One volunteer with balance and ledger, or null (志愿者).")
    async def volunteer(self, info: strawberry.Info, id: strawberry.ID) -> Volunteer | None:
        parse_id(id, "id")
        return await info.context.loader("volunteers_by_id", volunteers_by_id).load(str(id))

    @strawberry.field(description="Volunteers in your scope, newest first (志愿者名单), by team, street, "
                                  "community, grid, kind (resident / party_member) or a part of the name. "
                                  "`first` ≤ 100.")
    async def volunteers(self, info: strawberry.Info, first: int, after: str | None = None,
                         team_id: strawberry.ID | None = None, street_id: strawberry.ID | None = None,
                         community_id: strawberry.ID | None = None, grid_id: strawberry.ID | None = None,
                         kind: str | None = None, name: str | None = None) -> Connection[Volunteer]:
        check_page(first, after, cursor_is_id=False)
        query = {"limit": first + 1, "after": after, "kind": kind, "name": name,
                 **_ids(team_id=team_id, street_id=street_id, community_id=community_id, grid_id=grid_id)}
        rows = await info.context.call("volunteer", "volunteer_page", query)
        return Connection.of(rows, first, Volunteer.from_rpc, _sorted_cursor)

    @strawberry.field(description="Points ledger entries in your scope, newest first (积分明细): of one "
                                  "volunteer or all, by source type (activity, case, wish, order, duty, "
                                  "redemption, adjustment, reversal) and date. `first` ≤ 100.")
    async def points_ledger(self, info: strawberry.Info, first: int, after: str | None = None,
                            volunteer_id: strawberry.ID | None = None, source_type: str | None = None,
                            since: date | None = None, until: date | None = None) -> Connection[PointsEntry]:
        check_page(first, after, cursor_is_id=False)
        query = {"limit": first + 1, "after": after, "source_type": source_type,
                 "since": since.isoformat() if since else None,
                 "until": until.isoformat() if until else None, **_ids(volunteer_id=volunteer_id)}
        rows = await info.context.call("volunteer", "ledger_page", query)
        return Connection.of(rows, first, PointsEntry.from_rpc, _sorted_cursor)

    @strawberry.field(description="Volunteer teams (志愿服务队).",
                      deprecation_reason="Use volunteerTeamsConnection (Relay connection).")
    async def volunteer_teams(self, info: strawberry.Info) -> list[VolunteerTeam]:
        return [VolunteerTeam.from_rpc(r) for r in await info.context.call("volunteer", "list_teams")]

    @strawberry.field(description="Volunteer teams by name, then id (志愿服务队, 分页). `first` ≤ 100; "
                                  "`after` is the `endCursor` of the previous page.")
    async def volunteer_teams_connection(self, info: strawberry.Info, first: int,
                                         after: str | None = None) -> Connection[VolunteerTeam]:
        check_page(first, after, cursor_is_id=False)
        rows = await info.context.call("volunteer", "list_teams", limit=first + 1, after=after)
        return Connection.of(rows, first, VolunteerTeam.from_rpc, lambda r: sort_cursor(r["name"], r["id"]))

    @strawberry.field(description="Volunteer activities, latest start first (志愿活动), by kind (policy_talk, "
                                  "cleanup, mediation, patrol, care, other), team and start time "
                                  "[since, until). `first` ≤ 100.")
    async def volunteer_activities(self, info: strawberry.Info, first: int, after: str | None = None,
                                   kind: str | None = None, team_id: strawberry.ID | None = None,
                                   since: datetime | None = None,
                                   until: datetime | None = None) -> Connection[VolunteerActivity]:
        check_page(first, after, cursor_is_id=False)
        query = {"limit": first + 1, "after": after, "kind": kind, **_ids(team_id=team_id),
                 "since": since.isoformat() if since else None, "until": until.isoformat() if until else None}
        rows = await info.context.call("volunteer", "activity_page", query)
        return Connection.of(rows, first, VolunteerActivity.from_rpc, lambda r: f"{r['starts_at']}|{r['id']}")

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

    @strawberry.field(description="Items of the points store (积分超市), cheapest first.",
                      deprecation_reason="Use storeItemsConnection (Relay connection).")
    async def store_items(self, info: strawberry.Info) -> list[StoreItem]:
        return [StoreItem.from_rpc(r) for r in await info.context.call("volunteer", "list_store_items")]

    @strawberry.field(description="Items of the points store, cheapest first, then by name and id "
                                  "(积分超市, 分页). `first` ≤ 100; `after` is the `endCursor` of the "
                                  "previous page.")
    async def store_items_connection(self, info: strawberry.Info, first: int,
                                     after: str | None = None) -> Connection[StoreItem]:
        check_page(first, after, cursor_is_id=False)
        rows = await info.context.call("volunteer", "list_store_items", limit=first + 1, after=after)
        return Connection.of(rows, first, StoreItem.from_rpc, lambda r: f"{r['price']}|{r['name']}|{r['id']}")

    @strawberry.field(description="Live pioneer index of party members, best first (先锋指数); "
                                  "all time, or one month `YYYY-MM`.",
                      deprecation_reason="Use pioneerIndexConnection (Relay connection).")
    async def pioneer_index(self, info: strawberry.Info, month: str | None = None) -> list[PioneerScore]:
        rows = await info.context.call("volunteer", "pioneer_index", month)
        return [PioneerScore.from_rpc(r) for r in rows]

    @strawberry.field(description="Live pioneer index of party members in your scope (先锋指数, 分页): "
                                  "best first, then by name and volunteer id; all time, or one month "
                                  "`YYYY-MM`. `first` ≤ 100; `after` is the `endCursor` of the previous "
                                  "page. Scores are computed when each page is read.")
    async def pioneer_index_connection(self, info: strawberry.Info, first: int, after: str | None = None,
                                       month: str | None = None) -> Connection[PioneerScore]:
        check_page(first, after, cursor_is_id=False)
        rows = await info.context.call("volunteer", "pioneer_index", month, limit=first + 1, after=after)
        return Connection.of(rows, first, PioneerScore.from_rpc,
                             lambda r: f"{r['index']}|{r['name']}|{r['volunteer_id']}")

    @strawberry.field(description="The frozen pioneer index of a month `YYYY-MM` (先锋指数存档); "
                                  "empty until the month is snapshotted.")
    async def pioneer_snapshot(self, info: strawberry.Info, month: str) -> PioneerMonth:
        rows = await info.context.call("volunteer", "pioneer_snapshot", month)
        return PioneerMonth(month=month, scores=[PioneerScore.from_rpc(r) for r in rows])

    @strawberry.field(description="Volunteers by points earned from start to end (at most a year), best "
                                  "first, in your scope, optionally in one street, community or grid and "
                                  "of one kind (积分排行榜). `first` ≤ 100.")
    async def points_leaderboard(self, info: strawberry.Info, start: date, end: date, first: int,
                                 after: str | None = None, street_id: strawberry.ID | None = None,
                                 community_id: strawberry.ID | None = None,
                                 grid_id: strawberry.ID | None = None,
                                 kind: str | None = None) -> Connection[LeaderboardRow]:
        rows = await _board(info, first, after, start, end, by="volunteer", kind=kind, **_ids(
            street_id=street_id, community_id=community_id, grid_id=grid_id))
        return Connection.of(rows, first, LeaderboardRow.from_rpc, lambda r: str(r["position"]))

    @strawberry.field(description="Grids, communities or streets (`by`) by the points their volunteers "
                                  "earned from start to end, best first, in your scope (网格/社区积分排行); "
                                  "optionally inside one street or community. `first` ≤ 100.")
    async def place_leaderboard(self, info: strawberry.Info, by: str, start: date, end: date, first: int,
                                after: str | None = None, street_id: strawberry.ID | None = None,
                                community_id: strawberry.ID | None = None) -> Connection[PlacePoints]:
        if by == "volunteer":
            raise ValidationFailed([{"field": "by", "message": "by: grid, community or street",
                                     "message_zh": "by：须为 grid、community 或 street"}])
        rows = await _board(info, first, after, start, end, by=by,
                            **_ids(street_id=street_id, community_id=community_id))
        return Connection.of(rows, first, PlacePoints.from_rpc, lambda r: str(r["position"]))

    @strawberry.field(description="Sum of every ledger entry of your county: 0 while the "
                                  "double-entry ledger is whole (积分账本校验).")
    async def points_ledger_total(self, info: strawberry.Info) -> int:
        return (await info.context.call("volunteer", "ledger_check"))["total"]
