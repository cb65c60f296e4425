"""Contract of the grid & personnel service (网格与人员服务), version 1.

RPC methods (all tenant-scoped unless noted): ``health()`` (no tenant), ``create_street(street)``,
``create_community(community)``, ``create_compound(compound)``, ``create_building(building)``,
``create_grid(grid)``,
``get_grid(grid_id)``, ``grids_by_ids(ids)``, ``list_grids(limit, after)``,
``list_buildings(compound_ids)``, ``compounds_by_ids(ids) -> list[CompoundOut]``,
``grids_by_compound(compound_ids) -> list[CompoundGrids]``,
``streets_by_ids(ids) -> list[PlaceOut]``, ``communities_by_ids(ids) -> list[CommunityOut]``
(the tenant's places among ``ids``, unknown ones left out: other services check a street or
community they are given with these before they store it; see ``shared/places.py``).
Consumes: ``dispatch``/``case.reported`` (more RPCs and events below, grouped by feature).
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Literal, NotRequired, TypedDict
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, field_validator

SERVICE = "grid"
VERSION = 1
Name = Field(min_length=1, max_length=64)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class StreetIn(_In):
    """A street or town (街道/镇). ``code`` is its 9-digit administrative code."""

    name: str = Name
    code: str | None = Field(None, pattern=r"^[0-9]{9}$")


class CommunityIn(_In):
    """A community or village (社区/村) in a street; ``code`` is the 12-digit code."""

    street_id: UUID
    name: str = Name
    code: str | None = Field(None, pattern=r"^[0-9]{12}$")


class CompoundIn(_In):
    """A residential compound (小区) in a community."""

    community_id: UUID
    name: str = Name


class BuildingIn(_In):
    """A building (楼栋) in a compound, with its number of households."""

    compound_id: UUID
    name: str = Name
    households: int = Field(0, ge=0, le=2000)


class GridIn(_In):
    """A grid (网格): community grids cover 300–500 households; specialized grids (专属网格)
    cover a school, firm, market or religious site."""

    community_id: UUID
    name: str = Name
    kind: Literal["community", "specialized"] = "community"
    compound_id: UUID | None = None


class GridOut(TypedDict):
    id: str
    street_id: str
    community_id: str
    compound_id: str | None
    name: str
    kind: str
    open_case_count: int
    household_count: int  # households registered in the grid (added in v1, additive)
    size_flag: str | None  # "over" (>500 households), "under" (<300) or None
    boundary: dict | None  # GeoJSON Polygon
    retired_at: NotRequired[str | None]  # merged away; kept for history
    merged_into: NotRequired[str | None]


class PlaceOut(TypedDict):
    id: str
    name: str
    code: str | None


class CommunityOut(TypedDict):
    """A community (社区/村) as ``communities_by_ids`` returns it."""

    id: str
    name: str
    code: str | None
    street_id: str


class BuildingOut(TypedDict):
    id: str
    compound_id: str
    name: str
    households: int


class CompoundOut(TypedDict):
    """A compound (小区) as ``compounds_by_ids`` returns it: only those in the caller's scope, in
    the order asked; unknown ids are left out."""

    id: str
    name: str
    street_id: str
    street_name: str
    community_id: str
    community_name: str
    buildings: int  # buildings registered in the compound
    households: int  # households registered in its buildings


class CompoundGrids(TypedDict):
    """One entry of ``grids_by_compound``, in the order asked: the live (not merged-away) grids in
    the caller's scope covering the compound — appointed to it, or holding households in its
    buildings — by name. An unknown or out-of-scope compound gets an empty list."""

    compound_id: str
    grids: list[GridOut]


# --- residents registry (居民信息台账), grid boundaries, roster, emergency (additive, v1) -------
# RPC: ``set_grid_boundary(grid_id, boundary)``, ``register_household(household)``,
# ``list_households(limit, after, grid_id)``,
# ``register_resident(resident)``, ``update_resident(resident_id, changes)``,
# ``list_residents(limit, after, grid_id, unmasked, reason, stale_only)``,
# ``resident_by_id_number(id_number, unmasked, reason)``,
# ``appoint_post(post)``, ``vacate_post(post_id)``, ``list_posts(limit, after, grid_id, level)``,
# ``set_staffing_model(model)``,
# ``staffing_report()``, ``roster_counts()``, ``assign_cadre(assignment)``, ``cadre_coverage()``,
# ``activate_emergency(activation)``, ``acknowledge_emergency(task_id)``,
# ``deactivate_emergency(emergency_id)``, ``emergency_status(emergency_id)``,
# ``my_emergency_tasks(limit=None, after=None)``, ``record_visit(visit)``, ``list_visits(limit, household_id, grid_id)``,
# ``weekly_visiting(week_start, grid_id)``, ``set_visit_quota(half_days)``,
# ``grid_rating(quarter)``, ``set_rating_config(config)``, ``best_grid_workers(half_year, limit)``,
# ``split_grid(split)``, ``merge_grids(merge)``, ``grid_history(grid_ids)``, ``grid_coverage()``.
# Consumes from dispatch: ``case.reported``, ``case.closed``, ``case.reopened``,
# ``case.supervised``, ``case.rated``.
# Publishes: ``grid.changed``, ``resident.moved_grid``, ``emergency.activated``,
# ``emergency.acknowledged``, ``emergency.ended`` (payload models below).

GRID_SIZE_MIN = 300
GRID_SIZE_MAX = 500
RESIDENCY = Literal["permanent", "floating"]
SPECIAL_GROUPS = ("elderly_alone", "disabled", "child_care", "left_behind_child", "low_income",
                  "veteran", "serious_illness")
SpecialGroup = Literal["elderly_alone", "disabled", "child_care", "left_behind_child", "low_income",
                       "veteran", "serious_illness"]
HOUSEHOLD_KINDS = Literal["owned", "rented", "shop"]
PHONE = r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$"


class GridBoundaryIn(_In):
    """A GeoJSON Polygon (网格边界): closed rings of [longitude, latitude] positions."""

    type: Literal["Polygon"]
    coordinates: list[list[list[float]]] = Field(min_length=1, max_length=20)


class HouseholdIn(_In):
    """A household (户) in a building; unit (单元), floor (楼层) and room are fields."""

    building_id: UUID
    grid_id: UUID
    unit: str = Field(min_length=1, max_length=16)
    floor: int = Field(ge=-5, le=200)
    room: str = Field(min_length=1, max_length=16)
    kind: HOUSEHOLD_KINDS = "owned"


class ResidentIn(_In):
    """A person (居民) in a household. ``id_number`` is the 18-character ID-card number."""

    household_id: UUID
    name: str = Field(min_length=1, max_length=32)
    id_number: str = Field(min_length=18, max_length=18)
    phone: str | None = Field(None, pattern=PHONE)
    residency: RESIDENCY = "permanent"
    special_groups: list[SpecialGroup] = Field(default_factory=list, max_length=7)


class ResidentChanges(_In):
    """What ``update_resident`` may change; unset fields stay. An update also marks the record
    as checked this quarter (每季度按时更新)."""

    name: str | None = Field(None, min_length=1, max_length=32)
    phone: str | None = Field(None, pattern=PHONE)
    residency: RESIDENCY | None = None
    special_groups: list[SpecialGroup] | None = Field(None, max_length=7)
    household_id: UUID | None = None


class HouseholdOut(TypedDict):
    id: str
    building_id: str
    grid_id: str
    unit: str
    floor: int
    room: str
    kind: str


class ResidentOut(TypedDict):
    id: str
    household_id: str
    grid_id: str
    community_id: str
    name: str
    id_number: str  # masked unless the call asked for ``unmasked`` (and was audited)
    phone: str | None
    masked: bool
    gender: str
    birth_date: str
    residency: str
    special_groups: list[str]
    needs_review: bool
    updated_at: str
    stale_after: str
    stale: bool


class ResidentMoved(BaseModel):
    """Payload of ``resident.moved_grid``: a resident now belongs to another grid."""

    resident_id: UUID
    from_grid_id: UUID
    to_grid_id: UUID


RESIDENT_MOVED_GRID = "resident.moved_grid"


class GridChanged(BaseModel):
    """Payload of ``grid.changed``: a grid's boundary was set, or its households changed by a
    split or merge (published for each grid involved)."""

    grid_id: UUID
    change: Literal["boundary", "split", "merged"]


GRID_CHANGED = "grid.changed"


# --- seven-level roster (七级组织体系) ------------------------------------------------------------
POST_LEVELS = ("community_work_team", "compound_party_leader", "grid_worker", "building_head",
               "unit_head", "sub_floor_head", "floor_head", "community_police")
PostLevel = Literal["community_work_team", "compound_party_leader", "grid_worker", "building_head",
                    "unit_head", "sub_floor_head", "floor_head", "community_police"]
StaffingModelName = Literal["1+2+N", "1+1+N", "三长三员一民警"]
# Minimum posts per community grid, by model (documented in docs/GRID.md). The leader counts when
# appointed to the grid or to the compound the grid covers.
STAFFING_MODELS: dict[str, dict[str, int]] = {
    "1+2+N": {"compound_party_leader": 1, "grid_worker": 2, "building_head": 1},
    "1+1+N": {"compound_party_leader": 1, "grid_worker": 1, "building_head": 1},
    "三长三员一民警": {"building_head": 1, "unit_head": 1, "floor_head": 1, "grid_worker": 3,
                  "community_police": 1},
}
DEFAULT_STAFFING_MODEL = "1+2+N"


class PostIn(_In):
    """A post (岗位) of the roster held by one person at one place. Which place ids are required
    depends on the level (see docs/GRID.md); ``resident_id`` ties posts of one person together."""

    level: PostLevel
    holder_name: str = Field(min_length=1, max_length=32)
    resident_id: UUID | None = None
    community_id: UUID | None = None
    compound_id: UUID | None = None
    grid_id: UUID | None = None
    building_id: UUID | None = None
    unit: str | None = Field(None, min_length=1, max_length=16)
    floor: str | None = Field(None, min_length=1, max_length=16)


class StaffingModelIn(_In):
    model: StaffingModelName


class PostOut(TypedDict):
    id: str
    level: str
    holder_name: str
    resident_id: str | None
    community_id: str
    compound_id: str | None
    grid_id: str | None
    building_id: str | None
    unit: str | None
    floor: str | None


class StaffingShortfall(TypedDict):
    level: str
    required: int
    actual: int


class StaffingGap(TypedDict):
    grid_id: str
    grid_name: str
    community_id: str
    missing: list[StaffingShortfall]


class StaffingReport(TypedDict):
    model: str
    requirements: dict[str, int]
    grids_checked: int
    gaps: list[StaffingGap]


class LevelCount(TypedDict):
    level: str
    posts: int
    persons: int


class CommunityLevelCount(TypedDict):
    community_id: str
    community_name: str
    level: str
    posts: int


class RosterCounts(TypedDict):
    by_level: list[LevelCount]
    by_community: list[CommunityLevelCount]


# --- cadres sunk into grids (定格入网) and emergency activation (一键启动) ------------------------
CadreKind = Literal["county_leader", "department", "cadre"]
EMERGENCY_ACTIVATED = "emergency.activated"
EMERGENCY_ACKNOWLEDGED = "emergency.acknowledged"
EMERGENCY_ENDED = "emergency.ended"


class CadreAssignmentIn(_In):
    """A cadre sunk into a place: a county leader to a community (``community_id``), a department
    to a compound (``compound_id``), a cadre to a building (``building_id``). ``subject`` is the
    cadre's login, who acknowledges emergency tasks."""

    subject: str = Field(min_length=1, max_length=128)
    name: str = Field(min_length=1, max_length=32)
    kind: CadreKind
    community_id: UUID | None = None
    compound_id: UUID | None = None
    building_id: UUID | None = None


