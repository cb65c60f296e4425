"""Satisfaction survey types (季度满意度测评)."""
from __future__ import annotations

import strawberry


@strawberry.type(description="A compound's quarterly satisfaction survey (满意度测评).")
class SatisfactionSurvey:
    id: strawberry.ID = strawberry.field(description="The survey's id (测评编号): pass it to "
                                                     "answerSatisfactionSurvey.")
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service.")
    compound_name: str = strawberry.field(description="The compound's name (小区名称) as the grid service had it "
                                                      "when the survey opened.")
    company_id: strawberry.ID | None = strawberry.field(description="The managing company when it opened")
    year: int = strawberry.field(description="The year surveyed (年度).")
    quarter: int = strawberry.field(description="The quarter surveyed (季度), 1–4; one survey per compound and "
                                                "quarter.")

    @classmethod
    def from_rpc(cls, d: dict) -> "SatisfactionSurvey":
        return cls(id=strawberry.ID(d["id"]), compound_id=strawberry.ID(d["compound_id"]),
                   compound_name=d["compound_name"],
                   company_id=strawberry.ID(d["company_id"]) if d["company_id"] else None,
                   year=d["year"], quarter=d["quarter"])


@strawberry.type(description="One household's answer (one per household).")
class SurveyAnswer:
    id: strawberry.ID = strawberry.field(description="The answer's id (答卷编号).")
    survey_id: strawberry.ID = strawberry.field(description="The survey's id (满意度测评).")
    household: str = strawberry.field(description="The household's address in the compound (住户), e.g. "
                                                  "3-2-501 (building-unit-room).")
    rating: str = strawberry.field(description="satisfied (满意), basically_satisfied (基本满意), unsatisfied (不满意)")


@strawberry.type(description="Satisfaction of a compound or a company in a quarter.")
class Satisfaction:
    id: strawberry.ID = strawberry.field(description="The survey id (per compound) or the company id")
    name: str = strawberry.field(description="The compound's or the company's name (小区/物业服务企业名称).")
    year: int = strawberry.field(description="The year (年度).")
    quarter: int = strawberry.field(description="The quarter (季度), 1–4.")
    answers: int = strawberry.field(description="Households that answered (参评户数).")
    satisfied: int = strawberry.field(description="Answers satisfied (满意).")
    basically_satisfied: int = strawberry.field(description="Answers basically satisfied (基本满意).")
    unsatisfied: int = strawberry.field(description="Answers unsatisfied (不满意).")
    rate: float | None = strawberry.field(description="Satisfaction rate (满意率), 0–1 to 4 decimals: "
                                                      "(satisfied + basically satisfied) / answers; null "
                                                      "without answers")
