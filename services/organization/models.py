"""Tables of the organization service."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shared.db import TenantScoped, service_base, utcnow
from shared.outbox import messaging_tables

Base = service_base()
outbox, inbox = messaging_tables(Base.metadata)


class County(TenantScoped, Base):
    """The tenant itself (县/县级市/区), registered once; the root of its party organization."""

    __tablename__ = "counties"
    name: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id"),)