class EmergencyActivationIn(_In):
    """Switch a scope into emergency mode: the county (no ``scope_id``), a street or a community."""

    scope_level: Literal["county", "street", "community"] = "county"
    scope_id: UUID | None = None
    reason: str = Field(min_length=1, max_length=200)


class CadreAssignmentOut(TypedDict):
    id: str
    subject: str
    name: str
    kind: str
    community_id: str
    compound_id: str | None
    building_id: str | None


class EmergencyOut(TypedDict):
    id: str
    scope_level: str
    scope_id: str | None
    reason: str
    activated_at: str
    ended_at: str | None
    task_count: int
    acknowledged: int


class EmergencyTaskOut(TypedDict):
    id: str
    emergency_id: str
    community_id: str
    acknowledged_at: str | None
    activated_at: NotRequired[str]  # the emergency's, in pages of my_emergency_tasks (the cursor)


class CommunityAcknowledgement(TypedDict):
    community_id: str
    community_name: str
    tasks: int
    acknowledged: int
    share: float  # acknowledged / tasks, 0..1


class EmergencyStatus(TypedDict):
    emergency: EmergencyOut
    communities: list[CommunityAcknowledgement]


class EmergencyActivated(BaseModel):
    """Payload of ``emergency.activated``."""

    emergency_id: UUID
    scope_level: str
    scope_id: UUID | None
    reason: str
    task_count: int
    activated_at: str


