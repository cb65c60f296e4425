"""Tables of the dispatch service."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import TenantScoped, service_base, utcnow
from shared.idempotency import rpc_replies_table
from shared.outbox import messaging_tables

Base = service_base()
outbox, inbox = messaging_tables(Base.metadata)
rpc_replies = rpc_replies_table(Base.metadata)  # keys of applied RPCs (shared/idempotency.py)


class Case(TenantScoped, Base):
    """事件/诉求. Street and community are copied from the grid at intake for scope filtering."""

    __tablename__ = "cases"
    grid_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    category: Mapped[str] = mapped_column(sa.String(40))
    description: Mapped[str] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.String(16))
    status: Mapped[str] = mapped_column(sa.String(16), default="reported")
    reporter: Mapped[str | None] = mapped_column(sa.String(120))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    # the closed loop: the level handling it, the current deadline and its step (bumped by every
    # new deadline, so supervision of one step happens once), the outcome
    level: Mapped[str | None] = mapped_column(sa.String(16))
    due_at: Mapped[datetime | None]
    deadline_step: Mapped[int] = mapped_column(default=0, server_default=sa.text("0"))
    resolved_at: Mapped[datetime | None]
    resolved_on_time: Mapped[bool | None]
    handler_member_ids: Mapped[list | None] = mapped_column(sa.JSON)
    rating: Mapped[str | None] = mapped_column(sa.String(24))
    merged_into: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    supervised_step: Mapped[int | None]  # the deadline step last flagged for supervision (督办)
    # intake: the exact place, anonymity towards handlers, and where routing sent it
    compound_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    building_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    longitude: Mapped[float | None]
    latitude: Mapped[float | None]
    address: Mapped[str | None] = mapped_column(sa.String(200))
    anonymous: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    routed_department_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    routed_department_name: Mapped[str | None] = mapped_column(sa.String(64))
    # 幂等键: the reporting client's key (unique per tenant) and a hash of what it reported, so a
    # retried or redelivered report finds its case and another report under the key is refused
    client_request_id: Mapped[str | None] = mapped_column(sa.String(64))
    client_request_hash: Mapped[str | None] = mapped_column(sa.String(64))
    __table_args__ = (sa.UniqueConstraint("tenant_id", "client_request_id"),
                      sa.Index("ix_cases_tenant_grid", "tenant_id", "grid_id"),
                      # likely duplicates: same category and compound, recent
                      sa.Index("ix_cases_tenant_category_compound", "tenant_id", "category",
                               "compound_id", "reported_at"),
                      sa.Index("ix_cases_tenant_grid_category", "tenant_id", "grid_id", "category",
                               "reported_at"),
                      sa.Index("ix_cases_tenant_reported", "tenant_id", "reported_at"))


def _ref(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"])


class CaseTimeline(TenantScoped, Base):
    """One step of a case's closed loop (事件流转记录): who did what, when, and why."""

    __tablename__ = "case_timeline"
    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    seq: Mapped[int]
    action: Mapped[str] = mapped_column(sa.String(16))
    from_status: Mapped[str | None] = mapped_column(sa.String(16))
    to_status: Mapped[str] = mapped_column(sa.String(16))
    level: Mapped[str | None] = mapped_column(sa.String(16))
    actor: Mapped[str | None] = mapped_column(sa.String(120))
    note: Mapped[str | None] = mapped_column(sa.String(500))
    details: Mapped[dict | None] = mapped_column(sa.JSON)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # (case, seq) unique: two concurrent transitions of one case cannot both be written
    __table_args__ = (_ref("case_id", "cases"), sa.UniqueConstraint("tenant_id", "case_id", "seq"))


class Supervision(TenantScoped, Base):
    """督办: an overdue case flagged once per deadline step, whatever the number of replicas."""

    __tablename__ = "supervisions"
    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    step: Mapped[int]
    level: Mapped[str] = mapped_column(sa.String(16))
    due_at: Mapped[datetime]
    flagged_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("case_id", "cases"), sa.UniqueConstraint("tenant_id", "case_id", "step"))


