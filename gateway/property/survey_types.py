"""Satisfaction survey types (季度满意度测评)."""
from __future__ import annotations

import strawberry


@strawberry.type(description="A compound's quarterly satisfaction survey (满意度测评).")
class SatisfactionSurvey:
    id: strawberry.ID
    compound_id: strawberry.ID
    compound_name: str
    company_id: strawberry.ID | None = strawberry.field(description="The managing company when it opened")
    year: int
    quarter: int

    @classmethod
    def from_rpc(cls, d: dict) -> "SatisfactionSurvey":
        return cls(id=strawberry.ID(d["id"]), compound_id=strawberry.ID(d["compound_id"]),
                   compound_name=d["compound_name"],
                   company_id=strawberry.ID(d["company_id"]) if d["company_id"] else None,
                   year=d["year"], quarter=d["quarter"])


@strawberry.type(description="One household's answer (one per household).")
class SurveyAnswer:
    id: strawberry.ID
    survey_id: strawberry.ID
    household: str
    rating: str = strawberry.field(description="satisfied (满意), basically_satisfied (基本满意), unsatisfied (不满意)")


@strawberry.type(description="Satisfaction of a compound or a company in a quarter.")
class Satisfaction:
    id: strawberry.ID = strawberry.field(description="The survey id (per compound) or the company id")
    name: str
    year: int
    quarter: int
    answers: int
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    rate: float | None = strawberry.field(description="(satisfied + basically satisfied) / answers")