class EmergencyAcknowledged(BaseModel):
    """Payload of ``emergency.acknowledged``: one cadre answered the call. Published through the
    outbox once per task (a repeated acknowledgement publishes nothing), in the transaction that
    records it; enough for a live push without another RPC:

    * which: ``emergency_id``, ``task_id``, ``assignment_id`` (the cadre's assignment, 定格入网),
      ``subject`` (the cadre's login), ``community_id`` and ``street_id`` (for scope filtering:
      push a street's subscribers only their street's communities), ``acknowledged_at``;
    * the community's figures right after it: ``community_acknowledged`` of ``community_tasks``,
      ``community_share`` = their ratio (0..1, 4 decimals) — exact: acknowledgements of one
      community increment its counter one after another under a row lock;
    * the whole emergency's: ``acknowledged`` of ``task_count`` — the sum over its communities as
      this transaction sees it: at least this high (acknowledgements in other communities may be
      committing at the same moment), exact once they settle; there is deliberately no single
      county-wide row that every acknowledgement would queue on.

    Events may arrive out of order: a subscriber keeps, per community, the figures with the
    largest ``community_acknowledged`` (and overall the largest ``acknowledged``), or adds up the
    per-community figures itself.
    The tenant travels in the message headers (``nameko.tenant``), as for every event.
    """

    emergency_id: UUID
    task_id: UUID
    subject: str
    community_id: UUID
    acknowledged_at: str
    assignment_id: UUID | None = None  # added in v1 (additive), like the fields below
    street_id: UUID | None = None
    community_acknowledged: int = 0
    community_tasks: int = 0
    community_share: float = 0.0
    acknowledged: int = 0
    task_count: int = 0


