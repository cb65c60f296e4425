"""Evaluation types: indicators, the 4:4:2 ranking, the bidding check and the Excel export."""
from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(name="EvaluationIndicator", description="An evaluation indicator (考评指标).")
class Indicator:
    code: str
    group: str = strawberry.field(description="party_building, environment or management")
    name: str
    max_score: int


@strawberry.type(name="EvaluationRank", description="One company's place in the ranking, with each party's score (0–100).")
class RankingRow:
    company_id: strawberry.ID
    company_name: str
    rank: int
    authority: float = strawberry.field(description="Property authority (物业主管部门)")
    party_org: float = strawberry.field(description="Community party organization (社区党组织)")
    owners: float = strawberry.field(description="Owner representatives (业主代表)")
    composite: float
    list: str | None = strawberry.field(description="red (红榜), black (黑榜) or null")
    inspection_average: float | None = strawberry.field(
        default=None, description="The year's monthly-inspection points as % of the maximum (not in the composite)")
    satisfaction_rate: float | None = strawberry.field(
        default=None, description="The year's resident satisfaction rate (not in the composite)")
    complaints: int = strawberry.field(default=0, description="Property cases reported in the year (not in the composite)")


@strawberry.type(name="PropertyEvaluationWeights")
class EvaluationWeights:
    authority: int
    party_org: int
    owners: int


@strawberry.type(name="PropertyEvaluation", description="A yearly evaluation (年度考评), weighted 4:4:2 by default.")
class Evaluation:
    id: strawberry.ID
    year: int
    weights: EvaluationWeights
    red_count: int
    black_count: int
    black_below: float | None = strawberry.field(description="Composite below which a company is black-listed")
    bar_months: int
    status: str = strawberry.field(description="open or published")
    published_on: date | None
    ranking: list[RankingRow]

    @classmethod
    def from_rpc(cls, d: dict) -> "Evaluation":
        return cls(id=strawberry.ID(d["id"]), year=d["year"], weights=EvaluationWeights(**d["weights"]),
                   red_count=d["red_count"], black_count=d["black_count"], black_below=d["black_below"],
                   bar_months=d["bar_months"],
                   status=d["status"],
                   published_on=date.fromisoformat(d["published_on"]) if d["published_on"] else None,
                   ranking=[RankingRow(**{**r, "company_id": strawberry.ID(r["company_id"])})
                            for r in d["ranking"]])


@strawberry.type(description="One party's submitted scores for a company (0–100).")
class ScoreSubmission:
    evaluation_id: strawberry.ID
    company_id: strawberry.ID
    party: str
    total: float


@strawberry.type(description="Whether a company may bid for new projects (投标资格).")
class BidEligibility:
    credit_code: str
    company_id: strawberry.ID
    company_name: str
    eligible: bool
    barred_until: date | None


@strawberry.type(name="SpreadsheetFile", description="An Excel file (.xlsx), base64-encoded.")
class SpreadsheetFile:
    filename: str
    content_base64: str