class CalendarDay(TenantScoped, Base):
    """A tenant's override of the national working-day calendar (工作日历调整)."""

    __tablename__ = "calendar_days"
    day: Mapped[date] = mapped_column(sa.Date)
    working: Mapped[bool]
    note: Mapped[str | None] = mapped_column(sa.String(100))
    __table_args__ = (sa.UniqueConstraint("tenant_id", "day"),)


class WhistlePart(TenantScoped, Base):
    """One department summoned by a street for a case (吹哨报到): report, then resolve its part."""

    __tablename__ = "whistle_parts"
    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    department_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    department_name: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(16), default="summoned")
    summoned_by: Mapped[str | None] = mapped_column(sa.String(120))
    summoned_at: Mapped[datetime] = mapped_column(default=utcnow)
    respond_by: Mapped[datetime]
    due_at: Mapped[datetime]
    reported_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    handler_member_ids: Mapped[list | None] = mapped_column(sa.JSON)
    # marked once by the overdue sweep (supervision.py): not reported by respond_by (超时未报到),
    # not resolved by due_at (超期未办结)
    response_overdue_at: Mapped[datetime | None]
    resolve_overdue_at: Mapped[datetime | None]
    __table_args__ = (_ref("case_id", "cases"),
                      sa.Index("ix_whistle_parts_tenant_department", "tenant_id", "department_id"),
                      sa.Index("ix_whistle_parts_tenant_case", "tenant_id", "case_id"))


class CaseEvidence(TenantScoped, Base):
    """An attachment reference with its content hash (证据), added on a step of the case."""

    __tablename__ = "case_evidence"
    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    seq: Mapped[int]  # the timeline step it came with
    uri: Mapped[str] = mapped_column(sa.String(500))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    media_type: Mapped[str] = mapped_column(sa.String(60))
    name: Mapped[str | None] = mapped_column(sa.String(120))
    added_by: Mapped[str | None] = mapped_column(sa.String(120))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("case_id", "cases"), sa.UniqueConstraint("tenant_id", "case_id", "sha256"))


class CategoryRule(TenantScoped, Base):
    """A county's case category (事件分类) and its routing rule (分拨规则)."""

    __tablename__ = "category_rules"
    code: Mapped[str] = mapped_column(sa.String(40))
    name: Mapped[str] = mapped_column(sa.String(40))
    parent_code: Mapped[str | None] = mapped_column(sa.String(40))
    start_level: Mapped[str] = mapped_column(sa.String(16))
    department_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    department_name: Mapped[str | None] = mapped_column(sa.String(64))
    respond_within_hours: Mapped[int]
    resolve_within_workdays: Mapped[int]
    deadline_workdays: Mapped[dict | None] = mapped_column(sa.JSON)
    active: Mapped[bool]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "code"),)


class WorkItem(TenantScoped, Base):
    """A micro-wish (微心愿), a "三单" order or a community need (需求清单): small state machines
    sharing one table; ``details`` holds what is particular to the kind."""

    __tablename__ = "work_items"
    kind: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(60))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    grid_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    street_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    created_by: Mapped[str | None] = mapped_column(sa.String(120))
    owner: Mapped[str | None] = mapped_column(sa.String(120))  # the wisher / resident who confirms
    source_ref: Mapped[str | None] = mapped_column(sa.String(80))  # e.g. meeting:<decision id>
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    evidence: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "kind", "source_ref"),
                      sa.Index("ix_work_items_tenant_kind_created", "tenant_id", "kind", "created_at"))


class WorkStep(TenantScoped, Base):
    """One step of a wish, order or need (流转记录)."""

    __tablename__ = "work_steps"
    item_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    seq: Mapped[int]
    action: Mapped[str] = mapped_column(sa.String(16))
    from_status: Mapped[str | None] = mapped_column(sa.String(16))
    to_status: Mapped[str] = mapped_column(sa.String(16))
    actor: Mapped[str | None] = mapped_column(sa.String(120))
    note: Mapped[str | None] = mapped_column(sa.String(500))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("item_id", "work_items"), sa.UniqueConstraint("tenant_id", "item_id", "seq"))


