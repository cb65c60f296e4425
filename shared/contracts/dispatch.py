"""Contract of the case dispatch service (事件分拨服务), version 1 (additive changes only).

RPC methods: ``health()`` (no tenant), ``report_case(case)`` (answers the case with
``likely_duplicates``; idempotent by ``client_request_id``), ``get_case(case_id)``, ``cases_by_grid(grid_ids)``,
``list_cases(limit, after, filters)``, ``likely_duplicates(case_ids)``, ``case_evidence(case_ids)``,
``transition_case(action, data)`` (the closed loop, one action of :data:`ACTIONS`),
``timelines(case_ids)``, ``set_calendar_day(day)``, ``calendar_days(year)``, the whistle's
``whistle_case``/``whistle_step``/``whistle_parts``, ``department_scorecards(period)``,
``case_measures(period)``, routing's ``set_category``/``list_categories``, and the RPCs of
wishes, orders, two-way lists and webhooks listed in their sections below.
Events published (exchange ``dispatch.events``): ``case.reported`` with :class:`CaseReported`,
the closed loop's events below, each with its payload model, ``wish.fulfilled`` and
``order.completed``. Consumes ``organization``/``meeting.decision_made`` and (for webhooks) every
event of its own exchange.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, NotRequired, TypedDict
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

SERVICE = "dispatch"
VERSION = 1
CASE_REPORTED = "case.reported"
Source = Literal["resident", "patrol", "hotline", "service"]


MEDIA_TYPES = r"^(image/(jpeg|png|gif|webp|heic)|video/(mp4|quicktime)|audio/(mpeg|mp4|amr|wav)|application/pdf)$"
MAX_EVIDENCE_BYTES = 200 * 1024 * 1024


class EvidenceIn(BaseModel):
    """An attachment reference (证据/附件): the file lives in object storage; we keep where it is
    and its content hash, so what was attached can be proven unchanged later."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    uri: str = Field(min_length=1, max_length=500, pattern=r"^(https|oss|s3)://[^\s]+$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")  # lowercase hex of the content's SHA-256
    size: int = Field(ge=1, le=MAX_EVIDENCE_BYTES)
    media_type: str = Field(pattern=MEDIA_TYPES)
    name: str | None = Field(None, max_length=120)

    @field_validator("sha256", mode="before")
    @classmethod
    def _lower(cls, value):
        return value.strip().lower() if isinstance(value, str) else value


def _distinct_hashes(evidence: list[EvidenceIn]) -> list[EvidenceIn]:
    if len({e.sha256 for e in evidence}) != len(evidence):
        raise ValueError("the same file (sha256) is attached twice")
    return evidence


Evidence = Annotated[list[EvidenceIn], Field(default_factory=list, max_length=20),
                     AfterValidator(_distinct_hashes)]


class PointIn(BaseModel):
    """Where exactly (optional): WGS-84 longitude and latitude."""

    model_config = ConfigDict(extra="forbid")

    longitude: float = Field(ge=-180, le=180)
    latitude: float = Field(ge=-90, le=90)


CLIENT_REQUEST_ID = r"^[A-Za-z0-9._:-]+$"  # a UUID or ULID, say


