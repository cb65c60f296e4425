"""Evaluation types: indicators, the 4:4:2 ranking, the bidding check and the Excel export."""
from __future__ import annotations

from datetime import date

import strawberry


@strawberry.type(name="EvaluationIndicator", description="An evaluation indicator (考评指标).")
class Indicator:
    code: str = strawberry.field(description="Stable code within its set, e.g. P01")
    group: str = strawberry.field(description="party_building (党建), environment (环境), management (管理), "
                                              "service or other")
    name: str = strawberry.field(description="The indicator (指标名称)")
    weight: float = strawberry.field(description="Its share of a party's 100 points (权重); a set's weights sum to 100")
    max_score: int = strawberry.field(description="Scorers grade it from 0 to this (满分)")


@strawberry.type(description="A tenant's evaluation indicator set (考评指标体系), in effect from its year on.")
class IndicatorSet:
    id: strawberry.ID = strawberry.field(description="The indicator set's id (指标体系编号).")
    name: str = strawberry.field(description="Its name (指标体系名称)")
    effective_year: int = strawberry.field(description="First evaluation year it applies to (生效年度)")
    indicators: list[Indicator] = strawberry.field(description="The indicators, in order")

    @classmethod
    def from_rpc(cls, d: dict) -> "IndicatorSet":
        return cls(id=strawberry.ID(d["id"]), name=d["name"], effective_year=d["effective_year"],
                   indicators=[Indicator(**i) for i in d["indicators"]])


@strawberry.type(description="The indicator set an evaluation uses (fixed when the year opened).")
class IndicatorSetRef:
    id: strawberry.ID = strawberry.field(description="The indicator set's id (指标体系编号).")
    name: str = strawberry.field(description="Its name (指标体系名称).")
    effective_year: int = strawberry.field(description="First evaluation year it applies to (生效年度).")


@strawberry.type(name="EvaluationRank", description="One company's place in the ranking, with each party's score (0–100).")
class RankingRow:
    company_id: strawberry.ID = strawberry.field(description="The property company's id (物业服务企业).")
    company_name: str = strawberry.field(description="The company's name (企业名称).")
    rank: int = strawberry.field(description="Its place (排名), 1 = best, by yearly total descending; ties "
                                             "by credit code.")
    authority: float = strawberry.field(description="Property authority (物业主管部门)")
    party_org: float = strawberry.field(description="Community party organization (社区党组织)")
    owners: float = strawberry.field(description="Owner representatives (业主代表)")
    composite: float = strawberry.field(description="The three parties' weighted mean (三方加权综合分)")
    list: str | None = strawberry.field(description="red (红榜), black (黑榜) or null")
    total: float | None = strawberry.field(
        default=None, description="The yearly total the ranking is by (年度总分): the composite with the "
                                  "inspection and survey shares weighted in, less complaintDeduction")

    @classmethod
    def from_rpc(cls, r: dict) -> "RankingRow":
        return cls(**{**r, "company_id": strawberry.ID(r["company_id"])})
    inspection_average: float | None = strawberry.field(
        default=None, description="The year's monthly-inspection points as % of the maximum (月度抽查平均得分率); "
                                  "in the total with the evaluation's inspectionPercent")
    satisfaction_rate: float | None = strawberry.field(
        default=None, description="The year's resident satisfaction rate (满意率); in the total with surveyPercent")
    complaints: int = strawberry.field(default=0, description="Property cases reported in the year (物业类投诉件数)")
    complaint_deduction: float = strawberry.field(
        default=0.0, description="Points taken off the total for those cases (投诉扣分): "
                                 "min(complaintDeduction × complaints, complaintDeductionCap)")


@strawberry.type(name="PropertyEvaluationWeights", description="The three parties' weights in the composite "
                                                                 "(三方权重), 4:4:2 by default.")
class EvaluationWeights:
    authority: int = strawberry.field(description="Weight of the property authority (物业主管部门), default 4.")
    party_org: int = strawberry.field(description="Weight of the community party organization (社区党组织), "
                                                  "default 4.")
    owners: int = strawberry.field(description="Weight of the owner representatives (业主代表), default 2.")