class EmergencyEnded(BaseModel):
    """Payload of ``emergency.ended``."""

    emergency_id: UUID
    ended_at: str
    task_count: int
    acknowledged: int


class UncoveredPlace(TypedDict):
    id: str
    name: str
    community_id: str


class CoverageLevel(TypedDict):
    level: str  # community (county leaders), compound (departments), building (cadres)
    total: int
    covered: int
    uncovered: list[UncoveredPlace]  # at most 100, by name


class CadreCoverage(TypedDict):
    levels: list[CoverageLevel]


# --- door-to-door visits (入户走访) ---------------------------------------------------------------
DEFAULT_VISIT_QUOTA = 3  # half-days of visiting a week ("每周三个半天入户走访")


class VisitIn(_In):
    """A visit to a household by the calling grid worker; ``visited_at`` defaults to now and may
    not be in the future."""

    household_id: UUID
    visited_at: datetime | None = None
    note: str = Field("", max_length=500)


class VisitQuotaIn(_In):
    half_days: int = Field(ge=0, le=14)


class VisitOut(TypedDict):
    id: str
    household_id: str
    grid_id: str
    visitor: str
    visited_at: str
    note: str


class VisitorWeek(TypedDict):
    visitor: str
    visits: int
    households: int
    half_days: int  # distinct (day, morning/afternoon) with at least one visit
    quota: int
    met: bool


class WeeklyVisiting(TypedDict):
    week_start: str  # Monday, China Standard Time
    quota: int
    visitors: list[VisitorWeek]


# --- quarterly grid rating (红蓝黄) ---------------------------------------------------------------
RATING_METRICS = ("case_handling", "timeliness", "satisfaction", "visit_coverage", "registry_freshness")
RatingMetric = Literal["case_handling", "timeliness", "satisfaction", "visit_coverage", "registry_freshness"]
DEFAULT_RATING = {"weights": {"case_handling": 30, "timeliness": 20, "satisfaction": 20,
                              "visit_coverage": 15, "registry_freshness": 15},
                  "red_at": 85.0, "yellow_below": 60.0}
QUARTER = r"^[0-9]{4}Q[1-4]$"


class RatingConfigIn(_In):
    """Weights (0–100 each) and thresholds of the quarterly rating: score ≥ ``red_at`` is red
    (红, best), below ``yellow_below`` yellow (黄, to improve), otherwise blue (蓝)."""

    weights: dict[RatingMetric, int] = Field(min_length=1)
    red_at: float = Field(ge=0, le=100)
    yellow_below: float = Field(ge=0, le=100)


class RatingMetricOut(TypedDict):
    name: str
    value: float | None  # 0..1; None when the grid has nothing to measure (weight not counted)
    weight: int
    detail: str


class GridRatingOut(TypedDict):
    grid_id: str
    grid_name: str
    community_id: str
    score: float | None
    colour: str | None  # red, blue, yellow; None when nothing could be measured
    rank: int | None
    metrics: list[RatingMetricOut]


