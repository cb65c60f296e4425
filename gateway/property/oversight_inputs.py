"""Inputs of inspections, the evaluation, surveys, 一述双评 and three-party meetings."""
from __future__ import annotations

from datetime import date

import strawberry


@strawberry.input(description="Draw the month's inspection sample; without a seed one is generated and stored.")
class DrawInspectionsInput:
    year: int = strawberry.field(description="The year (年度), 2000–2100.")
    month: int = strawberry.field(description="The month (月份), 1–12; one draw a month.")
    sample_size: int = strawberry.field(description="Compounds to draw (抽取数量), 1–500, from every compound "
                                                    "with a management mode on file; capped at their number.")
    seed: str | None = strawberry.field(default=None, description="A random seed (随机种子), 1–64 letters, "
                                                                  "digits, - or _, e.g. one drawn in public; "
                                                                  "omitted: generated.")


@strawberry.input(description="One checklist item's score and finding (检查项目得分).")
class InspectionCheckInput:
    item: str = strawberry.field(description="The checklist item's code (检查项目): party, cleaning, greening, "
                                             "fire, security, facilities, parking, disclosure or complaints; "
                                             "each exactly once.")
    score: int = strawberry.field(description="Points given (得分), 0 to the item's maxScore (see "
                                              "inspectionChecklist).")
    finding: str | None = strawberry.field(default=None, description="The problem found (发现问题), up to 500 "
                                                                     "characters; each becomes a rectification "
                                                                     "case (整改).")


@strawberry.input(description="An inspection of a sampled compound, scored on every checklist item.")
class RecordInspectionInput:
    draw_id: strawberry.ID = strawberry.field(description="The month's draw id (抽签).")
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区): one of the draw's "
                                                              "sample, inspected once per draw.")
    inspected_on: date = strawberry.field(description="The day of the inspection (检查日期), YYYY-MM-DD.")
    inspector: str = strawberry.field(description="Who inspected (检查人), 1–64 characters.")
    checks: list[InspectionCheckInput] = strawberry.field(description="A score for every checklist item "
                                                                      "(各项得分), each item once.")
    grid_id: strawberry.ID | None = strawberry.field(
        default=None, description="The compound's grid: findings are filed there as rectification cases")


@strawberry.input(description="Open a year's evaluation; weights 4:4:2 by default.")
class OpenEvaluationInput:
    year: int = strawberry.field(description="The evaluation year (考评年度), 2000–2100; once per year. It is "
                                             "scored on the indicator set in effect that year.")
    weight_authority: int = strawberry.field(default=4, description="Weight of the property authority "
                                                                    "(物业主管部门), 0–100; default 4.")
    weight_party_org: int = strawberry.field(default=4, description="Weight of the community party organization "
                                                                    "(社区党组织), 0–100; default 4.")
    weight_owners: int = strawberry.field(default=2, description="Weight of the owner representatives (业主代表), "
                                                                 "0–100; default 2. Not all three may be 0.")
    red_count: int = strawberry.field(default=3, description="How many of the top go on the red list (红榜名额), "
                                                             "0–100; default 3.")
    black_count: int = strawberry.field(default=1, description="How many of the bottom go on the black list "
                                                               "(黑榜名额), 0–100; default 1.")
    black_below: float | None = strawberry.field(default=None, description="Also black-list any total below this")
    bar_months: int = strawberry.field(default=12, description="Months a black-listed company may not bid for "
                                                               "new projects from publication (限制投标月数), "
                                                               "1–60; default 12.")
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
    name: str = strawberry.field(description="The indicator (指标名称), 1–64 characters.")
    weight: float = strawberry.field(description="Share of a party's 100 points, at most 2 decimals")
    max_score: int = strawberry.field(description="Graded from 0 to this (1–100)")


@strawberry.input(description="A tenant's indicator set, in effect from effectiveYear on; weights sum to 100.")
class DefineIndicatorSetInput:
    name: str = strawberry.field(description="The set's name (指标体系名称), 1–64 characters.")
    effective_year: int = strawberry.field(description="First evaluation year it applies to (生效年度), "
                                                       "2000–2100.")
    indicators: list[IndicatorInput] = strawberry.field(description="Its indicators, in order (考评指标), 1–100; "
                                                                    "their weights sum to 100.")


@strawberry.input(description="One indicator's score (指标得分).")
class IndicatorScoreInput:
    code: str = strawberry.field(description="The indicator's code in the evaluation's indicator set (指标编号).")
    score: int = strawberry.field(description="Points given (得分), 0 to the indicator's maxScore.")