@strawberry.type(name="PropertyEvaluation", description="A yearly evaluation (年度考评), weighted 4:4:2 by default.")
class Evaluation:
    id: strawberry.ID = strawberry.field(description="The evaluation's id (考评编号).")
    year: int = strawberry.field(description="The evaluation year (考评年度); one evaluation a year.")
    weights: EvaluationWeights = strawberry.field(description="The three parties' weights (三方权重, 4:4:2).")
    red_count: int = strawberry.field(description="How many of the top are red-listed (红榜名额).")
    black_count: int = strawberry.field(description="How many of the bottom are black-listed (黑榜名额).")
    black_below: float | None = strawberry.field(description="Yearly total below which a company is also "
                                                             "black-listed (黑榜分数线), 0–100; null: only the "
                                                             "bottom blackCount")
    bar_months: int = strawberry.field(description="Months a black-listed company may not bid from publication "
                                                   "(限制投标月数).")
    status: str = strawberry.field(description="open (评分中) or published (已发布)")
    published_on: date | None = strawberry.field(description="The day it was published (发布日期), YYYY-MM-DD; "
                                                             "null while open.")
    ranking: list[RankingRow] = strawberry.field(description="The ranking by rank (考评排名), with the red and "
                                                             "black lists (红黑榜); empty while open.")
    indicator_set: IndicatorSetRef | None = strawberry.field(
        description="The indicator set scored against (null: opened before sets existed, the built-in one)")
    inspection_percent: int = strawberry.field(description="Share (%) of the inspection average in the total")
    survey_percent: int = strawberry.field(description="Share (%) of the satisfaction rate in the total")
    complaint_deduction: float = strawberry.field(
        description="Points off the total per property case reported in the year (每件投诉扣分); 0: none")
    complaint_deduction_cap: float = strawberry.field(
        description="At most this many points off for property cases in all (投诉扣分上限)")

    @classmethod
    def from_rpc(cls, d: dict) -> "Evaluation":
        used = d.get("indicator_set")
        return cls(id=strawberry.ID(d["id"]), year=d["year"], weights=EvaluationWeights(**d["weights"]),
                   indicator_set=IndicatorSetRef(id=strawberry.ID(used["id"]), name=used["name"],
                                                 effective_year=used["effective_year"]) if used else None,
                   inspection_percent=d.get("inspection_percent", 0), survey_percent=d.get("survey_percent", 0),
                   complaint_deduction=d.get("complaint_deduction", 0.0),
                   complaint_deduction_cap=d.get("complaint_deduction_cap", 0.0),
                   red_count=d["red_count"], black_count=d["black_count"], black_below=d["black_below"],
                   bar_months=d["bar_months"],
                   status=d["status"],
                   published_on=date.fromisoformat(d["published_on"]) if d["published_on"] else None,
                   ranking=[RankingRow.from_rpc(r) for r in d["ranking"]])


@strawberry.type(description="One party's submitted scores for a company (0–100).")
class ScoreSubmission:
    evaluation_id: strawberry.ID = strawberry.field(description="The evaluation's id (年度考评).")
    company_id: strawberry.ID = strawberry.field(description="The company's id scored (物业服务企业).")
    party: str = strawberry.field(description="Who scored: authority (物业主管部门), party_org (社区党组织) or "
                                              "owners (业主代表).")
    total: float = strawberry.field(description="The party's score, 0–100 (该方得分): Σ weight × score / max "
                                                "over the indicator set.")


@strawberry.type(description="Whether a company may bid for new projects (投标资格).")
class BidEligibility:
    credit_code: str = strawberry.field(description="The company's unified social credit code "
                                                    "(统一社会信用代码), as registered.")
    company_id: strawberry.ID = strawberry.field(description="The property company's id (物业服务企业).")
    company_name: str = strawberry.field(description="The company's name (企业名称).")
    eligible: bool = strawberry.field(description="May bid on the day asked (可参与投标): false while barred "
                                                  "after a black list (黑榜).")
    barred_until: date | None = strawberry.field(description="When the bar ends (限制投标截止): the first day "
                                                             "it may bid again, YYYY-MM-DD, when barred on the "
                                                             "day asked; null otherwise.")


@strawberry.type(name="SpreadsheetFile", description="An Excel file (.xlsx), base64-encoded.")
class SpreadsheetFile:
    filename: str = strawberry.field(description="A file name to save it as (文件名), e.g. "
                                                 "property-evaluation-2025.xlsx.")
    content_base64: str = strawberry.field(description="The .xlsx file's bytes, base64-encoded (文件内容).")
