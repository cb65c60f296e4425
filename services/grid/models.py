"""Tables of the grid service. Composite keys (tenant_id, id) make every reference tenant-local."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shared.audit import HashChained
from shared.db import TenantScoped, service_base, utcnow
from shared.idempotency import rpc_replies_table
from shared.outbox import messaging_tables

Base = service_base()
outbox, inbox = messaging_tables(Base.metadata)
rpc_replies = rpc_replies_table(Base.metadata)  # keys of applied RPCs (shared/idempotency.py)


def _ref(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"])


class Street(TenantScoped, Base):
    """街道/镇."""

    __tablename__ = "streets"
    name: Mapped[str] = mapped_column(sa.String(64))
    code: Mapped[str | None] = mapped_column(sa.String(9))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "name"),)


class Community(TenantScoped, Base):
    """社区/村."""

    __tablename__ = "communities"
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(64))
    code: Mapped[str | None] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("street_id", "streets"), sa.UniqueConstraint("tenant_id", "street_id", "name"))


class Compound(TenantScoped, Base):
    """小区."""

    __tablename__ = "compounds"
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("community_id", "communities"),
                      sa.UniqueConstraint("tenant_id", "community_id", "name"))


class Building(TenantScoped, Base):
    """楼栋. ``households`` is the count until households are registered one by one."""

    __tablename__ = "buildings"
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(64))
    households: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("compound_id", "compounds"),
                      sa.UniqueConstraint("tenant_id", "compound_id", "name"))


class Grid(TenantScoped, Base):
    """网格. ``open_case_count`` is kept from dispatch's ``case.reported`` events."""

    __tablename__ = "grids"
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(16), default="community")
    open_case_count: Mapped[int] = mapped_column(default=0)
    household_count: Mapped[int] = mapped_column(default=0, server_default="0")
    boundary: Mapped[dict | None] = mapped_column(sa.JSON)
    retired_at: Mapped[datetime | None]  # merged away (撤并); the row stays for history
    merged_into: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("community_id", "communities"), _ref("compound_id", "compounds"),
                      sa.UniqueConstraint("tenant_id", "community_id", "name"),
                      sa.Index("ix_grids_tenant_street", "tenant_id", "street_id"))


class Household(TenantScoped, Base):
    """户: a dwelling or shop in a building, in exactly one grid (无缝覆盖)."""

    __tablename__ = "households"
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    building_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    grid_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    unit: Mapped[str] = mapped_column(sa.String(16))
    floor: Mapped[int]
    room: Mapped[str] = mapped_column(sa.String(16))
    kind: Mapped[str] = mapped_column(sa.String(16), default="owned")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("building_id", "buildings"), _ref("grid_id", "grids"),
                      sa.UniqueConstraint("tenant_id", "building_id", "unit", "room"),
                      sa.Index("ix_households_tenant_grid", "tenant_id", "grid_id"))


class Resident(TenantScoped, Base):
    """居民. ID number and phone are SM4 ciphertexts plus blind indexes (shared.personal_data)."""

    __tablename__ = "residents"
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    grid_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    household_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(32))
    id_number_enc: Mapped[str] = mapped_column(sa.String(200))
    id_number_index: Mapped[str] = mapped_column(sa.String(64))
    phone_enc: Mapped[str | None] = mapped_column(sa.String(200))
    phone_index: Mapped[str | None] = mapped_column(sa.String(64))
    gender: Mapped[str] = mapped_column(sa.String(8))
    birth_date: Mapped[date]
    residency: Mapped[str] = mapped_column(sa.String(16))
    special_groups: Mapped[list] = mapped_column(sa.JSON, default=list)
    needs_review: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("household_id", "households"), _ref("grid_id", "grids"),
                      sa.UniqueConstraint("tenant_id", "id_number_index"),
                      sa.Index("ix_residents_tenant_grid", "tenant_id", "grid_id"))


class ResidentAccessAudit(HashChained, TenantScoped, Base):
    """Every unmasked read of a resident's ID number or phone (个人信息访问审计); append-only and
    hash-chained per tenant (shared/audit.py)."""

    __tablename__ = "resident_access_audit"
    __chain_fields__ = ("subject", "field", "record_id", "reason")
    subject: Mapped[str] = mapped_column(sa.String(128))
    field: Mapped[str] = mapped_column(sa.String(32))
    record_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    reason: Mapped[str] = mapped_column(sa.String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.Index("ix_resident_access_audit_tenant_record", "tenant_id", "record_id"),
                      sa.Index("ix_resident_access_audit_chain", "tenant_id", "seq", unique=True))


