"""Points mutations: rules, adjustments, duty, reversals, the store and pioneer snapshots; and
the helpers every volunteer mutation uses. Each returns its object or an OperationError."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from gateway.errors import OperationError, mutate
from gateway.payloads import payload
from gateway.volunteer.points_types import (
    PioneerMonth, PioneerScore, PointRule, PointsPosting, Redemption, StoreItem,
)


@strawberry.input(description="A points rule from a date on (积分规则); rules are never edited.")
class SetPointRuleInput:
    effective_from: date = strawberry.field(description="First day it applies (生效日期), China time; until the "
                                                        "next rule. One rule per date.")
    points_per_hour: int = strawberry.field(description="Points per hour of confirmed service (每小时积分), "
                                                        "0–1000, prorated by the minute.")
    points_per_case: int = strawberry.field(default=0, description="Points per resolved case to each party "
                                                                   "member credited (办结事件), 0–1000.")
    points_per_duty: int = strawberry.field(default=0, description="Points per month of duty (月度履职), "
                                                                   "0–10000.")
    points_per_wish: int = strawberry.field(default=0, description="Per fulfilled micro-wish (微心愿).")
    points_per_order: int = strawberry.field(default=0, description="Per completed 三单 order (党员接单).")
    daily_cap: int | None = strawberry.field(
        default=None, description="Most hour points per volunteer per day (每日上限), 1–100000; null: no cap.")
    monthly_cap: int | None = strawberry.field(
        default=None, description="Most hour points per volunteer per calendar month (每月上限), 1–1000000; "
                                  "null: no cap.")


@strawberry.input(description="A manual points adjustment with a reason (积分调整).")
class AdjustPointsInput:
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer's id (志愿者).")
    points: int = strawberry.field(description="Points to credit (positive) or debit (negative), "
                                               "-100000–100000 (调整积分).")
    reason: str = strawberry.field(description="Why, 2–200 characters; shown on the ledger (调整原因).")
    reference: str = strawberry.field(description="Unique per adjustment: a retry never posts twice.")


@strawberry.input(description="A month of duty (月度履职) of a grid-branch or owners'-committee member.")
class AwardDutyPointsInput:
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer's id (志愿者).")
    month: str = strawberry.field(description="YYYY-MM")
    role: str = strawberry.field(description="grid_branch (网格党支部) or owners_committee (业委会)")


@strawberry.input(description="A new item of the points store (积分超市商品).")
class CreateStoreItemInput:
    name: str = strawberry.field(description="The item or service (商品名称), 1–64 characters.")
    price: int = strawberry.field(description="Price in points (兑换积分), 1–1000000.")
    stock: int = strawberry.field(description="Units available (库存), 0–1000000.")


def _union(name: str, cls):
    return Annotated[cls | OperationError, strawberry.union(name)]


RuleResult = _union("SetPointRuleResult", PointRule)
PostingResult = _union("PointsPostingResult", PointsPosting)
ItemResult = _union("CreateStoreItemResult", StoreItem)
RedemptionResult = _union("RedemptionResult", Redemption)
PioneerMonthResult = _union("SnapshotPioneerIndexResult", PioneerMonth)


def _plain(data) -> dict:
    """Dates and datetimes as ISO text on the wire."""
    return {k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in payload(data).items()}


async def _call(info: strawberry.Info, build, method: str, *args):
    return await mutate(info, "volunteer", method, *args, build=build)


def _posting(d: dict) -> PointsPosting:
    reverses = d.get("reverses_id")
    return PointsPosting(transaction_id=strawberry.ID(d["transaction_id"]), balance=d.get("balance"),
                         reverses_id=strawberry.ID(reverses) if reverses else None)


@strawberry.type
class PointsMutation:
    @strawberry.mutation(description="Add a points rule from a date on (新增积分规则).")
    async def set_point_rule(self, info: strawberry.Info, input: SetPointRuleInput) -> RuleResult:
        return await _call(info, PointRule.from_rpc, "set_point_rule", _plain(input))

    @strawberry.mutation(description="Adjust a volunteer's points with a reason (积分调整).")
    async def adjust_points(self, info: strawberry.Info, input: AdjustPointsInput) -> PostingResult:
        return await _call(info, _posting, "adjust_points", _plain(input))

    @strawberry.mutation(description="Credit a month of duty by the month's rule, once (履职积分).")
    async def award_duty_points(self, info: strawberry.Info, input: AwardDutyPointsInput) -> PostingResult:
        return await _call(info, _posting, "award_duty", _plain(input))

    @strawberry.mutation(description="Correct a points transaction by a reversing one (冲正).")
    async def reverse_points_transaction(self, info: strawberry.Info, transaction_id: strawberry.ID,
                                         reason: str) -> PostingResult:
        return await _call(info, _posting, "reverse_transaction", str(transaction_id), reason)

    @strawberry.mutation(description="Add an item to the points store (上架积分商品).")
    async def create_store_item(self, info: strawberry.Info, input: CreateStoreItemInput) -> ItemResult:
        return await _call(info, StoreItem.from_rpc, "create_store_item", _plain(input))

    @strawberry.mutation(description="Redeem an item with points (积分兑换); atomic on balance and stock.")
    async def redeem_store_item(self, info: strawberry.Info, volunteer_id: strawberry.ID,
                                item_id: strawberry.ID) -> RedemptionResult:
        return await _call(info, Redemption.from_rpc, "redeem", str(volunteer_id), str(item_id))

    @strawberry.mutation(description="Confirm that a redeemed item was picked up (确认领取).")
    async def confirm_redemption_pickup(self, info: strawberry.Info,
                                        redemption_id: strawberry.ID) -> RedemptionResult:
        return await _call(info, Redemption.from_rpc, "confirm_pickup", str(redemption_id))

    @strawberry.mutation(description="Cancel a redemption before pickup; points refunded by reversal (取消兑换).")
    async def cancel_redemption(self, info: strawberry.Info, redemption_id: strawberry.ID) -> RedemptionResult:
        return await _call(info, Redemption.from_rpc, "cancel_redemption", str(redemption_id))

    @strawberry.mutation(description="Freeze a month's pioneer index (先锋指数月度存档); once per month.")
    async def snapshot_pioneer_index(self, info: strawberry.Info, month: str) -> PioneerMonthResult:
        return await _call(info, lambda rows: PioneerMonth(
            month=month, scores=[PioneerScore.from_rpc(r) for r in rows]), "snapshot_pioneer_index", month)