@strawberry.input(description="One party's scores for one company: authority, party_org or owners.")
class SubmitEvaluationScoresInput:
    evaluation_id: strawberry.ID = strawberry.field(description="The open evaluation's id (年度考评).")
    company_id: strawberry.ID = strawberry.field(description="The property company's id scored (物业服务企业).")
    party: str = strawberry.field(description="Who scores: authority (物业主管部门), party_org (社区党组织) or "
                                              "owners (业主代表); a new submission replaces the party's last.")
    scores: list[IndicatorScoreInput] = strawberry.field(description="A score for every indicator of the set "
                                                                     "(各项指标得分), each once.")


@strawberry.input(description="Open a compound's quarterly satisfaction survey.")
class OpenSatisfactionSurveyInput:
    compound_id: strawberry.ID = strawberry.field(description="The compound's id (小区) in the grid service, in "
                                                              "your scope.")
    compound_name: str | None = strawberry.field(
        default=None, description="Ignored: the name is taken from the grid service")
    year: int = strawberry.field(description="The year (年度), 2000–2100.")
    quarter: int = strawberry.field(description="The quarter (季度), 1–4; one survey per compound and quarter.")


@strawberry.input(description="A household's answer; one per household.")
class AnswerSatisfactionSurveyInput:
    survey_id: strawberry.ID = strawberry.field(description="The survey's id (满意度测评).")
    household: str = strawberry.field(description="Its address in the compound, e.g. 3-2-501")
    rating: str = strawberry.field(description="satisfied (满意), basically_satisfied (基本满意) or unsatisfied "
                                               "(不满意)")
    comment: str | None = strawberry.field(default=None, description="The household's comment (意见建议), up to "
                                                                     "500 characters.")


@strawberry.input(description="Someone at a three-party meeting (参会人), with their side.")
class MeetingAttendeeInput:
    side: str = strawberry.field(description="party_org (社区党组织), company (物业服务企业) or committee (业委会)")
    name: str = strawberry.field(description="The attendee's name (参会人), 1–64 characters.")


@strawberry.input(description="A three-party meeting (三联办); every side attends.")
class RecordThreePartyMeetingInput:
    community_id: strawberry.ID = strawberry.field(description="The community's id (社区) in the grid service.")
    community_name: str = strawberry.field(description="The community's name (社区名称), 1–64 characters.")
    held_on: date = strawberry.field(description="The day it was held (召开日期), YYYY-MM-DD.")
    attendees: list[MeetingAttendeeInput] = strawberry.field(description="Who attended (参会人员), 3–30, with at "
                                                                         "least one of each side: party_org "
                                                                         "(社区党组织), company (物业服务企业), "
                                                                         "committee (业委会).")
    discussed_case_ids: list[strawberry.ID] = strawberry.field(default_factory=list,
                                                               description="Ids of the dispatch cases discussed "
                                                                           "(研究的事件), up to 100.")
    settled_case_ids: list[strawberry.ID] = strawberry.field(default_factory=list,
                                                             description="Ids of the dispatch cases settled "
                                                                         "(化解的事件), up to 100, all among "
                                                                         "discussedCaseIds.")
    decisions: list[str] = strawberry.field(default_factory=list, description="What was decided (议定事项), up to "
                                                                              "30 items of 1–500 characters.")


@strawberry.input(description="The committee chair's yearly report (述职).")
class SubmitChairReportInput:
    committee_id: strawberry.ID = strawberry.field(description="The committee's id (业委会/物管会).")
    year: int = strawberry.field(description="The year reported on (述职年度), 2000–2100; one report a year.")
    report: str = strawberry.field(description="The chair's report (述职报告), 1–5000 characters.")


@strawberry.input(description="A grade of the chair's report by the community or the compound branch (评议).")
class GradeChairInput:
    committee_id: strawberry.ID = strawberry.field(description="The committee's id (业委会/物管会).")
    year: int = strawberry.field(description="The year of the report graded (述职年度); the chair must have "
                                             "reported.")
    by: str = strawberry.field(description="Who grades: community (社区) or branch (小区党支部); each side "
                                           "once, final")
    grade: str = strawberry.field(description="excellent (优秀), good (良好), fair (一般) or poor (较差)")
    comment: str | None = strawberry.field(default=None, description="The grader's comment (评议意见), up to 500 "
                                                                     "characters.")
