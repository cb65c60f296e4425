"""Tables of the organization service."""
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


class County(TenantScoped, Base):
    """The tenant itself (县/县级市/区), registered once; the root of its party organization."""

    __tablename__ = "counties"
    name: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id"),)


def _ref(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"])


class Placed:
    """Place ids (grid service) a row is scoped by; copied, never joined across services."""

    street_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    grid_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)


class Org(Placed, TenantScoped, Base):
    """党组织. ``path`` is the materialized path of ids from the root ("/<hex>/<hex>/"): the whole
    tree is one ordered query, a subtree one LIKE; a dissolved org keeps its row and history."""

    __tablename__ = "orgs"
    parent_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(64))
    type: Mapped[str] = mapped_column(sa.String(32))
    level: Mapped[str] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(12), default="active")
    path: Mapped[str] = mapped_column(sa.String(400))
    depth: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    dissolved_at: Mapped[datetime | None] = mapped_column()
    __table_args__ = (
        _ref("parent_id", "orgs"),
        sa.Index("ix_orgs_tenant_path", "tenant_id", "path"),
        # a name is unique among the active children of one parent (NULL parent: checked in code)
        sa.Index("uq_orgs_active_sibling_name", "tenant_id", "parent_id", "name", unique=True,
                 postgresql_where=sa.text("status = 'active'"), sqlite_where=sa.text("status = 'active'")),
    )


class OrgHistory(TenantScoped, Base):
    """Every change of an org: created, renamed, moved, dissolved (before/after values)."""

    __tablename__ = "org_history"
    org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    action: Mapped[str] = mapped_column(sa.String(16))
    before: Mapped[dict] = mapped_column(sa.JSON)
    after: Mapped[dict] = mapped_column(sa.JSON)
    actor: Mapped[str | None] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("org_id", "orgs"), sa.Index("ix_org_history_org", "tenant_id", "org_id"))


class Officer(TenantScoped, Base):
    """书记/副书记/委员 with a term; ``term_end`` NULL means serving."""

    __tablename__ = "org_officers"
    org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(32))
    role: Mapped[str] = mapped_column(sa.String(20))
    member_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    term_start: Mapped[date] = mapped_column(sa.Date)
    term_end: Mapped[date | None] = mapped_column(sa.Date)
    __table_args__ = (_ref("org_id", "orgs"), _ref("member_id", "party_members"),
                      sa.Index("ix_org_officers_org", "tenant_id", "org_id"))


class Member(Placed, TenantScoped, Base):
    """党员. ID number and phone: SM4-GCM ciphertext, blind index, and a stored mask."""

    __tablename__ = "party_members"
    org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(32))
    id_number_enc: Mapped[str] = mapped_column(sa.String(128))
    id_number_index: Mapped[str] = mapped_column(sa.String(64))
    id_number_masked: Mapped[str] = mapped_column(sa.String(18))
    phone_enc: Mapped[str | None] = mapped_column(sa.String(128))
    phone_masked: Mapped[str | None] = mapped_column(sa.String(11))
    join_date: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(12))
    employer_unit: Mapped[str | None] = mapped_column(sa.String(64))
    in_service: Mapped[bool] = mapped_column(default=False)
    residence_community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("org_id", "orgs"),
                      sa.UniqueConstraint("tenant_id", "id_number_index"),
                      sa.Index("ix_party_members_org", "tenant_id", "org_id"))


class MemberAccessAudit(HashChained, TenantScoped, Base):
    """One row per unmasked read of a member's personal data (who, what, why, when), and one per
    sheet page exported (``member_id`` NULL, ``field`` ``sheet:<sheet>``, the export id, rows and
    filters in ``reason``); append-only and hash-chained per tenant (shared/audit.py)."""

    __tablename__ = "member_access_audit"
    __chain_fields__ = ("subject", "field", "member_id", "reason")
    member_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    subject: Mapped[str] = mapped_column(sa.String(64))
    field: Mapped[str] = mapped_column(sa.String(32))
    reason: Mapped[str] = mapped_column(sa.String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("member_id", "party_members"),
                      sa.Index("ix_member_access_audit_chain", "tenant_id", "seq", unique=True))


