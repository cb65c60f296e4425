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
    value: float | None = strawberry.field(description="The measured share, 0–1 with 4 decimals; null when the "
                                                       "grid has nothing to measure (no cases, no households).")
    weight: int = strawberry.field(description="The metric's weight in the county's rating rule, 0–100 (权重).")
    detail: str = strawberry.field(description="The counts behind the value, e.g. \"closed 3 of 4 cases "
                                               "(办结)\" (计算依据).")


@strawberry.type(description="A grid's quarterly rating (网格评级): red (红, best), blue (蓝), yellow (黄).")
class GridRating:
    grid_id: strawberry.ID = strawberry.field(description="The grid's id (网格).")
    grid_name: str = strawberry.field(description="The grid's name (网格名称).")
    community_id: strawberry.ID = strawberry.field(description="The community's id it belongs to (所属社区).")
    score: float | None = strawberry.field(description="0–100 with 1 decimal: 100 × the weighted mean of the "
                                                       "measured metrics (得分); null when nothing could be "
                                                       "measured.")
    colour: str | None = strawberry.field(description="red (红, score ≥ redAt), yellow (黄, score < yellowBelow) "
                                                      "or blue (蓝, between); null without a score (评定等次).")
    rank: int | None = strawberry.field(description="Place among the scored grids of this list, 1 = best "
                                                    "(排名); null without a score.")
    metrics: list[RatingMetric] = strawberry.field(description="The five metrics with their values and weights "
                                                               "(评分指标).")


@strawberry.type(description="The weight of one metric in the rating rule (指标权重).")
class MetricWeight:
    metric: str = strawberry.field(description=METRICS)
    weight: int = strawberry.field(description="0–100; the score divides by the sum of the weights of the "
                                               "metrics measured (权重).")


@strawberry.type(description="The quarter's rating of the grids in your scope, best first (季度网格评级).")
class QuarterRating:
    quarter: str = strawberry.field(description="The quarter rated, like 2026Q4; quarters follow China time "
                                                "(季度). A running quarter is rated as of now.")
    weights: list[MetricWeight] = strawberry.field(description="The weights in force (指标权重); by default "
                                                               "case_handling 30, timeliness 20, satisfaction "
                                                               "20, visit_coverage 15, registry_freshness 15.")
    red_at: float = strawberry.field(description="Score (0–100) from which a grid is red (红); default 85.")
    yellow_below: float = strawberry.field(description="Score (0–100) below which a grid is yellow (黄); "
                                                       "default 60.")
    grids: list[GridRating] = strawberry.field(description="Grids in your scope, best score first, unscored "
                                                           "grids last (网格评级).")

    @classmethod
    def from_rpc(cls, d: QuarterOut) -> "QuarterRating":
        return cls(quarter=d["quarter"], red_at=d["red_at"], yellow_below=d["yellow_below"],
                   weights=[MetricWeight(metric=k, weight=v) for k, v in d["weights"].items()],
                   grids=[GridRating(grid_id=strawberry.ID(g["grid_id"]), grid_name=g["grid_name"],
                                     community_id=strawberry.ID(g["community_id"]), score=g["score"],
                                     colour=g["colour"], rank=g["rank"],
                                     metrics=[RatingMetric(**m) for m in g["metrics"]])
                          for g in d["grids"]])


@strawberry.input(description="The weight of one metric (指标权重).")
class MetricWeightInput:
    metric: str = strawberry.field(description=METRICS)
    weight: int = strawberry.field(description="0–100 (权重).")


@strawberry.input(description="Weights and thresholds of the rating (评级规则).")
class RatingConfigInput:
    weights: list[MetricWeightInput] = strawberry.field(description="At least one, not all zero; a metric left "
                                                                    "out weighs 0. Replaces the previous "
                                                                    "weights (指标权重).")
    red_at: float = strawberry.field(description="Score (0–100) from which a grid is red (红).")
    yellow_below: float = strawberry.field(description="Score (0–100) below which a grid is yellow (黄); "
                                                       "not above redAt.")


@strawberry.type(description="A grid worker ranked for the half-year (优秀网格员): merit = 50 · weeks with "
                             "the visiting quota met / weeks + 50 · mean score of their grid / 100.")
class BestGridWorker:
    visitor: str = strawberry.field(description="The grid worker's login, as recorded on their visits (网格员).")
    grid_id: strawberry.ID = strawberry.field(description="The grid's id of most of their visits (主要走访网格).")
    weeks: int = strawberry.field(description="Weeks of the half-year begun so far (周数), Monday to Sunday, "
                                              "China time.")
    weeks_met: int = strawberry.field(description="Of those, weeks with the visiting quota met (达标周数), "
                                                  "by default visits on 3 half-days (每周三个半天入户走访).")
    households: int = strawberry.field(description="Distinct households they visited in the half-year "
                                                   "(走访户数).")
    grid_score: float | None = strawberry.field(description="Mean rating score (0–100) of that grid over the "
                                                            "half-year's quarters; null when it was never "
                                                            "scored (counts as 0 in merit).")
    merit: float = strawberry.field(description="0–100 with 1 decimal, by the formula above (综合得分).")
    rank: int = strawberry.field(description="1 = best; ties broken by more households visited, then login "
                                             "(排名).")


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
