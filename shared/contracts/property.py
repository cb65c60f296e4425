"""Contract of the property oversight service (红色物业), version 1.

RPC methods (all tenant-scoped and limited to the caller's data scope — docs/PROPERTY.md, *Data
scope* — unless noted): ``health()`` (no tenant);
companies: ``register_company(company)``, ``add_management_contract(contract)``,
``append_credit_entry(entry)``, ``get_company(company_id)``, ``companies_by_ids(ids)``,
``list_companies(limit, after, filters)``, ``credit_file(company_ids)``;
management mode: ``set_compound_mode(mode)``, ``record_funding(entry)``, ``list_compound_modes(limit, after, filters)``,
``funding_summary(compound_id, year, half)``;
committees: ``create_committee(committee)``, ``add_committee_member(member)``,
``get_committee(committee_id)``, ``list_committees(limit, after, filters)``, ``define_negative_item(item)``,
``negative_list()``, ``review_candidate(review)``, ``candidate_reviews(committee_id)``;
inspections: ``draw_inspections(draw)``, ``rerun_draw(draw_id)``, ``record_inspection(inspection)``,
``inspection_month(year, month)``, ``checklist()``, ``file_rectifications(inspection_id, grid_id)``;
evaluation: ``open_evaluation(evaluation)``, ``submit_scores(scores)``, ``publish_evaluation(evaluation_id, on)``,
``evaluation_result(year)``, ``indicators(year=None)``, ``define_indicator_set(indicator_set)``,
``indicator_set(year)``, ``list_indicator_sets(limit, after)``, ``evaluation_ranking(year, limit, after,
filters)``, ``export_ranking(after, limit, filters, export)`` (sheet page RPC), ``bid_eligibility(credit_code, on)``,
``evaluation_workbook(year, county)`` (.xlsx, base64);
surveys: ``open_survey(survey)``, ``answer_survey(answer)``, ``survey_results(year, quarter)``,
``company_satisfaction(year, quarter)``;
three-party meetings: ``record_meeting(meeting)``, ``list_meetings(since, until, limit=None, after=None, community_id=None)``;
一述双评: ``submit_chair_report(report)``, ``grade_chair(grade)``, ``list_chair_reviews(committee_id)``.
Calls ``grid.get_grid``, ``grid.compounds_by_ids`` (every compound named in a write is validated;
reads are limited to the caller's scope), ``grid.grids_by_compound``, ``grid.communities_by_ids`` and ``dispatch.get_case`` (a meeting's
community and cases must be the county's), and ``dispatch.report_case`` (findings become cases of
category :data:`RECTIFICATION_CATEGORY`).
Events published (exchange ``property.events``): ``evaluation.published`` with
:class:`EvaluationPublished`. Consumes ``dispatch``/``case.reported`` (cases of category
``property`` count against the compound's managing company), ``case.closed``, ``case.reopened``.
"""
from __future__ import annotations

from datetime import date
from typing import Literal, NotRequired, TypedDict
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

SERVICE = "property"
VERSION = 1
EVALUATION_PUBLISHED = "evaluation.published"
RECTIFICATION_CATEGORY = "property_rectification"  # dispatch category of inspection findings (整改)