class QuarterRating(TypedDict):
    quarter: str
    weights: dict[str, int]
    red_at: float
    yellow_below: float
    grids: list[GridRatingOut]


HALF_YEAR = r"^[0-9]{4}H[12]$"


class BestWorkerOut(TypedDict):
    visitor: str
    grid_id: str  # the grid of most of their visits
    weeks: int  # weeks of the half-year so far
    weeks_met: int  # weeks with the visiting quota met
    households: int
    grid_score: float | None  # mean rating score of that grid over the half-year's quarters
    merit: float  # 0..100 = 50 · weeks_met / weeks + 50 · grid_score / 100 (grid_score None → 0)
    rank: int


# --- splitting and merging grids (网格调整), with history ----------------------------------------
class GridSplitIn(_In):
    """Split households off ``grid_id`` into a new grid of the same community and kind."""

    grid_id: UUID
    new_name: str = Name
    household_ids: list[UUID] = Field(min_length=1, max_length=2000)


class GridMergeIn(_In):
    """Merge ``grid_id`` into ``into_grid_id`` (same community): its households, residents and
    posts move over and it is retired, kept for history."""

    grid_id: UUID
    into_grid_id: UUID


class GridHistoryOut(TypedDict):
    grid_id: str
    action: str  # split_off (households left for other), split_from, merged_into, absorbed
    other_grid_id: str
    households: int
    residents: int
    actor: str
    at: str


class UncoveredBuilding(TypedDict):
    id: str
    name: str
    compound_id: str
    expected_households: int  # the building's declared household count


class GridCoverage(TypedDict):
    """无缝覆盖: every registered household is in exactly one grid by construction; what remains
    to check is buildings with no household registered in any grid yet, and grids to rebalance."""

    households: int
    buildings: int
    buildings_covered: int
    uncovered: list[UncoveredBuilding]  # at most 100, by name
    grids_over: int
    grids_under: int


# --- residents spreadsheets (居民台账导入导出), county scale ----------------------------------------
# RPC (the conventions of gateway/transfer/specs.py):
# ``import_residents(rows, dry_run=False, import_id=None) -> ImportResult``: each row a
#   ``ResidentImportRow`` (plus ``row``, its sheet row number); valid rows of the batch are written
#   in one transaction, bad ones refused with row, field, code and a bilingual reason; a known ID
#   number updates its resident (idempotent re-import), an unknown one registers a new resident.
# ``export_residents(after, limit, filters, export) -> ExportPage``, ``export_households(...)``,
# ``export_grids(...)``: keyset pages in the caller's scope; residents masked unless
#   ``export["unmasked"]`` and the role allows it; each export (``export["id"]``) audited once.
RESIDENCY_LABELS = {"permanent": "户籍人口", "floating": "流动人口"}
SPECIAL_GROUP_LABELS = {"elderly_alone": "独居老人", "disabled": "残疾人", "child_care": "需照护儿童",
                        "left_behind_child": "留守儿童", "low_income": "低保", "veteran": "退役军人",
                        "serious_illness": "大病"}
HOUSEHOLD_KIND_LABELS = {"owned": "自住", "rented": "出租房", "shop": "商铺"}
# sheet headers of the resident import, by field (errors name the header to county staff)
RESIDENT_SHEET_HEADERS = {"name": "姓名", "id_number": "身份证号", "phone": "手机号", "residency": "人口类型",
                          "special_groups": "特殊人群", "building_id": "楼栋编号", "unit": "单元",
                          "floor": "楼层", "room": "房号", "grid_id": "网格编号", "household_kind": "房屋类型"}
# columns of the resident export that the import accepts and ignores (so an unmasked export
# imports back unchanged)
RESIDENT_SHEET_READ_ONLY = ("resident_id", "gender", "birth_date", "needs_review", "stale", "updated_at",
                            "household_id", "grid_name", "community_name")


def _label_to_code(value, labels: dict[str, str], extra: dict[str, str] | None = None):
    if not isinstance(value, str):
        return value
    text = value.strip()
    by_label = {label: code for code, label in labels.items()} | (extra or {})
    return by_label.get(text, text)