class CaseIn(BaseModel):
    """A case (事件/诉求) reported in a grid, optionally at a compound, building and point, with
    evidence. ``anonymous``: the reporter is hidden from handlers (never from the system)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    grid_id: UUID
    category: str = Field(min_length=1, max_length=40)
    description: str = Field(min_length=1, max_length=2000)
    source: Source = "resident"
    compound_id: UUID | None = None  # the grid's compound by default
    building_id: UUID | None = None  # must be a building of the compound
    point: PointIn | None = None
    address: str | None = Field(None, max_length=200)
    evidence: Evidence
    anonymous: bool = False
    # 幂等键: the same key again (a client's retry, a redelivered RPC) answers the first case;
    # the same key with another report is a CONFLICT. Unique per tenant.
    client_request_id: str | None = Field(None, min_length=1, max_length=64,
                                          pattern=CLIENT_REQUEST_ID)


class CaseOut(TypedDict):
    id: str
    grid_id: str
    category: str
    description: str
    source: str
    status: str
    reported_at: str
    # closed loop (additive: older producers leave them out)
    level: NotRequired[str | None]
    due_at: NotRequired[str | None]
    rating: NotRequired[str | None]
    handler_member_ids: NotRequired[list[str]]
    merged_into: NotRequired[str | None]
    supervised: NotRequired[bool]
    # intake (additive): place, reporter (None when anonymous to this caller), routing
    compound_id: NotRequired[str | None]
    building_id: NotRequired[str | None]
    longitude: NotRequired[float | None]
    latitude: NotRequired[float | None]
    address: NotRequired[str | None]
    anonymous: NotRequired[bool]
    reporter: NotRequired[str | None]
    routed_department_id: NotRequired[str | None]
    routed_department_name: NotRequired[str | None]
    likely_duplicates: NotRequired[list["DuplicateOut"]]  # only in report_case's answer


class DuplicateOut(TypedDict):
    """An open case that may be the same problem (疑似重复): same category, same compound (or
    grid when no compound), reported within :data:`DUPLICATE_WINDOW_DAYS`."""

    id: str
    category: str
    status: str
    description: str
    reported_at: str
    grid_id: str
    compound_id: str | None


class EvidenceOut(TypedDict):
    case_id: str
    seq: int  # the timeline step it was attached with (1 = the report)
    uri: str
    sha256: str
    size: int
    media_type: str
    name: str | None
    added_by: str | None
    added_at: str


DUPLICATE_WINDOW_DAYS = 7
CASE_MERGED = "case.merged"


class CaseReported(BaseModel):
    """Payload of ``case.reported``: what consumers may rely on."""

    case_id: UUID
    grid_id: UUID
    category: str
    reported_at: str


# ---- the closed loop (闭环) -------------------------------------------------------------------
Status = Literal["reported", "accepted", "escalated", "resolved", "verified", "rated", "archived",
                 "rejected", "merged"]
OPEN_STATUSES = ("reported", "accepted", "escalated")  # counted as open by the grid service
Level = Literal["building", "grid", "community", "street"]
LEVELS: tuple[str, ...] = ("building", "grid", "community", "street")  # low → high
Rating = Literal["satisfied", "basically_satisfied", "unsatisfied"]  # 满意 / 基本满意 / 不满意
ACTIONS = ("accept", "reject", "merge", "escalate", "resolve", "verify", "rate", "archive")

# Working days to resolve a case at each level (逐级调处时限), and categories that are faster.
# A default table: tenants will override it (issue 5, routing rules).
DEADLINE_WORKDAYS: dict[str, int] = {"building": 1, "grid": 3, "community": 5, "street": 7}
CATEGORY_DEADLINE_WORKDAYS: dict[str, dict[str, int]] = {
    "safety": {"building": 1, "grid": 1, "community": 2, "street": 3},
    "fire_lane": {"building": 1, "grid": 1, "community": 2, "street": 3},
}
DEADLINE_HOUR = 18  # a deadline is the end of the working day, China time (UTC+8)

CASE_ACCEPTED = "case.accepted"
CASE_ESCALATED = "case.escalated"
CASE_RESOLVED = "case.resolved"
CASE_RATED = "case.rated"
CASE_ARCHIVED = "case.archived"
CASE_CLOSED = "case.closed"
CASE_REOPENED = "case.reopened"
CASE_SUPERVISED = "case.supervised"


def deadline_workdays(category: str, level: str) -> int:
    return CATEGORY_DEADLINE_WORKDAYS.get(category, DEADLINE_WORKDAYS)[level]


class _Step(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    case_id: UUID
    note: str | None = Field(None, max_length=500)
    evidence: Evidence  # attached with this step (photos of the result, minutes…)


class AcceptIn(_Step):
    """受理: the case starts being handled at ``level``; by default the level its category's
    routing rule names (the grid when there is none)."""

    level: Level | None = None


class RejectIn(_Step):
    """不予受理: a reason is required."""

    note: str = Field(min_length=1, max_length=500)


class MergeIn(_Step):
    """合并: a duplicate joins ``into_case_id``."""

    into_case_id: UUID


class EscalateIn(_Step):
    """上报/提级: to ``to_level`` (the next level up by default)."""

    to_level: Level | None = None


class ResolveIn(_Step):
    """办结: with the party members who handled it (their member ids)."""

    handler_member_ids: list[UUID] = Field(default_factory=list, max_length=50)


class VerifyIn(_Step):
    """核查: the grid worker or the reporter confirms the result."""


class RateIn(_Step):
    """评议: 满意 / 基本满意 / 不满意; 不满意 reopens the case."""

    rating: Rating


class ArchiveIn(_Step):
    """归档."""


ACTION_INPUTS: dict[str, type[_Step]] = {
    "accept": AcceptIn, "reject": RejectIn, "merge": MergeIn, "escalate": EscalateIn,
    "resolve": ResolveIn, "verify": VerifyIn, "rate": RateIn, "archive": ArchiveIn,
}


class TimelineOut(TypedDict):
    case_id: str
    seq: int
    action: str
    from_status: str | None
    to_status: str
    level: str | None
    actor: str | None
    note: str | None
    at: str


class CalendarDayIn(BaseModel):
    """A tenant's override of the national calendar: a local holiday or an extra workday."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    day: date
    working: bool
    note: str | None = Field(None, max_length=100)