Name = Field(min_length=1, max_length=64)
OptionalName = Field(None, min_length=1, max_length=64)
Text = Field(None, max_length=500)
Coverage = Literal["branch", "instructor", "none"]
Mode = Literal["company", "self", "none"]
Fallback = Literal["community_team", "non_profit"]
FundingSource = Literal["residents", "operations", "project_funds", "subsidy"]
CommitteeKind = Literal["owners", "management"]
MemberRole = Literal["chair", "vice_chair", "member"]
EvalParty = Literal["authority", "party_org", "owners"]
CreditKind = Literal["registered", "inspection", "evaluation", "red_list", "black_list", "note"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---- companies (物业企业) ---------------------------------------------------------------------
class CompanyIn(_In):
    """A property company. ``credit_code`` is the 18-character unified social credit code
    (统一社会信用代码, GB 32100-2015); its check character is verified by the service."""

    name: str = Name
    credit_code: str = Field(pattern=r"^[0-9A-Za-z]{18}$")
    contact_name: str = Name
    contact_phone: str = Field(pattern=r"^[0-9+\- ]{7,20}$")
    coverage: Coverage = "none"
    branch_name: str | None = Field(None, max_length=64)
    instructor_name: str | None = Field(None, max_length=64)


class ContractIn(_In):
    """A management contract: the company manages the compound from ``starts_on`` to ``ends_on``.
    The compound must be known to the grid service (``compounds_by_ids``) within the caller's scope."""

    company_id: UUID
    compound_id: UUID
    compound_name: str | None = OptionalName  # ignored: the grid service's name is kept
    starts_on: date
    ends_on: date


class CreditEntryIn(_In):
    """A manual entry in a company's credit file (信用档案); entries are never edited."""

    company_id: UUID
    kind: Literal["note"] = "note"
    summary: str = Field(min_length=1, max_length=500)


class ContractOut(TypedDict):
    id: str
    company_id: str
    compound_id: str
    compound_name: str
    starts_on: str
    ends_on: str


class CompanyOut(TypedDict):
    id: str
    name: str
    credit_code: str
    contact_name: str
    contact_phone_masked: str
    coverage: str
    branch_name: str | None
    instructor_name: str | None
    barred_until: str | None
    contracts: list[ContractOut]
    complaints: dict[str, int]  # property cases from dispatch: total, open, closed


class CreditEntryOut(TypedDict):
    id: str
    company_id: str
    seq: int
    kind: str
    summary: str
    score: float | None
    recorded_at: str


# ---- management mode and fallback funding (管理模式 / 兜底物业) ---------------------------------
class CompoundModeIn(_In):
    """How a compound is managed; a compound with none (三无小区) needs a fallback provider."""

    compound_id: UUID
    compound_name: str | None = OptionalName  # ignored: the grid service's name is kept
    mode: Mode
    company_id: UUID | None = None
    fallback_kind: Fallback | None = None
    fallback_provider: str | None = Field(None, max_length=64)


class FundingIn(_In):
    """Money in (by source) or out for a compound's fallback service, in fen (分)."""

    compound_id: UUID
    on: date
    direction: Literal["income", "spending"]
    source: FundingSource | None = None
    amount_fen: int = Field(gt=0, le=10**9)  # fits GraphQL Int (32 bits)
    note: str | None = Text


class CompoundModeOut(TypedDict):
    id: str
    compound_id: str
    compound_name: str
    mode: str
    company_id: str | None
    fallback_kind: str | None
    fallback_provider: str | None


class FundingSummaryOut(TypedDict):
    compound_id: str
    year: int
    half: int
    income_fen: dict[str, int]
    income_total_fen: int
    spending_fen: int
    balance_fen: int
    entries: int


# ---- committees (业委会 / 物管会) ---------------------------------------------------------------
class CommitteeIn(_In):
    compound_id: UUID
    compound_name: str | None = OptionalName  # ignored: the grid service's name is kept
    kind: CommitteeKind = "owners"
    term_starts: date
    term_ends: date
    branch_name: str | None = Field(None, max_length=64)


class MemberIn(_In):
    committee_id: UUID
    name: str = Name
    role: MemberRole = "member"
    party_member: bool = False
    branch_post: str | None = Field(None, max_length=64)


class NegativeItemIn(_In):
    """One item of the tenant's negative list for candidates (十不宜)."""

    code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,16}$")
    text: str = Field(min_length=1, max_length=200)


class HitIn(_In):
    item_code: str = Field(min_length=1, max_length=16)
    reason: str = Field(min_length=1, max_length=500)


class ReviewIn(_In):
    """A candidate checked against the negative list; every hit carries its reason."""

    committee_id: UUID
    candidate_name: str = Name
    hits: list[HitIn] = Field(default_factory=list, max_length=20)
    note: str | None = Text


class MemberOut(TypedDict):
    id: str
    name: str
    role: str
    party_member: bool
    branch_post: str | None


class CommitteeOut(TypedDict):
    id: str
    compound_id: str
    compound_name: str
    kind: str
    term_starts: str
    term_ends: str
    branch_name: str | None
    members: list[MemberOut]
    party_share: float
    chair_is_party_member: bool
    is_red: bool
    cross_appointed: bool


