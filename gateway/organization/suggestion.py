"""The suggested star rating (星级评定建议) beside the rating a person decides, and the tenant's
formula for it (services/organization/star_suggestion.py explains the figures)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from gateway.errors import OperationError
from gateway.organization.results import org_call
from gateway.payloads import payload
from shared.contracts.organization import StarFormulaOut, StarSuggestionOut
from shared.contracts.validation import parse_id
from shared.errors import CivicError


@strawberry.type(description="The tenant's formula of the suggested star rating (星级评定建议公式).")
class StarFormula:
    weight_satisfaction: int = strawberry.field(description="Weight of the case satisfaction rate (群众满意率).")
    weight_on_time: int = strawberry.field(description="Weight of the on-time resolution rate (按期办结率).")
    weight_services: int = strawberry.field(description="Weight of services per member (人均服务次数).")
    weight_hours: int = strawberry.field(description="Weight of volunteer hours per member (人均志愿时长).")
    weight_registration: int = strawberry.field(description="Weight of the dual-registration rate (双报到率).")
    target_services: float = strawberry.field(description="Services a member a year that count as full marks.")
    target_hours: float = strawberry.field(description="Volunteer hours a member a year that count as full marks.")
    thresholds: list[int] = strawberry.field(description="Lowest scores (0–100) of 2, 3, 4 and 5 stars.")
    set_by: str | None = strawberry.field(description="Who set it: the caller's login (设置人); null for the "
                                                      "built-in default.")
    set_at: datetime | None = strawberry.field(description="null: the built-in default")

    @classmethod
    def from_rpc(cls, d: StarFormulaOut) -> StarFormula:
        return cls(**{**d, "set_at": datetime.fromisoformat(d["set_at"]) if d["set_at"] else None})


@strawberry.type(description="One figure of a suggestion and what it scored (评定依据).")
class SuggestionPart:
    name: str = strawberry.field(description="satisfaction, on_time, services, hours or registration")
    figure: float | None = strawberry.field(description="The raw figure: a rate, or services/hours per member.")
    score: float | None = strawberry.field(description="0–1 after the target; null: not available, left out.")
    weight: int = strawberry.field(description="The figure's weight in the formula (权重), 0–100; the score "
                                               "is the weighted mean over the available figures.")
    note: str | None = strawberry.field(description="Why a figure is missing (缺失原因).")


@strawberry.type(description="A suggested star rating computed from case, satisfaction, service and "
                             "volunteer figures (星级评定建议); a person decides the rating.")
class StarSuggestion:
    org_id: strawberry.ID = strawberry.field(description="The party org's id (党组织).")
    year: int = strawberry.field(description="The rating year whose figures are used (年度).")
    stars: int | None = strawberry.field(description="1–5 suggested; null when no figure is available.")
    score: float | None = strawberry.field(description="0–100, the weighted mean of the available scores.")
    members: int = strawberry.field(description="Members of the org and its sub-orgs.")
    parts: list[SuggestionPart] = strawberry.field(description="The five figures and their scores "
                                                               "(评定依据): satisfaction, on_time, services, "
                                                               "hours, registration.")
    formula: StarFormula = strawberry.field(description="The tenant's formula in force, as used (评定公式).")

    @classmethod
    def from_rpc(cls, d: StarSuggestionOut) -> StarSuggestion:
        return cls(org_id=strawberry.ID(d["org_id"]), year=d["year"], stars=d["stars"], score=d["score"],
                   members=d["members"], parts=[SuggestionPart(**p) for p in d["parts"]],
                   formula=StarFormula.from_rpc(d["formula"]))


async def suggestion_of(info: strawberry.Info, org_id: str, year: int) -> StarSuggestion | None:
    try:
        return StarSuggestion.from_rpc(await info.context.call("organization", "star_suggestion", org_id, year))
    except CivicError as exc:
        if exc.code == "NOT_FOUND":
            return None
        raise


@strawberry.input(description="The tenant's formula of the suggested star rating; omitted fields take "
                              "the defaults (30/20/20/15/15, 12 services, 24 hours, 40/60/75/90).")
class SetStarFormulaInput:
    weight_satisfaction: int = strawberry.field(default=30, description="Weight of the case satisfaction rate "
                                                                        "(群众满意率), 0–100.")
    weight_on_time: int = strawberry.field(default=20, description="Weight of the on-time resolution rate "
                                                                   "(按期办结率), 0–100.")
    weight_services: int = strawberry.field(default=20, description="Weight of services per member (人均服务次数), "
                                                                    "0–100.")
    weight_hours: int = strawberry.field(default=15, description="Weight of volunteer hours per member "
                                                                 "(人均志愿时长), 0–100.")
    weight_registration: int = strawberry.field(default=15, description="Weight of the dual-registration rate "
                                                                        "(双报到率), 0–100; at least one weight "
                                                                        "must be above 0.")
    target_services: float = strawberry.field(default=12, description="Services a member a year that count as "
                                                                      "full marks, above 0 and at most 1000.")
    target_hours: float = strawberry.field(default=24, description="Volunteer hours a member a year that count "
                                                                   "as full marks, above 0 and at most 10000.")
    thresholds: list[int] = strawberry.field(default_factory=lambda: [40, 60, 75, 90],
                                             description="Lowest scores (0–100) of 2, 3, 4 and 5 stars: four "
                                                         "numbers, ascending (星级分数线).")


FormulaResult = Annotated[StarFormula | OperationError, strawberry.union("StarFormulaResult")]


@strawberry.type
class SuggestionQuery:
    @strawberry.field(description="The suggested star rating of an org's year, or null (星级评定建议).")
    async def star_suggestion(self, info: strawberry.Info, org_id: strawberry.ID,
                              year: int) -> StarSuggestion | None:
        parse_id(org_id, "orgId")
        return await suggestion_of(info, str(org_id), year)

    @strawberry.field(description="The formula of the suggested star rating in force (星级评定建议公式).")
    async def star_formula(self, info: strawberry.Info) -> StarFormula:
        return StarFormula.from_rpc(await info.context.call("organization", "star_formula"))


@strawberry.type
class SuggestionMutation:
    @strawberry.mutation(description="Set the tenant's formula of the suggested star rating (设置评星建议公式); "
                                     "the earlier formulas are kept.")
    async def set_star_formula(self, info: strawberry.Info, input: SetStarFormulaInput) -> FormulaResult:
        return await org_call(info, "set_star_formula", payload(input), build=StarFormula.from_rpc)