class ResidentImportRow(_In):
    """One row of a residents sheet (居民台账): the person, and the household by building and
    unit/room. ``grid_id`` is needed only when the household is not registered yet (it is then
    registered in that grid); for a known household it may be left out, or must match its grid.
    Residency, special groups and household kind accept the codes or the Chinese labels
    (户籍/流动, 独居老人、残疾人…, 自住/出租/商铺); special groups are separated by ``、`` ``,`` or ``，``."""

    row: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=32)
    id_number: str = Field(min_length=18, max_length=18)
    phone: str | None = Field(None, pattern=PHONE)
    residency: RESIDENCY = "permanent"
    special_groups: list[SpecialGroup] = Field(default_factory=list, max_length=7)
    building_id: UUID
    unit: str = Field(min_length=1, max_length=16)
    floor: int = Field(ge=-5, le=200)
    room: str = Field(min_length=1, max_length=16)
    grid_id: UUID | None = None
    household_kind: HOUSEHOLD_KINDS | None = None

    @field_validator("residency", mode="before")
    @classmethod
    def _residency(cls, value):
        if value is None or value == "":
            return "permanent"
        return _label_to_code(value, RESIDENCY_LABELS, {"户籍": "permanent", "流动": "floating"})

    @field_validator("household_kind", mode="before")
    @classmethod
    def _kind(cls, value):
        return _label_to_code(value, HOUSEHOLD_KIND_LABELS, {"出租": "rented"}) if value != "" else None

    @field_validator("special_groups", mode="before")
    @classmethod
    def _groups(cls, value):
        if value is None:
            return []
        if isinstance(value, str):
            parts = [p for p in re.split(r"[、,，;；\s]+", value) if p]
            return [_label_to_code(p, SPECIAL_GROUP_LABELS) for p in parts]
        return value


class SheetRowError(TypedDict):
    row: int
    field: str  # the row's field (see RESIDENT_SHEET_HEADERS for its header)
    code: str  # VALIDATION_FAILED, NOT_FOUND, CONFLICT, FORBIDDEN, DUPLICATE_IN_BATCH
    message: str
    message_zh: str


class ImportResult(TypedDict):
    accepted: int  # rows written (or, with dry_run, that would be)
    created: int  # residents registered by this batch
    updated: int  # residents already registered (same ID number), updated
    errors: list[SheetRowError]


# --- roster sheet (七级组织体系名册) ---------------------------------------------------------------
POST_LEVEL_LABELS = {"community_work_team": "社区工作队", "compound_party_leader": "小区党组织书记（物业负责人）",
                     "grid_worker": "网格员", "building_head": "楼栋长", "unit_head": "单元长",
                     "sub_floor_head": "分层长", "floor_head": "楼层长", "community_police": "社区民警"}
POST_SHEET_HEADERS = {"post_id": "岗位编号", "level": "层级", "holder_name": "姓名", "phone": "手机号",
                      "resident_id": "居民编号", "community_id": "社区编号", "compound_id": "小区编号",
                      "grid_id": "网格编号", "building_id": "楼栋编号", "unit": "单元", "floor": "楼层"}
# columns of the roster export that the import accepts and ignores (names of the places)
POST_SHEET_READ_ONLY = ("community_name", "compound_name", "grid_name", "building_name")
MASKED_PHONE = r"^[0-9]{0,4}\*+[0-9]{0,4}$"  # as exports show it: 138****5678


class PostImportRow(_In):
    """One row of the roster sheet (七级组织体系名册): a post by its 岗位编号 (to update it) or new,
    the holder, and the places its level needs (see ``services/grid/roster.NEEDS``). The level is
    the code or the Chinese label (网格员, 楼栋长…); a phone masked as an export shows it keeps
    the stored one."""

    row: int = Field(ge=1)
    post_id: UUID | None = None
    level: PostLevel
    holder_name: str = Field(min_length=1, max_length=32)
    phone: str | None = None
    resident_id: UUID | None = None
    community_id: UUID | None = None
    compound_id: UUID | None = None
    grid_id: UUID | None = None
    building_id: UUID | None = None
    unit: str | None = Field(None, min_length=1, max_length=16)
    floor: str | None = Field(None, min_length=1, max_length=16)

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value):
        return _label_to_code(value, POST_LEVEL_LABELS, {"小区党组织书记": "compound_party_leader",
                                                         "物业负责人": "compound_party_leader"})

    @field_validator("phone")
    @classmethod
    def _phone(cls, value):
        if value is not None and not (re.match(PHONE, value) or re.match(MASKED_PHONE, value)):
            raise ValueError("not a mobile (11 digits) or landline number")
        return value


class ExportPage(TypedDict):
    rows: list[dict]  # by field, as the export spec's columns name them
    next: str | None  # cursor of the next page, None on the last
