"""Quarterly grid rating (红蓝黄): types, query and mutation in one small module."""
from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.errors import OperationError, as_data
from shared.contracts.grid import QuarterRating as QuarterOut
from shared.errors import CivicError

METRICS = "case_handling, timeliness, satisfaction, visit_coverage, registry_freshness"


@strawberry.type(description="One measured figure of a grid (评分指标): a share in 0..1, null when there "
                             "is nothing to measure (its weight is then left out).")
class RatingMetric:
    name: str = strawberry.field(description=METRICS)
    value: float | None
    weight: int
    detail: str


@strawberry.type(description="A grid's quarterly rating (网格评级): red (红, best), blue (蓝), yellow (黄).")
class GridRating:
    grid_id: strawberry.ID
    grid_name: str
    community_id: strawberry.ID
    score: float | None
    colour: str | None
    rank: int | None
    metrics: list[RatingMetric]


@strawberry.type
class MetricWeight:
    metric: str
    weight: int


@strawberry.type(description="The quarter's rating of the grids in your scope, best first (季度网格评级).")
class QuarterRating:
    quarter: str
    weights: list[MetricWeight]
    red_at: float
    yellow_below: float
    grids: list[GridRating]

    @classmethod
    def from_rpc(cls, d: QuarterOut) -> "QuarterRating":
        return cls(quarter=d["quarter"], red_at=d["red_at"], yellow_below=d["yellow_below"],
                   weights=[MetricWeight(metric=k, weight=v) for k, v in d["weights"].items()],
                   grids=[GridRating(grid_id=strawberry.ID(g["grid_id"]), grid_name=g["grid_name"],
                                     community_id=strawberry.ID(g["community_id"]), score=g["score"],
                                     colour=g["colour"], rank=g["rank"],
                                     metrics=[RatingMetric(**m) for m in g["metrics"]])
                          for g in d["grids"]])


@strawberry.input
class MetricWeightInput:
    metric: str = strawberry.field(description=METRICS)
    weight: int


@strawberry.input(description="Weights and thresholds of the rating (评级规则).")
class RatingConfigInput:
    weights: list[MetricWeightInput]
    red_at: float
    yellow_below: float


@strawberry.type(description="A grid worker ranked for the half-year (优秀网格员): merit = 50 · weeks with "
                             "the visiting quota met / weeks + 50 · mean score of their grid / 100.")
class BestGridWorker:
    visitor: str
    grid_id: strawberry.ID
    weeks: int
    weeks_met: int
    households: int
    grid_score: float | None
    merit: float
    rank: int


RatingResult = Annotated[QuarterRating | OperationError, strawberry.union("SetRatingConfigResult")]


@strawberry.type
class RatingQuery:
    @strawberry.field(description="Grids in your scope rated for a quarter like 2026Q4 (China time), explained.")
    async def grid_rating(self, info: strawberry.Info, quarter: str) -> QuarterRating:
        return QuarterRating.from_rpc(await info.context.call("grid", "grid_rating", quarter))

    @strawberry.field(description="The best grid workers of a half-year like 2026H2 (半年优秀网格员), up to `first`.")
    async def best_grid_workers(self, info: strawberry.Info, half_year: str, first: int = 10) -> list[BestGridWorker]:
        rows = await info.context.call("grid", "best_grid_workers", half_year, limit=first)
        return [BestGridWorker(**{**r, "grid_id": strawberry.ID(r["grid_id"])}) for r in rows]


@strawberry.type
class RatingMutation:
    @strawberry.mutation(description="Set the rating's weights and thresholds (county admins); returns the "
                                     "given quarter rated with them.")
    async def set_rating_config(self, info: strawberry.Info, input: RatingConfigInput,
                                quarter: str) -> RatingResult:
        config = {"weights": {w.metric: w.weight for w in input.weights}, "red_at": input.red_at,
                  "yellow_below": input.yellow_below}
        try:
            await info.context.call("grid", "set_rating_config", config)
            return QuarterRating.from_rpc(await info.context.call("grid", "grid_rating", quarter))
        except CivicError as exc:
            return as_data(exc, info.context.language)
