"""Contract of the organization service (党组织服务), version 1.

RPC methods: ``health()`` (no tenant), ``register_county(county)`` (platform admin; the tenant is
the one in the call context), ``get_county()``.
"""
from __future__ import annotations

from datetime import date
from typing import Literal, NotRequired, TypedDict
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

SERVICE = "organization"
VERSION = 1


class CountyIn(BaseModel):
    """A county-level tenant (县级租户); its code is the tenant of the call."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=64)


class CountyOut(TypedDict):
    code: str
    name: str
    created_at: str


# --- Party organization system (issue 3). Added in version 1; nothing above changed. ---------
# RPC methods: ``create_org``, ``rename_org``, ``move_org``, ``dissolve_org``, ``org_tree``,
# ``orgs_by_ids``, ``orgs_exist(ids) -> list[str]`` (the county's orgs among ``ids``), ``org_history``, ``appoint_officer``, ``end_officer_term``, ``officers_by_org``;
# ``add_member``, ``members_exist(ids) -> list[str]`` (the county's members among ``ids``),
# ``list_members(org_id, limit, after, order)``, ``find_member``, ``reveal_member``, ``transfer_member``,
# ``member_transfers``;
# ``register_with_community``, ``pair_unit``, ``registrations(..., limit=None, after=None)``; ``hold_meeting``,
# ``mark_decision_done``, ``get_meeting``, ``list_meetings``; ``set_star_plan``, ``evaluate_stars``,
# ``star_record``, ``statistics``; ``star_suggestion(org_id, year)`` (figures from dispatch by a
# bounded RPC and from service records), ``set_star_formula(formula)``, ``star_formula()``;
# ``service_records(member_id, limit=None, after=None)``, ``unit_report(org_id, year)``; ``meeting_page(query)``,
# ``deliberation_page(query)`` (Relay pages with filters).
# Consumes: dispatch ``case.resolved``, ``wish.fulfilled``, ``order.completed`` and volunteer
# ``hours.confirmed`` into members' service records (服务记录), each once per event.
# Events on exchange ``organization.events``: see below.

ORG_CREATED = "org.created"
ORG_MOVED = "org.moved"
ORG_DISSOLVED = "org.dissolved"
MEMBER_TRANSFERRED = "member.transferred"
MEMBER_REGISTERED = "member.registered_with_community"
DECISION_MADE = "meeting.decision_made"

OrgType = Literal[
    "county_committee", "street_working_committee", "community_committee",
    "community_general_branch", "grid_branch", "compound_branch", "party_group",
    "agency", "school", "hospital", "state_firm", "private_firm", "social_org",
    "property_company", "owners_committee"]
OrgLevel = Literal["committee", "working_committee", "general_branch", "branch", "group"]
OfficerRole = Literal["secretary", "deputy_secretary", "member", "first_secretary", "part_time_member"]
MemberStatus = Literal["full", "probationary"]
MeetingLevel = Literal["county", "street", "community"]
Text = Field(min_length=1, max_length=2000)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class OrgIn(_In):
    """A party organization (党组织). Place ids (street/community/grid of the grid service) are
    inherited from the parent unless given; they decide who sees the org."""

    parent_id: UUID | None = None
    name: str = Field(min_length=1, max_length=64)
    type: OrgType
    level: OrgLevel | None = None
    street_id: UUID | None = None
    community_id: UUID | None = None
    grid_id: UUID | None = None


class RenameOrgIn(_In):
    org_id: UUID
    name: str = Field(min_length=1, max_length=64)


class MoveOrgIn(_In):
    org_id: UUID
    new_parent_id: UUID


class DissolveOrgIn(_In):
    org_id: UUID
    reason: str = Field(min_length=1, max_length=200)


class OfficerIn(_In):
    """A secretary or committee member (书记/委员) with a term."""

    org_id: UUID
    name: str = Field(min_length=1, max_length=32)
    role: OfficerRole
    member_id: UUID | None = None
    term_start: date
    term_end: date | None = None


class OrgOut(TypedDict):
    id: str
    parent_id: str | None
    name: str
    type: str
    level: str
    status: str
    depth: int
    path: str
    street_id: str | None
    community_id: str | None
    grid_id: str | None
    created_at: str
    dissolved_at: str | None


class OrgHistoryOut(TypedDict):
    org_id: str
    action: str
    before: dict
    after: dict
    actor: str | None
    at: str


class OfficerOut(TypedDict):
    id: str
    org_id: str
    name: str
    role: str
    member_id: str | None
    term_start: str
    term_end: str | None


class MemberIn(_In):
    """A party member (党员). ``id_number`` and ``phone`` are stored encrypted."""

    org_id: UUID
    name: str = Field(min_length=1, max_length=32)
    id_number: str = Field(pattern=r"^[0-9]{17}[0-9Xx]$")
    phone: str | None = Field(None, pattern=r"^1[0-9]{10}$")
    join_date: date
    status: MemberStatus = "full"
    employer_unit: str | None = Field(None, max_length=64)
    in_service: bool = False
    residence_community_id: UUID | None = None


class TransferIn(_In):
    member_id: UUID
    to_org_id: UUID
    reason: str = Field(min_length=1, max_length=200)


class RevealIn(_In):
    member_id: UUID
    reason: str = Field(min_length=2, max_length=200)


class MemberOut(TypedDict):
    id: str
    org_id: str
    name: str
    id_number_masked: str
    phone_masked: str | None
    join_date: str
    status: str
    employer_unit: str | None
    in_service: bool
    residence_community_id: str | None


class MemberPersonalOut(TypedDict):
    member_id: str
    id_number: str
    phone: str | None


class TransferOut(TypedDict):
    id: str
    member_id: str
    from_org_id: str
    to_org_id: str
    reason: str
    actor: str | None
    at: str


class RegistrationIn(_In):
    """双报到: an in-service member reports to the community where they live, with "三亮"."""

    member_id: UUID
    community_id: UUID | None = None
    duties: str = Field(min_length=1, max_length=200)
    pledge: str = Field(min_length=1, max_length=500)


class PairingIn(_In):
    """A unit's party org paired with a community (单位党组织到社区报到)."""

    org_id: UUID
    community_id: UUID
    pledge: str = Field(min_length=1, max_length=500)