class UnitResource(TenantScoped, Base):
    """What a member unit offers (资源清单)."""

    __tablename__ = "unit_resources"
    unit_org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    unit_name: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(60))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    street_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookSubscription(TenantScoped, Base):
    """A county's webhook (事件推送): its SMS or WeChat gateway gets matching events, signed."""

    __tablename__ = "webhook_subscriptions"
    url: Mapped[str] = mapped_column(sa.String(500))
    events: Mapped[list] = mapped_column(sa.JSON)
    description: Mapped[str | None] = mapped_column(sa.String(100))
    secret: Mapped[str] = mapped_column(sa.String(64))
    active: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[str | None] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(TenantScoped, Base):
    """One event for one subscription: created once (unique), retried until delivered or given up."""

    __tablename__ = "webhook_deliveries"
    subscription_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    event_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    event_type: Mapped[str] = mapped_column(sa.String(100))
    payload: Mapped[dict] = mapped_column(sa.JSON)
    status: Mapped[str] = mapped_column(sa.String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
    delivered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("subscription_id", "webhook_subscriptions"),
                      sa.UniqueConstraint("tenant_id", "subscription_id", "event_id"),
                      sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"))


class WebhookAttempt(TenantScoped, Base):
    """The delivery log: every POST tried, with its answer."""

    __tablename__ = "webhook_attempts"
    delivery_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    attempt: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(sa.String(300))
    duration_ms: Mapped[int]
    __table_args__ = (_ref("delivery_id", "webhook_deliveries"),)


class Notification(TenantScoped, Base):
    """消息中心: one notice of one timeline step for one recipient — a person (``subject``, the
    token's ``sub``: the reporter) or an audience (``role`` within the case's place: the grid's
    workers, a street's staff, a summoned department). Unique per (step, recipient), so a step
    never notifies anyone twice. Title and summary carry no personal data."""

    __tablename__ = "notifications"
    recipient: Mapped[str] = mapped_column(sa.String(160))  # subject:<sub> | role:<role> | department:<id>
    subject: Mapped[str | None] = mapped_column(sa.String(120))
    role: Mapped[str | None] = mapped_column(sa.String(32))
    department_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    department_name: Mapped[str | None] = mapped_column(sa.String(64))
    actor: Mapped[str | None] = mapped_column(sa.String(120))  # whose step: never told of it
    # the case's place: an audience member sees the notice when it is in their data scope
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    grid_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    kind: Mapped[str] = mapped_column(sa.String(40))
    case_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    seq: Mapped[int]  # the timeline step that caused it
    title_zh: Mapped[str] = mapped_column(sa.String(100))
    title_en: Mapped[str] = mapped_column(sa.String(160))
    summary_zh: Mapped[str] = mapped_column(sa.String(300))
    summary_en: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("case_id", "cases"),
                      sa.UniqueConstraint("tenant_id", "case_id", "seq", "recipient"),
                      sa.Index("ix_notifications_tenant_subject", "tenant_id", "subject", "created_at"),
                      sa.Index("ix_notifications_tenant_role", "tenant_id", "role", "created_at"))


class NotificationRead(TenantScoped, Base):
    """已读: a person has read a notice (per reader, so one grid worker reading the grid's notice
    leaves it unread for the others)."""

    __tablename__ = "notification_reads"
    notification_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    reader: Mapped[str] = mapped_column(sa.String(120))
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("notification_id", "notifications"),
                      sa.UniqueConstraint("tenant_id", "notification_id", "reader"))


class Open311Key(TenantScoped, Base):
    """A county's Open311 API key (Open311 接口密钥) for a hotline system or citizen app: only the
    SHA-256 of the secret is kept; ``prefix`` (its first characters) names it in lists."""

    __tablename__ = "open311_keys"
    label: Mapped[str] = mapped_column(sa.String(60))
    prefix: Mapped[str] = mapped_column(sa.String(16))
    key_hash: Mapped[str] = mapped_column(sa.String(64))
    created_by: Mapped[str | None] = mapped_column(sa.String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # a request names no county: its key is found by hash before the tenant is known, so the
    # hash is unique across tenants (the one index not led by tenant_id)
    __table_args__ = (sa.Index("ix_open311_keys_key_hash", "key_hash", unique=True),)
