"""Tables of the dispatch service."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import TenantScoped, service_base, utcnow
from shared.outbox import messaging_tables

Base = service_base()
outbox, inbox = messaging_tables(Base.metadata)


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
    __table_args__ = (sa.Index("ix_cases_tenant_grid", "tenant_id", "grid_id"),)


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
    __table_args__ = (_ref("case_id", "cases"),
                      sa.Index("ix_whistle_parts_tenant_department", "tenant_id", "department_id"),
                      sa.Index("ix_whistle_parts_tenant_case", "tenant_id", "case_id"))