class CalendarDayOut(TypedDict):
    day: str
    working: bool
    note: str | None


class _Event(BaseModel):
    case_id: UUID
    grid_id: UUID
    at: str


class CaseAccepted(_Event):
    level: Level
    due_at: str


class CaseEscalated(_Event):
    from_level: Level
    to_level: Level
    due_at: str


class CaseResolved(_Event):
    """``handler_member_ids``: the party members who handled it (volunteer points)."""

    category: str
    level: Level
    handler_member_ids: list[UUID]


class CaseRated(_Event):
    rating: Rating
    reopened: bool


class CaseMerged(_Event):
    """A duplicate joined another case (合并): ``into_case_id`` carries on."""

    into_case_id: UUID


class CaseArchived(_Event):
    status_before: Status


class CaseClosed(_Event):
    """The case left the open states (resolved, rejected or merged): grids decrement."""

    status: Status


class CaseReopened(_Event):
    """An unsatisfied rating brought the case back to an open state: grids increment."""

    status: Status


class CaseSupervised(_Event):
    """Overdue at ``level``: flagged for supervision (督办) once per deadline ``step``."""

    level: Level
    step: int
    due_at: str


# ---- whistle-and-report (街道吹哨、部门报到) ------------------------------------------------------
CASE_WHISTLED = "case.whistled"
WHISTLE_PART_RESOLVED = "whistle.part_resolved"