class MemberTransfer(TenantScoped, Base):
    """组织关系转接: one row per move of a member between orgs."""

    __tablename__ = "member_transfers"
    member_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    from_org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    to_org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    reason: Mapped[str] = mapped_column(sa.String(200))
    actor: Mapped[str | None] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("member_id", "party_members"), _ref("from_org_id", "orgs"),
                      _ref("to_org_id", "orgs"), sa.Index("ix_member_transfers_member", "tenant_id", "member_id"))


class Registration(TenantScoped, Base):
    """双报到: kind 'member' (member → residence community) or 'unit' (unit org ↔ community)."""

    __tablename__ = "registrations"
    kind: Mapped[str] = mapped_column(sa.String(8))
    member_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    street_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    duties: Mapped[str | None] = mapped_column(sa.String(200))
    pledge: Mapped[str] = mapped_column(sa.String(500))
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("member_id", "party_members"), _ref("org_id", "orgs"),
                      sa.UniqueConstraint("tenant_id", "kind", "member_id", "org_id", "community_id"),
                      sa.Index("ix_registrations_community", "tenant_id", "community_id"))


class Meeting(Placed, TenantScoped, Base):
    """联席会议, convened by an org; place copied from it."""

    __tablename__ = "meetings"
    org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    level: Mapped[str] = mapped_column(sa.String(12))
    held_on: Mapped[date] = mapped_column(sa.Date)
    title: Mapped[str] = mapped_column(sa.String(100))
    attending_units: Mapped[list] = mapped_column(sa.JSON)
    agenda: Mapped[str] = mapped_column(sa.Text)
    minutes: Mapped[str] = mapped_column(sa.Text)
    __table_args__ = (_ref("org_id", "orgs"), sa.Index("ix_meetings_held", "tenant_id", "held_on"))


class Decision(TenantScoped, Base):
    """A decision of a meeting; done when its task is closed."""

    __tablename__ = "meeting_decisions"
    meeting_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    position: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(sa.String(500))
    owner_unit: Mapped[str] = mapped_column(sa.String(64))
    due_date: Mapped[date | None] = mapped_column(sa.Date)
    done_at: Mapped[datetime | None] = mapped_column()
    __table_args__ = (_ref("meeting_id", "meetings"),
                      sa.Index("ix_meeting_decisions_meeting", "tenant_id", "meeting_id"))


class StarPlan(TenantScoped, Base):
    """五星创建: an org's yearly plan (tasks) and, once rated, its stars and reasons."""

    __tablename__ = "star_plans"
    org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    year: Mapped[int] = mapped_column()
    tasks: Mapped[list] = mapped_column(sa.JSON)
    stars: Mapped[int | None] = mapped_column()
    reasons: Mapped[str | None] = mapped_column(sa.String(1000))
    demonstration_title: Mapped[str | None] = mapped_column(sa.String(64))  # 示范称号, e.g. 五星级党组织
    evaluated_at: Mapped[datetime | None] = mapped_column()
    __table_args__ = (_ref("org_id", "orgs"), sa.UniqueConstraint("tenant_id", "org_id", "year"))


class MemberUnit(TenantScoped, Base):
    """A unit's party org as a member unit of a community's big party committee (大党委) or a
    street's big working committee (大工委); ``category`` X (stationed agency/institution) or N
    (firm/social organization) of "1+1+X+N"."""

    __tablename__ = "member_units"
    committee_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    unit_org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    category: Mapped[str] = mapped_column(sa.String(1))
    joined_on: Mapped[date] = mapped_column(sa.Date)
    __table_args__ = (_ref("committee_id", "orgs"), _ref("unit_org_id", "orgs"),
                      sa.UniqueConstraint("tenant_id", "committee_id", "unit_org_id"))


class CommitteeProject(TenantScoped, Base):
    """A project led by a part-time committee member (兼职委员) in a year, with its progress."""

    __tablename__ = "committee_projects"
    committee_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    officer_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    year: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(100))
    progress: Mapped[int] = mapped_column(default=0)
    note: Mapped[str | None] = mapped_column(sa.String(500))
    __table_args__ = (_ref("committee_id", "orgs"), _ref("officer_id", "org_officers"),
                      sa.Index("ix_committee_projects_officer", "tenant_id", "officer_id", "year"))