class RegistrationOut(TypedDict):
    id: str
    kind: str
    member_id: str | None
    org_id: str
    community_id: str
    duties: str | None
    pledge: str
    registered_at: str


class DecisionIn(_In):
    text: str = Field(min_length=1, max_length=500)
    owner_unit: str = Field(min_length=1, max_length=64)
    due_date: date | None = None


class MeetingIn(_In):
    """A joint meeting (联席会议) at county, street or community level, with its decisions."""

    org_id: UUID
    level: MeetingLevel
    held_on: date
    title: str = Field(min_length=1, max_length=100)
    attending_units: list[str] = Field(min_length=1, max_length=50)
    agenda: str = Text
    minutes: str = Field("", max_length=10000)
    decisions: list[DecisionIn] = Field(default_factory=list, max_length=30)


class DecisionOut(TypedDict):
    id: str
    meeting_id: str
    text: str
    owner_unit: str
    due_date: str | None
    done: bool
    done_at: str | None


class MeetingOut(TypedDict):
    id: str
    org_id: str
    level: str
    held_on: str
    title: str
    attending_units: list[str]
    agenda: str
    minutes: str
    decisions: list[DecisionOut]
    done_count: int


class StarTaskIn(_In):
    title: str = Field(min_length=1, max_length=100)
    owner: str = Field(min_length=1, max_length=32)
    deadline: date


class StarPlanIn(_In):
    """A yearly star-rating plan (五星创建年度计划) of an org."""

    org_id: UUID
    year: int = Field(ge=2000, le=2100)
    tasks: list[StarTaskIn] = Field(min_length=1, max_length=50)


class StarEvaluationIn(_In):
    org_id: UUID
    year: int = Field(ge=2000, le=2100)
    stars: int = Field(ge=1, le=5)
    reasons: str = Field(min_length=1, max_length=1000)
    demonstration_title: str | None = Field(None, min_length=1, max_length=64)


class MeetingPageIn(_In):
    """A page of joint meetings (联席会议), newest first; ``after`` is ``<held_on>|<id>``."""

    org_id: UUID | None = None
    level: MeetingLevel | None = None
    since: date | None = None
    until: date | None = None
    limit: int = Field(50, ge=1, le=101)
    after: str | None = Field(None, max_length=60)


class DeliberationPageIn(_In):
    """A page of deliberations (协商议事) by id; ``after`` is the last id seen."""

    org_id: UUID | None = None
    step: Literal["collected", "fixed", "researched", "voted", "published", "followed_up"] | None = None
    adopted: bool | None = None
    limit: int = Field(50, ge=1, le=101)
    after: UUID | None = None


