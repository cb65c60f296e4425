"""Tables of the grid service. Composite keys (tenant_id, id) make every reference tenant-local."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import TenantScoped, service_base, utcnow
from shared.outbox import messaging_tables

Base = service_base()
outbox, inbox = messaging_tables(Base.metadata)


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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("community_id", "communities"), _ref("compound_id", "compounds"),
                      sa.UniqueConstraint("tenant_id", "community_id", "name"),
                      sa.Index("ix_grids_tenant_street", "tenant_id", "street_id"))