class Deliberation(Placed, TenantScoped, Base):
    """协商议事: a topic of an org moving through six steps; ``step`` is the last one done."""

    __tablename__ = "deliberations"
    org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    title: Mapped[str] = mapped_column(sa.String(100))
    description: Mapped[str] = mapped_column(sa.String(2000))
    step: Mapped[str] = mapped_column(sa.String(16))
    adopted: Mapped[bool | None] = mapped_column()
    __table_args__ = (_ref("org_id", "orgs"), sa.Index("ix_deliberations_org", "tenant_id", "org_id"))


class DeliberationStep(TenantScoped, Base):
    """Who did which step of a deliberation when, with notes and (for the vote) the tally."""

    __tablename__ = "deliberation_steps"
    deliberation_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    step: Mapped[str] = mapped_column(sa.String(16))
    actor: Mapped[str | None] = mapped_column(sa.String(64))
    note: Mapped[str] = mapped_column(sa.String(2000))
    votes: Mapped[dict | None] = mapped_column(sa.JSON)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("deliberation_id", "deliberations"),
                      sa.UniqueConstraint("tenant_id", "deliberation_id", "step"))


class ServiceRecord(TenantScoped, Base):
    """One service a member gave (服务记录), from other services' events: a case they handled
    (dispatch ``case.resolved``), a wish or 三单 order, hours confirmed by volunteer. Unique per source, so a redelivered event counts once."""

    __tablename__ = "member_service_records"
    member_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    source: Mapped[str] = mapped_column(sa.String(16))
    source_id: Mapped[str] = mapped_column(sa.String(64))
    detail: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column()
    hours: Mapped[float | None] = mapped_column(sa.Float)  # confirmed volunteer hours (activity)
    __table_args__ = (_ref("member_id", "party_members"),
                      sa.UniqueConstraint("tenant_id", "member_id", "source", "source_id"),
                      sa.Index("ix_member_service_records_at", "tenant_id", "at"))


class Venue(Placed, TenantScoped, Base):
    """党群服务中心/驿站: location (WGS-84), opening hours, and the standards it meets."""

    __tablename__ = "venues"
    org_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(16))
    lng: Mapped[float] = mapped_column(sa.Float)
    lat: Mapped[float] = mapped_column(sa.Float)
    opening_hours: Mapped[str] = mapped_column(sa.String(100))
    met_codes: Mapped[list] = mapped_column(sa.JSON, default=list)
    checked_at: Mapped[datetime | None] = mapped_column()
    __table_args__ = (_ref("org_id", "orgs"), sa.UniqueConstraint("tenant_id", "name"))


class VenueStandard(TenantScoped, Base):
    """One requirement of the tenant's venue standards checklist (e.g. 60 requirements in 5 classes)."""

    __tablename__ = "venue_standards"
    code: Mapped[str] = mapped_column(sa.String(16))
    class_name: Mapped[str] = mapped_column(sa.String(32))
    text: Mapped[str] = mapped_column(sa.String(200))
    __table_args__ = (sa.UniqueConstraint("tenant_id", "code"),)


class StarFormula(TenantScoped, Base):
    """The tenant's formula for the suggested star rating (星级评定建议): weights of five figures
    (0–100 each), the per-member targets that count as full marks, and the score thresholds of
    2–5 stars. Appended, never edited: the latest row applies, earlier rows are the history."""

    __tablename__ = "star_formulas"
    weight_satisfaction: Mapped[int] = mapped_column()
    weight_on_time: Mapped[int] = mapped_column()
    weight_services: Mapped[int] = mapped_column()
    weight_hours: Mapped[int] = mapped_column()
    weight_registration: Mapped[int] = mapped_column()
    target_services: Mapped[float] = mapped_column(sa.Float)  # services per member per year
    target_hours: Mapped[float] = mapped_column(sa.Float)  # volunteer hours per member per year
    thresholds: Mapped[list] = mapped_column(sa.JSON)  # minimum scores of 2, 3, 4, 5 stars
    set_by: Mapped[str | None] = mapped_column(sa.String(64))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