class DataExport(TenantScoped, Base):
    """One sheet export (台账导出记录): who took which rows out, with what filters; ``id`` is the
    export's id, so its pages add up in one row."""

    __tablename__ = "data_exports"
    subject: Mapped[str] = mapped_column(sa.String(128))
    sheet: Mapped[str] = mapped_column(sa.String(32))
    filters: Mapped[dict] = mapped_column(sa.JSON)
    unmasked: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    rows: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Post(TenantScoped, Base):
    """A post of the seven-level roster (七级组织体系) held by one person at one place."""

    __tablename__ = "roster_posts"
    level: Mapped[str] = mapped_column(sa.String(32))
    holder_name: Mapped[str] = mapped_column(sa.String(32))
    holder_key: Mapped[str] = mapped_column(sa.String(64))
    holder_phone_enc: Mapped[str | None] = mapped_column(sa.String(200))  # 联系电话 (SM4), from the roster sheet
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    grid_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    building_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    unit: Mapped[str | None] = mapped_column(sa.String(16))
    floor: Mapped[str | None] = mapped_column(sa.String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("community_id", "communities"), _ref("grid_id", "grids"),
                      _ref("building_id", "buildings"), _ref("compound_id", "compounds"),
                      sa.Index("ix_roster_posts_tenant_grid", "tenant_id", "grid_id"))


class StaffingSetting(TenantScoped, Base):
    """The tenant's staffing model (配备模式), one row per tenant."""

    __tablename__ = "staffing_settings"
    model: Mapped[str] = mapped_column(sa.String(32))
    visit_quota: Mapped[int] = mapped_column(default=3, server_default="3")
    rating: Mapped[dict | None] = mapped_column(sa.JSON)  # weights and thresholds; None = defaults
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id"),)


class CadreAssignment(TenantScoped, Base):
    """A cadre sunk into a place (定格入网): leader→community, department→compound, cadre→building."""

    __tablename__ = "cadre_assignments"
    subject: Mapped[str] = mapped_column(sa.String(128))
    name: Mapped[str] = mapped_column(sa.String(32))
    kind: Mapped[str] = mapped_column(sa.String(16))
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    building_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("community_id", "communities"), _ref("compound_id", "compounds"),
                      _ref("building_id", "buildings"),
                      sa.Index("ix_cadre_assignments_tenant_street", "tenant_id", "street_id"))


class Emergency(TenantScoped, Base):
    """An emergency activation (一键启动) over the county, a street or a community."""

    __tablename__ = "emergencies"
    scope_level: Mapped[str] = mapped_column(sa.String(16))
    scope_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    reason: Mapped[str] = mapped_column(sa.String(200))
    activated_by: Mapped[str] = mapped_column(sa.String(128))
    task_count: Mapped[int] = mapped_column(default=0)
    activated_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


class EmergencyCommunity(TenantScoped, Base):
    """Tasks and acknowledgements of one community in one emergency, counted as they happen: the
    row lock orders concurrent acknowledgements in the community, so every
    ``emergency.acknowledged`` event carries its community's exact count. The emergency's total is
    the sum over its communities (no single hot row for the whole county)."""

    __tablename__ = "emergency_communities"
    emergency_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    tasks: Mapped[int] = mapped_column(default=0)
    acknowledged: Mapped[int] = mapped_column(default=0)
    __table_args__ = (_ref("emergency_id", "emergencies"),
                      sa.UniqueConstraint("tenant_id", "emergency_id", "community_id"))


class EmergencyTask(TenantScoped, Base):
    """One cadre's call to their assigned place during an emergency; acknowledged by them."""

    __tablename__ = "emergency_tasks"
    emergency_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    assignment_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    subject: Mapped[str] = mapped_column(sa.String(128))
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    acknowledged_at: Mapped[datetime | None]
    __table_args__ = (_ref("emergency_id", "emergencies"),
                      sa.Index("ix_emergency_tasks_tenant_emergency", "tenant_id", "emergency_id",
                               "community_id"))


class Visit(TenantScoped, Base):
    """A door-to-door visit (入户走访) to a household by a grid worker."""

    __tablename__ = "visits"
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    grid_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    household_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    visitor: Mapped[str] = mapped_column(sa.String(128))
    visited_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("household_id", "households"), _ref("grid_id", "grids"),
                      sa.Index("ix_visits_tenant_grid_time", "tenant_id", "grid_id", "visited_at"),
                      sa.Index("ix_visits_tenant_household", "tenant_id", "household_id"))


class GridQuarterFigures(TenantScoped, Base):
    """Case figures of one grid in one quarter (e.g. ``2026Q4``, China time), kept from dispatch
    events for the quarterly rating."""

    __tablename__ = "grid_quarter_figures"
    grid_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    quarter: Mapped[str] = mapped_column(sa.String(6))
    reported: Mapped[int] = mapped_column(default=0)
    closed: Mapped[int] = mapped_column(default=0)
    overdue: Mapped[int] = mapped_column(default=0)
    rated: Mapped[int] = mapped_column(default=0)
    unsatisfied: Mapped[int] = mapped_column(default=0)
    __table_args__ = (_ref("grid_id", "grids"), sa.UniqueConstraint("tenant_id", "grid_id", "quarter"))


class GridHistory(TenantScoped, Base):
    """What happened to a grid's coverage (网格调整记录): split off, split from, merged, absorbed."""

    __tablename__ = "grid_history"
    grid_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    action: Mapped[str] = mapped_column(sa.String(16))
    other_grid_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    households: Mapped[int]
    residents: Mapped[int]
    actor: Mapped[str] = mapped_column(sa.String(128))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("grid_id", "grids"), sa.Index("ix_grid_history_tenant_grid", "tenant_id", "grid_id"))
