"""Points types: rules, postings, the store, the pioneer index and the leaderboard."""
from __future__ import annotations

from datetime import date, datetime

import strawberry


def _id(value: str | None) -> strawberry.ID | None:
    return strawberry.ID(value) if value else None


@strawberry.type(description="A points rule (积分规则) in force from effectiveFrom until the next one.")
class PointRule:
    effective_from: date | None = strawberry.field(description="null: the built-in default")
    points_per_hour: int = strawberry.field(description="Points per hour of confirmed service (每小时积分), "
                                                    "prorated by the minute; default 10.")
    points_per_case: int = strawberry.field(description="Points to each party member credited with a "
                                                        "resolved case (办结事件); default 5.")
    points_per_duty: int = strawberry.field(description="Per month of duty (月度履职).")
    points_per_wish: int = strawberry.field(description="Per fulfilled micro-wish (微心愿).")
    points_per_order: int = strawberry.field(description="Per completed 三单 order (党员接单).")
    daily_cap: int | None = strawberry.field(description="Most hour points a volunteer earns per day, China "
                                                         "time (每日上限); null: no cap. What it cuts off is not "
                                                         "carried over.")
    monthly_cap: int | None = strawberry.field(description="Most hour points a volunteer earns per calendar "
                                                           "month (每月上限); null: no cap.")

    @classmethod
    def from_rpc(cls, d: dict) -> "PointRule":
        return cls(effective_from=date.fromisoformat(d["effective_from"]) if d["effective_from"] else None,
                   points_per_hour=d["points_per_hour"], points_per_case=d["points_per_case"],
                   points_per_duty=d["points_per_duty"], points_per_wish=d["points_per_wish"],
                   points_per_order=d["points_per_order"], daily_cap=d["daily_cap"], monthly_cap=d["monthly_cap"])


@strawberry.type(description="A posted points transaction (积分交易).")
class PointsPosting:
    transaction_id: strawberry.ID = strawberry.field(description="The posted transaction's id (积分交易).")
    reverses_id: strawberry.ID | None = strawberry.field(
        default=None, description="For a reversal (冲正): the transaction's id it reverses; null otherwise.")
    balance: int | None = strawberry.field(default=None, description="The volunteer's balance after it.")


@strawberry.type(description="An item or service in the points store (积分超市商品).")
class StoreItem:
    id: strawberry.ID = strawberry.field(description="The item's id.")
    name: str = strawberry.field(description="The item or service (商品名称), 1–64 characters.")
    price: int = strawberry.field(description="Price in points.")
    stock: int = strawberry.field(description="Units left to redeem (库存); a redemption takes one, a "
                                              "cancellation puts it back.")

    @classmethod
    def from_rpc(cls, d: dict) -> "StoreItem":
        return cls(id=strawberry.ID(d["id"]), name=d["name"], price=d["price"], stock=d["stock"])


@strawberry.type(description="A redemption at the points store (积分兑换).")
class Redemption:
    id: strawberry.ID = strawberry.field(description="The redemption's id.")
    item_id: strawberry.ID = strawberry.field(description="The store item's id (积分商品).")
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer's id who redeemed (志愿者).")
    points: int = strawberry.field(description="Points paid: the item's price at the time (消耗积分).")
    status: str = strawberry.field(description="reserved (待领取), picked_up (已领取) or cancelled (已取消)")
    created_at: datetime = strawberry.field(description="When it was redeemed (兑换时间), ISO 8601 with offset.")

    @classmethod
    def from_rpc(cls, d: dict) -> "Redemption":
        return cls(id=strawberry.ID(d["id"]), item_id=strawberry.ID(d["item_id"]),
                   volunteer_id=strawberry.ID(d["volunteer_id"]), points=d["points"], status=d["status"],
                   created_at=datetime.fromisoformat(d["created_at"]))


@strawberry.type(description="A party member's pioneer index (先锋指数) with its breakdown.")
class PioneerScore:
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer's id (志愿者).")
    name: str = strawberry.field(description="The member's name (姓名).")
    member_id: str | None = strawberry.field(description="Party-member roster id (党员编号).")
    hours: float = strawberry.field(description="Confirmed service hours in the period (志愿服务时长), "
                                                "2 decimals.")
    cases: int = strawberry.field(description="Resolved cases credited to them in the period, reversed "
                                              "credits left out (办结事件数).")
    wishes: int = strawberry.field(description="Fulfilled micro-wishes credited to them in the period, "
                                               "reversed credits left out (微心愿数).")
    hours_score: float = strawberry.field(description="0–50: 50 × hours / tenant's best")
    cases_score: float = strawberry.field(description="0–30: 30 × cases / tenant's best")
    wishes_score: float = strawberry.field(description="0–20: 20 × wishes / tenant's best")
    index: float = strawberry.field(description="0–100, the sum of the three scores")

    @classmethod
    def from_rpc(cls, d: dict) -> "PioneerScore":
        return cls(volunteer_id=strawberry.ID(d["volunteer_id"]), name=d["name"], member_id=d["member_id"],
                   hours=d["hours"], cases=d["cases"], wishes=d["wishes"], hours_score=d["hours_score"],
                   cases_score=d["cases_score"], wishes_score=d["wishes_score"], index=d["index"])


@strawberry.type(description="A row of the points leaderboard (积分排行榜).")
class LeaderboardRow:
    rank: int = strawberry.field(description="Ties share a rank (1, 2, 2, 4).")
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer's id (志愿者).")
    name: str = strawberry.field(description="Their name (姓名).")
    community_id: strawberry.ID | None = strawberry.field(description="The community's id (所在社区), if any.")
    grid_id: strawberry.ID | None = strawberry.field(description="所在网格")
    points: int = strawberry.field(description="Earned in the period (redemptions do not count).")

    @classmethod
    def from_rpc(cls, d: dict) -> "LeaderboardRow":
        return cls(rank=d["rank"], volunteer_id=strawberry.ID(d["volunteer_id"]), name=d["name"],
                   community_id=_id(d["community_id"]), grid_id=_id(d.get("grid_id")), points=d["points"])


@strawberry.type(description="A grid, community or street on the points leaderboard (网格/社区/街道积分排行).")
class PlacePoints:
    rank: int = strawberry.field(description="Ties share a rank (1, 2, 2, 4).")
    place_id: strawberry.ID = strawberry.field(description="The grid, community or street id (grid service).")
    points: int = strawberry.field(description="Earned by its volunteers in the period.")

    @classmethod
    def from_rpc(cls, d: dict) -> "PlacePoints":
        return cls(rank=d["rank"], place_id=strawberry.ID(d["place_id"]), points=d["points"])


@strawberry.type(description="The pioneer index of one month, frozen (先锋指数月度存档).")
class PioneerMonth:
    month: str = strawberry.field(description="The month, YYYY-MM, China time (月份).")
    scores: list[PioneerScore] = strawberry.field(description="The month's scores as frozen, in your scope, "
                                                              "best first; empty until the month is "
                                                              "snapshotted.")