class StarFormulaIn(_In):
    """The tenant's formula of the suggested star rating (星级评定建议公式): a weight 0–100 per
    figure, the yearly per-member targets that count as full marks, and the lowest scores
    (0–100) of 2, 3, 4 and 5 stars, ascending."""

    weight_satisfaction: int = Field(30, ge=0, le=100)
    weight_on_time: int = Field(20, ge=0, le=100)
    weight_services: int = Field(20, ge=0, le=100)
    weight_hours: int = Field(15, ge=0, le=100)
    weight_registration: int = Field(15, ge=0, le=100)
    target_services: float = Field(12, gt=0, le=1000)
    target_hours: float = Field(24, gt=0, le=10000)
    thresholds: list[int] = Field(default_factory=lambda: [40, 60, 75, 90], min_length=4, max_length=4)

    @field_validator("weight_registration")
    @classmethod
    def _some_weight(cls, value: int, info: ValidationInfo) -> int:
        others = [info.data.get(f"weight_{k}", 0) for k in ("satisfaction", "on_time", "services", "hours")]
        if value + sum(v or 0 for v in others) <= 0:
            raise ValueError("at least one weight must be above 0")
        return value

    @field_validator("thresholds")
    @classmethod
    def _ascending(cls, value: list[int]) -> list[int]:
        if any(not 0 <= t <= 100 for t in value) or value != sorted(value):
            raise ValueError("four scores 0..100, ascending (2, 3, 4, 5 stars)")
        return value


class StarFormulaOut(TypedDict):
    weight_satisfaction: int
    weight_on_time: int
    weight_services: int
    weight_hours: int
    weight_registration: int
    target_services: float
    target_hours: float
    thresholds: list[int]
    set_by: str | None
    set_at: str | None  # None: the built-in default


class SuggestionPartOut(TypedDict):
    name: str  # satisfaction | on_time | services | hours | registration
    figure: float | None  # the raw figure: a rate, services or hours per member
    score: float | None  # 0..1 after the target; None: not available (left out)
    weight: int
    note: str | None


class StarSuggestionOut(TypedDict):
    org_id: str
    year: int
    stars: int | None  # None: no figure available at all
    score: float | None  # 0..100
    parts: list[SuggestionPartOut]
    members: int
    formula: StarFormulaOut


class StarTaskOut(TypedDict):
    title: str
    owner: str
    deadline: str


class StarRecordOut(TypedDict):
    org_id: str
    year: int
    tasks: list[StarTaskOut]
    stars: int | None
    reasons: str | None
    demonstration_title: str | None


class CountOut(TypedDict):
    key: str
    count: int


class StatisticsOut(TypedDict):
    orgs_by_type: list[CountOut]
    orgs_by_level: list[CountOut]
    members_by_status: list[CountOut]
    registrations: list[CountOut]
    stars: list[CountOut]


# Event payloads: consumers may rely on exactly these fields; ``version`` changes on a break.
class _Event(BaseModel):
    version: Literal[1] = 1


class OrgChanged(_Event):
    """Payload of ``org.created``, ``org.moved`` and ``org.dissolved``."""

    org_id: UUID
    parent_id: UUID | None
    name: str
    type: str
    community_id: UUID | None
    at: str


class MemberTransferred(_Event):
    member_id: UUID
    from_org_id: UUID
    to_org_id: UUID
    at: str


class MemberRegisteredWithCommunity(_Event):
    """Payload of ``member.registered_with_community`` (the volunteer service consumes it)."""

    member_id: UUID
    member_name: str
    org_id: UUID
    community_id: UUID
    employer_unit: str | None
    registered_at: str
    street_id: UUID | None = None  # the community's street, from the org tree (additive)


class DecisionMade(_Event):
    """Payload of ``meeting.decision_made`` (dispatch turns it into a tracked task)."""

    decision_id: UUID
    meeting_id: UUID
    level: str
    text: str
    owner_unit: str
    due_date: str | None
    community_id: UUID | None
    street_id: UUID | None


# --- Big party committee "1+1+X+N" (大党委/大工委). Added in version 1. ----------------------
# RPC methods: ``add_member_unit``, ``add_committee_project``, ``update_project_progress``,
# ``big_committee(committee_id, year)``.

class MemberUnitIn(_In):
    """A unit's party org joins a community's big party committee or a street's big working
    committee as a member unit (成员单位)."""

    committee_id: UUID
    unit_org_id: UUID
    joined_on: date


class ProjectIn(_In):
    """A yearly project led by a part-time committee member (兼职委员领办项目); 1–2 a year each."""

    officer_id: UUID
    year: int = Field(ge=2000, le=2100)
    title: str = Field(min_length=1, max_length=100)


