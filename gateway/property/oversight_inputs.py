"""Inputs of inspections, the evaluation, surveys, 一述双评 and three-party meetings."""
from __future__ import annotations

from datetime import date

import strawberry


@strawberry.input(description="Draw the month's inspection sample; without a seed one is generated and stored.")
class DrawInspectionsInput:
    year: int
    month: int
    sample_size: int
    seed: str | None = None


@strawberry.input
class InspectionCheckInput:
    item: str
    score: int
    finding: str | None = None


@strawberry.input(description="An inspection of a sampled compound, scored on every checklist item.")
class RecordInspectionInput:
    draw_id: strawberry.ID
    compound_id: strawberry.ID
    inspected_on: date
    inspector: str
    checks: list[InspectionCheckInput]
    grid_id: strawberry.ID | None = strawberry.field(
        default=None, description="The compound's grid: findings are filed there as rectification cases")


@strawberry.input(description="Open a year's evaluation; weights 4:4:2 by default.")
class OpenEvaluationInput:
    year: int
    weight_authority: int = 4
    weight_party_org: int = 4
    weight_owners: int = 2
    red_count: int = 3
    black_count: int = 1
    black_below: float | None = strawberry.field(default=None, description="Also black-list any total below this")
    bar_months: int = 12
    inspection_percent: int = strawberry.field(
        default=0, description="Share (%) of the year's inspection average in the yearly total (抽查占比)")
    survey_percent: int = strawberry.field(
        default=0, description="Share (%) of the year's satisfaction rate in the yearly total (满意度占比)")
    complaint_deduction: float = strawberry.field(
        default=0.5, description="Points off the yearly total per property case reported against the company "
                                 "in the year (投诉扣分), at most 2 decimals; 0 disables the deduction")
    complaint_deduction_cap: float = strawberry.field(
        default=10.0, description="At most this many points deducted for property cases in all (投诉扣分上限)")


@strawberry.input(description="An indicator of a set (考评指标).")
class IndicatorInput:
    code: str = strawberry.field(description="Unique in the set: letters, digits, - or _ (≤16)")
    group: str = strawberry.field(description="party_building, environment, management, service or other")
    name: str
    weight: float = strawberry.field(description="Share of a party's 100 points, at most 2 decimals")
    max_score: int = strawberry.field(description="Graded from 0 to this (1–100)")


@strawberry.input(description="A tenant's indicator set, in effect from effectiveYear on; weights sum to 100.")
class DefineIndicatorSetInput:
    name: str
    effective_year: int
    indicators: list[IndicatorInput]


@strawberry.input
class IndicatorScoreInput:
    code: str
    score: int


@strawberry.input(description="One party's scores for one company: authority, party_org or owners.")
class SubmitEvaluationScoresInput:
    evaluation_id: strawberry.ID
    company_id: strawberry.ID
    party: str
    scores: list[IndicatorScoreInput]


@strawberry.input(description="Open a compound's quarterly satisfaction survey.")
class OpenSatisfactionSurveyInput:
    compound_id: strawberry.ID
    compound_name: str | None = strawberry.field(
        default=None, description="Ignored: the name is taken from the grid service")
    year: int
    quarter: int


@strawberry.input(description="A household's answer; one per household.")
class AnswerSatisfactionSurveyInput:
    survey_id: strawberry.ID
    household: str = strawberry.field(description="Its address in the compound, e.g. 3-2-501")
    rating: str = strawberry.field(description="satisfied, basically_satisfied or unsatisfied")
    comment: str | None = None


@strawberry.input
class MeetingAttendeeInput:
    side: str = strawberry.field(description="party_org, company or committee")
    name: str


@strawberry.input(description="A three-party meeting (三联办); every side attends.")
class RecordThreePartyMeetingInput:
    community_id: strawberry.ID
    community_name: str
    held_on: date
    attendees: list[MeetingAttendeeInput]
    discussed_case_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    settled_case_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    decisions: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="The committee chair's yearly report (述职).")
class SubmitChairReportInput:
    committee_id: strawberry.ID
    year: int
    report: str


@strawberry.input(description="A grade of the chair's report by the community or the compound branch (评议).")
class GradeChairInput:
    committee_id: strawberry.ID
    year: int
    by: str = strawberry.field(description="community or branch")
    grade: str = strawberry.field(description="excellent, good, fair or poor")
    comment: str | None = None