class NegativeItemOut(TypedDict):
    id: str
    code: str
    text: str


class ReviewOut(TypedDict):
    id: str
    committee_id: str
    candidate_name: str
    eligible: bool
    hits: list[dict]
    note: str | None
    reviewed_by: str | None
    reviewed_at: str


# ---- monthly random inspections (月度随机抽查) -------------------------------------------------
class DrawIn(_In):
    """Draw the month's sample among the compounds with a management mode on file."""

    year: int = Field(ge=2000, le=2100)
    month: int = Field(ge=1, le=12)
    sample_size: int = Field(ge=1, le=500)
    seed: str | None = Field(None, pattern=r"^[0-9A-Za-z_-]{1,64}$")


class CheckIn(_In):
    item: str = Field(min_length=1, max_length=32)
    score: int = Field(ge=0, le=100)
    finding: str | None = Text


class InspectionIn(_In):
    """``grid_id``: the compound's grid; each finding is then filed there as a rectification case
    in dispatch (without it the findings wait for ``file_rectifications``)."""

    draw_id: UUID
    compound_id: UUID
    grid_id: UUID | None = None
    inspected_on: date
    inspector: str = Name
    checks: list[CheckIn] = Field(min_length=1, max_length=50)


class DrawOut(TypedDict):
    id: str
    year: int
    month: int
    seed: str
    sample_size: int
    population: list[str]
    sample: list[str]
    method: str


class InspectionOut(TypedDict):
    id: str
    draw_id: str
    compound_id: str
    company_id: str | None
    inspected_on: str
    inspector: str
    checks: list[dict]
    score: int
    max_score: int
    findings: int
    rectifications: list[dict]  # per finding: item, finding, case_id (dispatch), rectified


# ---- quarterly satisfaction surveys (季度满意度测评) ---------------------------------------------
Rating = Literal["satisfied", "basically_satisfied", "unsatisfied"]  # 满意 / 基本满意 / 不满意


class SurveyIn(_In):
    compound_id: UUID
    compound_name: str | None = OptionalName  # ignored: the grid service's name is kept
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(ge=1, le=4)


class AnswerIn(_In):
    """One answer per household; ``household`` is its address in the compound (e.g. 3-2-501)."""

    survey_id: UUID
    household: str = Field(min_length=1, max_length=64)
    rating: Rating
    comment: str | None = Text


class SatisfactionOut(TypedDict):
    id: str  # the survey id, or the company id in a per-company aggregate
    name: str  # compound or company name
    year: int
    quarter: int
    answers: int
    satisfied: int
    basically_satisfied: int
    unsatisfied: int
    rate: float | None  # (satisfied + basically satisfied) / answers


# ---- 一述双评: the chair reports, the community and the compound branch evaluate -----------------
Grade = Literal["excellent", "good", "fair", "poor"]  # 优秀 / 良好 / 一般 / 较差


class ChairReportIn(_In):
    committee_id: UUID
    year: int = Field(ge=2000, le=2100)
    report: str = Field(min_length=1, max_length=5000)


class ChairGradeIn(_In):
    committee_id: UUID
    year: int = Field(ge=2000, le=2100)
    by: Literal["community", "branch"]
    grade: Grade
    comment: str | None = Text


class ChairReviewOut(TypedDict):
    id: str
    committee_id: str
    year: int
    report: str
    reported_at: str
    community_grade: str | None
    community_comment: str | None
    branch_grade: str | None
    branch_comment: str | None


# ---- three-party meetings (三联办) --------------------------------------------------------------
class AttendeeIn(_In):
    side: Literal["party_org", "company", "committee"]
    name: str = Name


class MeetingIn(_In):
    """A community's weekly meeting: each side attends; cases are dispatch case ids."""

    community_id: UUID
    community_name: str = Name
    held_on: date
    attendees: list[AttendeeIn] = Field(min_length=3, max_length=30)
    discussed_case_ids: list[UUID] = Field(default_factory=list, max_length=100)
    settled_case_ids: list[UUID] = Field(default_factory=list, max_length=100)
    decisions: list[str] = Field(default_factory=list, max_length=30)


class MeetingOut(TypedDict):
    id: str
    community_id: str
    community_name: str
    held_on: str
    attendees: list[dict]
    discussed_case_ids: list[str]
    settled_case_ids: list[str]
    decisions: list[str]