class ProgressIn(_In):
    project_id: UUID
    progress: int = Field(ge=0, le=100)
    note: str | None = Field(None, max_length=500)


class MemberUnitOut(TypedDict):
    unit_org_id: str
    name: str
    type: str
    category: str
    joined_on: str


class ProjectOut(TypedDict):
    id: str
    committee_id: str
    officer_id: str
    officer_name: str
    year: int
    title: str
    progress: int
    note: str | None


class BigCommitteeOut(TypedDict):
    committee_id: str
    formula: str
    secretary: str | None
    first_secretary: str | None
    part_time_members: list[OfficerOut]
    stationed_units: list[MemberUnitOut]
    other_units: list[MemberUnitOut]
    projects: list[ProjectOut]


# --- Deliberation (协商议事), six steps. Added in version 1. ---------------------------------
# RPC methods: ``collect_topic``, ``advance_deliberation``, ``get_deliberation``, ``list_deliberations``.
DELIBERATION_STEPS = ("collected", "fixed", "researched", "voted", "published", "followed_up")
DeliberationStepName = Literal["collected", "fixed", "researched", "voted", "published", "followed_up"]


class TopicIn(_In):
    """A topic collected for deliberation (议题收集) by a community or grid org."""

    org_id: UUID
    title: str = Field(min_length=1, max_length=100)
    description: str = Text


class VotesIn(_In):
    votes_for: int = Field(ge=0, le=10000)
    votes_against: int = Field(ge=0, le=10000)
    abstentions: int = Field(0, ge=0, le=10000)


class AdvanceIn(_In):
    """The next step of a deliberation: fixed (确定议题), researched (调研), voted (协商表决, with the
    tally), published (结果公示), followed_up (跟踪落实)."""

    deliberation_id: UUID
    step: DeliberationStepName
    note: str = Text
    votes: VotesIn | None = None


class DeliberationStepOut(TypedDict):
    step: str
    actor: str | None
    note: str
    votes: dict | None
    at: str


class DeliberationOut(TypedDict):
    id: str
    org_id: str
    title: str
    description: str
    step: str
    adopted: bool | None
    steps: list[DeliberationStepOut]


# --- Service records and the per-unit report (双报到 服务记录/回单位报告). Added in version 1. ---
# RPC methods: ``service_records(member_id, limit=None, after=None)``, ``unit_report(org_id, year)``.
# Consumes: ``dispatch``/``case.resolved`` (each handler member gets a service record).

class ServiceRecordOut(TypedDict):
    id: str
    member_id: str
    source: str  # case | wish | order | activity
    source_id: str
    detail: str
    at: str
    hours: NotRequired[float | None]  # confirmed volunteer hours (activity)


class UnitReportLine(TypedDict):
    member_id: str
    name: str
    registered_community_id: str | None
    services: int


class UnitReportOut(TypedDict):
    org_id: str
    year: int
    members: list[UnitReportLine]
    registered: int
    services: int


# --- Service venues (党群服务中心/驿站). Added in version 1. ------------------------------------
# RPC methods: ``set_venue_standards(items)``, ``venue_standards()``, ``create_venue(venue)``,
# ``record_venue_compliance(check)``, ``list_venues()``.
VenueKind = Literal["center", "station", "red_station"]


class VenueIn(_In):
    """A party-mass service center (党群服务中心) or station (驿站/红色驿站), WGS-84 position."""

    org_id: UUID
    name: str = Field(min_length=1, max_length=64)
    kind: VenueKind
    lng: float = Field(ge=73, le=136)
    lat: float = Field(ge=3, le=54)
    opening_hours: str = Field(min_length=1, max_length=100)


class StandardIn(_In):
    code: str = Field(min_length=1, max_length=16)
    class_name: str = Field(min_length=1, max_length=32)
    text: str = Field(min_length=1, max_length=200)


class StandardsIn(_In):
    """The tenant's checklist (e.g. "一厅八室", 60 requirements in 5 classes); replaces the old one."""

    items: list[StandardIn] = Field(min_length=1, max_length=200)


class ComplianceIn(_In):
    venue_id: UUID
    met_codes: list[str] = Field(max_length=200)


class ClassComplianceOut(TypedDict):
    class_name: str
    met: int
    total: int


class VenueOut(TypedDict):
    id: str
    org_id: str
    name: str
    kind: str
    lng: float
    lat: float
    opening_hours: str
    met_codes: list[str]
    compliance: list[ClassComplianceOut]
    met: int
    total: int
