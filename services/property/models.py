"""Tables of the property service (红色物业). Composite keys (tenant_id, id) keep references
tenant-local; compounds belong to the grid service and are kept here by id and name only."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import TenantScoped, service_base, utcnow
from shared.idempotency import rpc_replies_table
from shared.errors import Forbidden
from shared.outbox import messaging_tables

Base = service_base()
outbox, inbox = messaging_tables(Base.metadata)
rpc_replies = rpc_replies_table(Base.metadata)  # keys of applied RPCs (shared/idempotency.py)


def _ref(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"])


class Company(TenantScoped, Base):
    """物业企业. The contact phone is stored encrypted and shown masked only."""

    __tablename__ = "companies"
    name: Mapped[str] = mapped_column(sa.String(64))
    credit_code: Mapped[str] = mapped_column(sa.String(18))
    contact_name: Mapped[str] = mapped_column(sa.String(64))
    contact_phone_cipher: Mapped[str] = mapped_column(sa.String(200))
    contact_phone_masked: Mapped[str] = mapped_column(sa.String(20))
    coverage: Mapped[str] = mapped_column(sa.String(16))
    branch_name: Mapped[str | None] = mapped_column(sa.String(64))
    instructor_name: Mapped[str | None] = mapped_column(sa.String(64))
    barred_until: Mapped[date | None] = mapped_column(sa.Date)
    credit_seq: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "credit_code"),)


class ManagementContract(TenantScoped, Base):
    """A company managing a compound for a contract period (物业服务合同)."""

    __tablename__ = "management_contracts"
    company_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_name: Mapped[str] = mapped_column(sa.String(64))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    __table_args__ = (_ref("company_id", "companies"),
                      sa.Index("ix_contracts_tenant_compound", "tenant_id", "compound_id"))


class CreditEntry(TenantScoped, Base):
    """信用档案 entry: appended, never edited (an ORM guard below refuses updates and deletes)."""

    __tablename__ = "credit_entries"
    company_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    seq: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(sa.String(16))
    summary: Mapped[str] = mapped_column(sa.String(500))
    score: Mapped[float | None] = mapped_column(sa.Float)
    source_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    recorded_by: Mapped[str | None] = mapped_column(sa.String(64))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("company_id", "companies"),
                      sa.UniqueConstraint("tenant_id", "company_id", "seq"))


@event.listens_for(CreditEntry, "before_update")
@event.listens_for(CreditEntry, "before_delete")
def _credit_file_is_append_only(_mapper, _conn, _target):
    raise Forbidden("credit file entries are never edited", "信用档案条目不可修改")


class CompoundMode(TenantScoped, Base):
    """How a compound is managed: company, self-managed or none (三无小区, with fallback)."""

    __tablename__ = "compound_modes"
    compound_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_name: Mapped[str] = mapped_column(sa.String(64))
    mode: Mapped[str] = mapped_column(sa.String(16))
    company_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    fallback_kind: Mapped[str | None] = mapped_column(sa.String(16))
    fallback_provider: Mapped[str | None] = mapped_column(sa.String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("company_id", "companies"), sa.UniqueConstraint("tenant_id", "compound_id"))


class FundingEntry(TenantScoped, Base):
    """Fallback-service money: income by source or spending, in fen."""

    __tablename__ = "funding_entries"
    compound_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    on: Mapped[date] = mapped_column(sa.Date)
    direction: Mapped[str] = mapped_column(sa.String(8))
    source: Mapped[str | None] = mapped_column(sa.String(16))
    amount_fen: Mapped[int] = mapped_column(sa.BigInteger)
    note: Mapped[str | None] = mapped_column(sa.String(500))
    __table_args__ = (sa.Index("ix_funding_tenant_compound_on", "tenant_id", "compound_id", "on"),)


class Committee(TenantScoped, Base):
    """业委会 (owners) or 物管会 (management) of a compound, for one term."""

    __tablename__ = "committees"
    compound_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    compound_name: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(16))
    term_starts: Mapped[date] = mapped_column(sa.Date)
    term_ends: Mapped[date] = mapped_column(sa.Date)
    branch_name: Mapped[str | None] = mapped_column(sa.String(64))
    __table_args__ = (sa.Index("ix_committees_tenant_compound", "tenant_id", "compound_id"),)


class CommitteeMember(TenantScoped, Base):
    __tablename__ = "committee_members"
    committee_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    name: Mapped[str] = mapped_column(sa.String(64))
    role: Mapped[str] = mapped_column(sa.String(16))
    party_member: Mapped[bool] = mapped_column(default=False)
    branch_post: Mapped[str | None] = mapped_column(sa.String(64))
    __table_args__ = (_ref("committee_id", "committees"),)


class NegativeItem(TenantScoped, Base):
    """One of the tenant's 十不宜 items."""

    __tablename__ = "negative_items"
    code: Mapped[str] = mapped_column(sa.String(16))
    text: Mapped[str] = mapped_column(sa.String(200))
    __table_args__ = (sa.UniqueConstraint("tenant_id", "code"),)


class CandidateReview(TenantScoped, Base):
    __tablename__ = "candidate_reviews"
    committee_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    candidate_name: Mapped[str] = mapped_column(sa.String(64))
    eligible: Mapped[bool] = mapped_column()
    hits: Mapped[list] = mapped_column(sa.JSON)
    note: Mapped[str | None] = mapped_column(sa.String(500))
    reviewed_by: Mapped[str | None] = mapped_column(sa.String(64))
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("committee_id", "committees"),)



# the oversight and community tables live beside; importing registers them on Base
from services.property import community_models, oversight_models  # noqa: E402,F401
