"""Points types: rules, postings, the store, the pioneer index and the leaderboard."""
from __future__ import annotations

from datetime import date, datetime

import strawberry


def _id(value: str | None) -> strawberry.ID | None:
    return strawberry.ID(value) if value else None


@strawberry.type(description="A points rule (积分规则) in force from effectiveFrom until the next one.")
class PointRule:
    effective_from: date | None = strawberry.field(description="null: the built-in default")
    points_per_hour: int
    points_per_case: int
    points_per_duty: int = strawberry.field(description="Per month of duty (月度履职).")
    points_per_wish: int = strawberry.field(description="Per fulfilled micro-wish (微心愿).")
    points_per_order: int = strawberry.field(description="Per completed 三单 order (党员接单).")
    daily_cap: int | None
    monthly_cap: int | None

    @classmethod
    def from_rpc(cls, d: dict) -> "PointRule":
        return cls(effective_from=date.fromisoformat(d["effective_from"]) if d["effective_from"] else None,
                   points_per_hour=d["points_per_hour"], points_per_case=d["points_per_case"],
                   points_per_duty=d["points_per_duty"], points_per_wish=d["points_per_wish"],
                   points_per_order=d["points_per_order"], daily_cap=d["daily_cap"], monthly_cap=d["monthly_cap"])


@strawberry.type(description="A posted points transaction (积分交易).")
class PointsPosting:
    transaction_id: strawberry.ID
    reverses_id: strawberry.ID | None = None
    balance: int | None = strawberry.field(default=None, description="The volunteer's balance after it.")


@strawberry.type(description="An item or service in the points store (积分超市商品).")
class StoreItem:
    id: strawberry.ID
    name: str
    price: int = strawberry.field(description="Price in points.")
    stock: int

    @classmethod
    def from_rpc(cls, d: dict) -> "StoreItem":
        return cls(id=strawberry.ID(d["id"]), name=d["name"], price=d["price"], stock=d["stock"])


@strawberry.type(description="A redemption at the points store (积分兑换).")
class Redemption:
    id: strawberry.ID
    item_id: strawberry.ID
    volunteer_id: strawberry.ID
    points: int
    status: str = strawberry.field(description="reserved (待领取), picked_up (已领取) or cancelled (已取消)")
    created_at: datetime

    @classmethod
    def from_rpc(cls, d: dict) -> "Redemption":
        return cls(id=strawberry.ID(d["id"]), item_id=strawberry.ID(d["item_id"]),
                   volunteer_id=strawberry.ID(d["volunteer_id"]), points=d["points"], status=d["status"],
                   created_at=datetime.fromisoformat(d["created_at"]))


@strawberry.type(description="A party member's pioneer index (先锋指数) with its breakdown.")
class PioneerScore:
    volunteer_id: strawberry.ID
    name: str
    member_id: str | None
    hours: float
    cases: int
    wishes: int
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
    volunteer_id: strawberry.ID
    name: str
    community_id: strawberry.ID | None
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
    month: str
    scores: list[PioneerScore]