# ---- yearly evaluation (年度考评, 4:4:2) -------------------------------------------------------
class EvaluationIn(_In):
    """A year's evaluation. The three parties' composite is weighted ``weight_*`` (4:4:2); the
    yearly total adds the year's inspection average and satisfaction rate with the given shares (%):
    total = ((100 − i − s)·composite + i·inspection + s·satisfaction) / 100, less
    ``complaint_deduction`` points per property case of the year, at most ``complaint_deduction_cap``
    (0 disables; see docs/PROPERTY.md)."""

    year: int = Field(ge=2000, le=2100)
    inspection_percent: int = Field(0, ge=0, le=100)
    survey_percent: int = Field(0, ge=0, le=100)
    weight_authority: int = Field(4, ge=0, le=100)
    weight_party_org: int = Field(4, ge=0, le=100)
    weight_owners: int = Field(2, ge=0, le=100)
    red_count: int = Field(3, ge=0, le=100)
    black_count: int = Field(1, ge=0, le=100)
    black_below: float | None = Field(None, ge=0, le=100)  # also black-list any composite below this
    bar_months: int = Field(12, ge=1, le=60)
    complaint_deduction: float = Field(0.5, ge=0, le=100)  # points per property case (投诉扣分), ≤ 2 decimals
    complaint_deduction_cap: float = Field(10, ge=0, le=100)  # at most this many points in all


IndicatorGroup = Literal["party_building", "environment", "management", "service", "other"]


class IndicatorIn(_In):
    """An indicator of a set: ``weight`` is its share of a party's 100 points (at most 2 decimals;
    a set's weights sum to 100); scorers grade it from 0 to ``max_score``."""

    code: str = Field(pattern=r"^[A-Za-z0-9_-]{1,16}$")
    group: IndicatorGroup
    name: str = Name
    weight: float = Field(gt=0, le=100)
    max_score: int = Field(ge=1, le=100)


class IndicatorSetIn(_In):
    """A tenant's indicator set (考评指标体系), in effect from ``effective_year`` on."""

    name: str = Name
    effective_year: int = Field(ge=2000, le=2100)
    indicators: list[IndicatorIn] = Field(min_length=1, max_length=100)


class IndicatorOut(TypedDict):
    code: str
    group: str
    name: str
    weight: float
    max_score: int


class IndicatorSetOut(TypedDict):
    id: str
    name: str
    effective_year: int
    indicators: list[IndicatorOut]


class IndicatorScoreIn(_In):
    code: str = Field(min_length=1, max_length=8)
    score: int = Field(ge=0, le=100)


class ScoresIn(_In):
    """One party's indicator scores for one company in one evaluation year."""

    evaluation_id: UUID
    company_id: UUID
    party: EvalParty
    scores: list[IndicatorScoreIn] = Field(min_length=1, max_length=100)


class RankOut(TypedDict):
    company_id: str
    company_name: str
    rank: int
    authority: float
    party_org: float
    owners: float
    composite: float  # the three parties' weighted mean
    list: str | None
    total: NotRequired[float]  # the yearly total the ranking is by (= composite without figure shares)
    # the year's figures beside the scores (additive; not part of the composite)
    inspection_average: NotRequired[float | None]  # inspection points as % of the maximum
    satisfaction_rate: NotRequired[float | None]
    complaints: NotRequired[int]  # property cases from dispatch reported in the year
    complaint_deduction: NotRequired[float]  # points taken off the total for them


class EvaluationOut(TypedDict):
    id: str
    year: int
    weights: dict[str, int]
    red_count: int
    black_count: int
    black_below: float | None
    bar_months: int
    status: str
    published_on: str | None
    ranking: list[RankOut]
    indicator_set: NotRequired[dict | None]  # {id, name, effective_year}
    inspection_percent: NotRequired[int]
    survey_percent: NotRequired[int]
    complaint_deduction: NotRequired[float]
    complaint_deduction_cap: NotRequired[float]


class EvaluationPublished(BaseModel):
    """Payload of ``evaluation.published``."""

    evaluation_id: UUID
    year: int
    red: list[UUID]
    black: list[UUID]
    barred_until: str