class SummonedDepartment(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    department_id: UUID  # the functional department's unit id (organization service)
    name: str = Field(min_length=1, max_length=64)


class WhistleIn(BaseModel):
    """A street summons departments for a case handled at the street level: each must report
    (acknowledge) within ``respond_within_hours`` and resolve its part within
    ``resolve_within_workdays`` working days."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    case_id: UUID
    departments: list[SummonedDepartment] = Field(min_length=1, max_length=10)
    respond_within_hours: int = Field(2, ge=1, le=72)
    resolve_within_workdays: int = Field(5, ge=1, le=30)
    note: str | None = Field(None, max_length=500)


class WhistlePartStepIn(BaseModel):
    """A department reports (报到) or resolves its part (with the party members who did it)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    part_id: UUID
    note: str | None = Field(None, max_length=500)
    handler_member_ids: list[UUID] = Field(default_factory=list, max_length=50)


class WhistlePartOut(TypedDict):
    id: str
    case_id: str
    department_id: str
    department_name: str
    status: str  # summoned → reported → resolved
    summoned_at: str
    respond_by: str
    due_at: str
    reported_at: str | None
    resolved_at: str | None
    reported_on_time: bool | None
    resolved_on_time: bool | None
    response_overdue_at: str | None  # marked by the overdue sweep: not reported by respond_by
    resolve_overdue_at: str | None  # marked by the overdue sweep: not resolved by due_at


class ScorecardOut(TypedDict):
    """Figures for a department's assessment over a period (部门考核)."""

    department_id: str
    department_name: str
    summoned: int
    reported: int
    reported_on_time: int
    resolved: int
    resolved_on_time: int
    average_response_minutes: float | None
    on_time_rate: float | None  # parts resolved on time / parts resolved
    satisfaction_rate: float | None  # satisfied or basically satisfied / rated, of its cases


class CaseWhistled(_Event):
    department_ids: list[UUID]
    respond_by: str
    due_at: str


class WhistlePartResolved(_Event):
    part_id: UUID
    department_id: UUID
    on_time: bool
    handler_member_ids: list[UUID]


# ---- measures (考核指标) ------------------------------------------------------------------------
GroupBy = Literal["none", "category", "grid", "community", "street",
                  "department"]  # department: the one routing sent the case to


class PeriodIn(BaseModel):
    """Cases reported (or departments summoned) in [since, until), within the caller's scope,
    optionally narrowed to one street, community or grid."""

    model_config = ConfigDict(extra="forbid")

    since: datetime
    until: datetime
    group_by: GroupBy = "none"
    street_id: UUID | None = None
    community_id: UUID | None = None
    grid_id: UUID | None = None


class MeasureOut(TypedDict):
    key: str  # the category or place id; "all" without grouping
    reported: int
    resolved: int
    resolved_at_grid_or_community: int  # building, grid or community level
    resolved_on_time: int
    rated: int
    satisfied: int  # 满意 or 基本满意
    backlog: int  # still open
    overdue: int  # open and past due
    grid_community_share: float | None
    on_time_rate: float | None
    satisfaction_rate: float | None
    ageing: AgeingOut  # 案件账龄 of the backlog


class AgeingOut(TypedDict):
    """案件账龄: the open cases of a measure by calendar days since reported, counted in whole
    24-hour periods (day 1 = the first 24 hours); the buckets add up to ``backlog``."""

    up_to_1_day: int
    days_2_to_3: int
    days_4_to_7: int
    days_8_to_15: int
    over_15_days: int
    oldest_reported_at: str | None  # the oldest open case's report time
    oldest_age_days: float | None  # its age in days (one decimal)


# ---- micro-wishes (微心愿) and "三单" orders (居民点单、社区派单、党员接单) ----------------------------
# Emitted by dispatch when a wish is confirmed fulfilled / an order is confirmed completed; the
# volunteer service awards points to the party members who did it (once per event id).
WISH_FULFILLED = "wish.fulfilled"
ORDER_COMPLETED = "order.completed"


class WishFulfilled(BaseModel):
    wish_id: UUID
    grid_id: UUID
    at: str
    helper_member_ids: list[UUID]  # party members who claimed and fulfilled it (may be empty: an org)


class OrderCompleted(BaseModel):
    order_id: UUID
    grid_id: UUID
    at: str
    helper_member_ids: list[UUID]  # party members who took the order (党员接单)


# ---- routing rules per category (分类分拨规则) -------------------------------------------------
# RPC: ``set_category(rule)`` (county admin), ``list_categories(limit, after)``.
# A tenant's category tree; a rule can start a case at a higher level or send it to a department
# (the street level with that department summoned on acceptance). Categories without a rule keep
# the defaults below, so other services may report their own categories.
DEFAULT_CATEGORIES: dict[str, str] = {
    "environment": "环境卫生", "parking": "停车秩序", "property": "物业服务", "dispute": "矛盾纠纷",
    "safety": "安全隐患", "fire_lane": "消防通道", "ev_charging": "电动车充电",
}
CategoryCode = Field(min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")


class CategoryIn(BaseModel):
    """A case category of this county (事件分类) and where its cases start (分拨规则)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = CategoryCode
    name: str = Field(min_length=1, max_length=40)
    parent_code: str | None = Field(None, min_length=1, max_length=40, pattern=r"^[a-z][a-z0-9_]*$")
    start_level: Level = "grid"
    department: SummonedDepartment | None = None  # routed straight to a department (部门直派)
    respond_within_hours: int = Field(2, ge=1, le=72)
    resolve_within_workdays: int = Field(5, ge=1, le=30)
    deadline_workdays: dict[Level, Annotated[int, Field(ge=1, le=60)]] | None = None
    active: bool = True


class CategoryOut(TypedDict):
    code: str
    name: str
    parent_code: str | None
    start_level: str
    department_id: str | None
    department_name: str | None
    respond_within_hours: int
    resolve_within_workdays: int
    deadline_workdays: dict[str, int]  # the effective table (rule over the default)
    active: bool
    configured: bool  # False: a default category this county has not configured


# ---- micro-wishes (微心愿) ---------------------------------------------------------------------
# RPC: ``collect_wish(wish)``, ``wish_step(action, data)``; shared with orders and needs:
# ``get_work_item(kind, id)``, ``list_work_items(kind, limit, after, filters)``,
# ``work_steps(item_ids)`` (kind: wish, order, need).
WishChannel = Literal["box", "visit", "phone"]  # 心愿箱 / 入户走访 / 电话
WISH_ACTIONS = ("publish", "claim", "release", "fulfil", "confirm", "dispute", "cancel")


class WishIn(BaseModel):
    """A small, concrete wish of a resident (微心愿), collected by box, visit or phone."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    grid_id: UUID
    title: str = Field(min_length=1, max_length=60)
    description: str = Field("", max_length=1000)
    channel: WishChannel
    wisher_name: str = Field(min_length=1, max_length=32)  # as the wisher wants it shown
    wisher_subject: str | None = Field(None, max_length=120)  # their account, to confirm themselves


class _WorkStep(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    note: str | None = Field(None, max_length=500)
    evidence: Evidence


class WishStepIn(_WorkStep):
    """``claim``: by a party org (``org_id`` + ``org_name``) and/or party members
    (``member_ids``); ``fulfil``: proof required (evidence)."""

    wish_id: UUID
    org_id: UUID | None = None
    org_name: str | None = Field(None, min_length=1, max_length=64)
    member_ids: list[UUID] = Field(default_factory=list, max_length=20)


class WorkItemOut(TypedDict):
    """A wish, an order or a need: common fields; the rest by kind."""

    id: str
    kind: str  # wish, order, need
    status: str
    title: str
    description: str
    grid_id: str | None
    community_id: str | None
    street_id: str | None
    created_at: str
    updated_at: str
    created_by: str | None
    details: dict  # channel, wisher_name, claimer_*, member_ids, rating, unit_*, effect, source…
    evidence: list[dict]


class WorkStepOut(TypedDict):
    item_id: str
    seq: int
    action: str
    from_status: str | None
    to_status: str
    actor: str | None
    note: str | None
    at: str


# ---- "三单" orders: 居民点单 → 社区派单 → 党员接单 ------------------------------------------------
# RPC: ``place_order(order)``, ``order_step(action, data)``.
ORDER_ACTIONS = ("dispatch", "take", "complete", "confirm", "cancel")


class OrderIn(BaseModel):
    """A resident's order (居民点单): a service they need from party members."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    grid_id: UUID
    title: str = Field(min_length=1, max_length=60)
    description: str = Field("", max_length=1000)
    resident_subject: str | None = Field(None, max_length=120)  # staff placing it by phone


class OrderStepIn(_WorkStep):
    """``take``: the party members who take it (``member_ids``, at least one);
    ``confirm``: the resident's ``rating`` (不满意 sends it back to the takers)."""

    order_id: UUID
    member_ids: list[UUID] = Field(default_factory=list, max_length=20)
    rating: Rating | None = None


# ---- two-way lists (双向清单): community needs ↔ member units' resources ------------------------
# RPC: ``post_need(need)``, ``need_step(action, data)``, ``offer_resource(resource)``,
# ``list_resources(limit, after)``.
# Consumes ``organization``/``meeting.decision_made``: each decision becomes a tracked need
# (source ``meeting``) already claimed by its owner unit.
NEED_ACTIONS = ("claim", "deliver", "close", "check", "withdraw")
Effect = Literal["effective", "partly_effective", "ineffective"]  # 组织问效


class NeedIn(BaseModel):
    """A community's need (需求清单) for member units (驻区单位) to claim."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    street_id: UUID
    community_id: UUID
    title: str = Field(min_length=1, max_length=60)
    description: str = Field("", max_length=1000)
    due_date: date | None = None


class NeedStepIn(_WorkStep):
    """``claim``: by a unit (``unit_org_id`` + ``unit_name``, optionally from its
    ``resource_id``); ``close``: with a ``rating``; ``check``: the org's ``effect``."""

    need_id: UUID
    unit_org_id: UUID | None = None
    unit_name: str | None = Field(None, min_length=1, max_length=64)
    resource_id: UUID | None = None
    rating: Rating | None = None
    effect: Effect | None = None


class ResourceIn(BaseModel):
    """What a member unit offers (资源清单): venues, volunteers, funds, expertise…"""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    unit_org_id: UUID
    unit_name: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=60)
    description: str = Field("", max_length=1000)
    street_id: UUID | None = None  # the paired street/community it serves, if any
    community_id: UUID | None = None


class ResourceOut(TypedDict):
    id: str
    unit_org_id: str
    unit_name: str
    title: str
    description: str
    street_id: str | None
    community_id: str | None
    created_at: str


# ---- lists (Relay connections): filters county staff use ----------------------------------------
class ListFilter(BaseModel):
    """Filters of the paged lists; each list uses the ones that apply to it."""

    model_config = ConfigDict(extra="forbid")

    status: list[str] = Field(default_factory=list, max_length=12)
    level: Level | None = None
    category: str | None = Field(None, max_length=40)
    since: datetime | None = None  # created/reported in [since, until)
    until: datetime | None = None
    street_id: UUID | None = None
    community_id: UUID | None = None
    grid_id: UUID | None = None
    supervised: bool | None = None


# ---- webhooks (事件推送) -------------------------------------------------------------------------
# RPC: ``subscribe_webhook(subscription)`` (county admin; answers the signing secret once),
# ``unsubscribe_webhook(subscription_id)``, ``list_webhooks(limit, after)``,
# ``webhook_deliveries(limit, after, subscription_id, status)``, ``webhook_attempts(delivery_ids)``.
# Every dispatch event is fanned out to the tenant's matching subscriptions (one delivery per
# subscription and event id) and POSTed with ``X-CivicGrid-Signature: sha256=<hex>`` =
# HMAC-SHA256(secret, "<X-CivicGrid-Timestamp>.<body>"); failures retry with backoff.
class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: str = Field(min_length=1, max_length=500, pattern=r"^https?://[^\s/]+(/[^\s]*)?$")
    events: list[str] = Field(min_length=1, max_length=20)  # "case.*", "case.resolved", "*"
    description: str | None = Field(None, max_length=100)

    @field_validator("events")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        import re

        for item in value:
            if not re.fullmatch(r"(\*|[a-z_]+\.(\*|[a-z_]+))", item):
                raise ValueError(f"{item!r} is not an event name or pattern like case.*")
        return value


class WebhookOut(TypedDict):
    id: str
    url: str
    events: list[str]
    description: str | None
    active: bool
    secret_hint: str  # the last four characters
    created_at: str
    secret: NotRequired[str]  # only in subscribe_webhook's answer


class DeliveryOut(TypedDict):
    id: str
    subscription_id: str
    event_id: str
    event_type: str
    status: str  # pending, delivered, failed (gave up)
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: str | None
    delivered_at: str | None
    created_at: str


# ---- Open311 API keys (Open311 接口密钥) ------------------------------------------------------
# RPCs: ``create_open311_key(key)`` (county admin; the answer carries the secret once),
# ``revoke_open311_key(key_id)``, ``list_open311_keys(limit, after)`` (county admin), and
# ``resolve_open311_key(secret)`` (no tenant: answers only the tenant and key of a valid key).
OPEN311_KEY_SCHEME = "o311_"  # every key's secret starts so; a user token never does


class Open311KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    label: str = Field(min_length=1, max_length=60)  # e.g. "12345 热线"


class Open311KeyOut(TypedDict):
    id: str
    label: str
    prefix: str  # the first characters of the secret, to recognise it
    created_by: str | None
    created_at: str
    last_used_at: str | None
    revoked_at: str | None
    secret: NotRequired[str]  # only in create_open311_key's answer


class Open311Caller(TypedDict):
    """What ``resolve_open311_key`` answers for a valid key: the gateway then calls as
    ``Principal(tenant, "open311:<key_id>", ("resident",))``."""

    tenant: str
    key_id: str
    label: str


# ---- notification inbox (消息中心) -----------------------------------------------------------------
# RPC: ``my_notifications(limit, after, unread_only)`` (the caller's, newest first, cursor
# ``<created_at>|<id>``), ``mark_notifications_read(ids)`` → ``{notifications, unread}``.
# Written in the transaction of the step that causes them; see services/dispatch/notifications.py.
NOTICE_REPORTED = "case.reported"  # to the handlers of the level the case starts at
NOTICE_ASSIGNED = "case.assigned"  # accepted at a level other handlers work at: to them
NOTICE_ESCALATED = "case.escalated"  # to the handlers of the new level
NOTICE_SUPERVISED = "case.supervised"  # to the handlers of the case's level
NOTICE_WHISTLED = "case.whistled"  # to each summoned department
NOTICE_ACCEPTED = "case.accepted"  # to the reporter, as the five below
NOTICE_REJECTED = "case.rejected"
NOTICE_MERGED = "case.merged"
NOTICE_RESOLVED = "case.resolved"
NOTICE_VERIFIED = "case.verified"
NOTICE_RATED = "case.rated"
NOTICE_REOPENED = "case.reopened"  # to the reporter and the handlers of the case's level
NOTICE_WHISTLE_OVERDUE = "whistle.overdue"  # a part past its report-by or due time: to its
# department and the street's staff (超时未报到 / 超期未办结)


class NotificationOut(TypedDict):
    id: str
    kind: str  # one of the NOTICE_* names
    case_id: str
    seq: int  # the timeline step that caused it
    audience: str  # "you" (addressed to the caller's subject) or the role addressed
    department_id: str | None
    department_name: str | None
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    created_at: str
    read_at: str | None  # when the caller read it
