"""Tables of the dispatch service."""
from __future__ import annotations

import uuid
from datetime import datetime

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
    __table_args__ = (sa.Index("ix_cases_tenant_grid", "tenant_id", "grid_id"),)
