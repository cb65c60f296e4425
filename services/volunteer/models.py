"""Tables of the volunteer service. Composite keys (tenant_id, id) make every reference tenant-local.

The ledger is double-entry: a :class:`PointTransaction` holds :class:`Entry` rows whose amounts
sum to zero. Balances are sums of entries and are never stored.
"""
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


def _ref(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id", column], [f"{table}.tenant_id", f"{table}.id"])


class Team(TenantScoped, Base):
    """志愿服务队."""

    __tablename__ = "teams"
    name: Mapped[str] = mapped_column(sa.String(64))
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "name"),)


class Volunteer(TenantScoped, Base):
    """志愿者: a resident or a party member (``member_id`` from the organization roster);
    ``subject`` is the user account (token ``sub``) that may act as this volunteer."""

    __tablename__ = "volunteers"
    name: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(16))
    member_id: Mapped[str | None] = mapped_column(sa.String(64))
    team_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    community_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    # places the volunteer serves in (grid service ids): leaderboards and data scope use them
    street_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    grid_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    subject: Mapped[str | None] = mapped_column(sa.String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("team_id", "teams"), sa.UniqueConstraint("tenant_id", "member_id"),
                      sa.UniqueConstraint("tenant_id", "subject"),
                      sa.Index("ix_volunteers_tenant_community", "tenant_id", "community_id"),
                      sa.Index("ix_volunteers_tenant_grid", "tenant_id", "grid_id"))


class Account(TenantScoped, Base):
    """A points account: ``volunteer:<id>``, the tenant's ``issuance`` account or the ``store``."""

    __tablename__ = "accounts"
    key: Mapped[str] = mapped_column(sa.String(64))
    kind: Mapped[str] = mapped_column(sa.String(16))
    volunteer_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "key"), _ref("volunteer_id", "volunteers"))


class PointTransaction(TenantScoped, Base):
    """One balanced movement of points, named by its source; ``reverses_id`` for corrections."""

    __tablename__ = "point_transactions"
    source_type: Mapped[str] = mapped_column(sa.String(16))
    source_id: Mapped[str] = mapped_column(sa.String(64))
    reason: Mapped[str | None] = mapped_column(sa.String(200))
    occurred_on: Mapped[date] = mapped_column(sa.Date)
    reverses_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("reverses_id", "point_transactions"),
                      sa.UniqueConstraint("tenant_id", "source_type", "source_id"))


class Entry(TenantScoped, Base):
    """One leg of a transaction. The same source event never posts twice to one account."""

    __tablename__ = "entries"
    transaction_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    account_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    source_type: Mapped[str] = mapped_column(sa.String(16))
    source_id: Mapped[str] = mapped_column(sa.String(64))
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    occurred_on: Mapped[date] = mapped_column(sa.Date)
    __table_args__ = (_ref("transaction_id", "point_transactions"), _ref("account_id", "accounts"),
                      sa.UniqueConstraint("tenant_id", "source_type", "source_id", "account_id"),
                      sa.CheckConstraint("amount <> 0", name="nonzero"),
                      sa.Index("ix_entries_tenant_account", "tenant_id", "account_id", "occurred_on"))


class PointRule(TenantScoped, Base):
    """积分规则 from ``effective_from`` on; a later rule never rewrites points already posted."""

    __tablename__ = "point_rules"
    effective_from: Mapped[date] = mapped_column(sa.Date)
    points_per_hour: Mapped[int] = mapped_column()
    points_per_case: Mapped[int] = mapped_column(default=0)
    points_per_duty: Mapped[int] = mapped_column(default=0, server_default="0")
    points_per_wish: Mapped[int] = mapped_column(default=0, server_default="0")
    points_per_order: Mapped[int] = mapped_column(default=0, server_default="0")
    daily_cap: Mapped[int | None] = mapped_column()
    monthly_cap: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "effective_from"),)


class Activity(TenantScoped, Base):
    """志愿活动 with a capacity and a check-in code shown on site."""

    __tablename__ = "activities"
    title: Mapped[str] = mapped_column(sa.String(100))
    kind: Mapped[str] = mapped_column(sa.String(16))
    place: Mapped[str] = mapped_column(sa.String(100))
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    capacity: Mapped[int] = mapped_column()
    team_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid)
    organizer: Mapped[str | None] = mapped_column(sa.String(128))
    checkin_code: Mapped[str] = mapped_column(sa.String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("team_id", "teams"),)


class Signup(TenantScoped, Base):
    """报名: one row per volunteer and activity; withdrawal keeps the row."""

    __tablename__ = "signups"
    activity_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    volunteer_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    status: Mapped[str] = mapped_column(sa.String(16), default="signed_up")
    checked_in_at: Mapped[datetime | None] = mapped_column()
    checked_out_at: Mapped[datetime | None] = mapped_column()
    confirmed_minutes: Mapped[int | None] = mapped_column()
    points: Mapped[int | None] = mapped_column()
    __table_args__ = (_ref("activity_id", "activities"), _ref("volunteer_id", "volunteers"),
                      sa.UniqueConstraint("tenant_id", "activity_id", "volunteer_id"))


class StoreItem(TenantScoped, Base):
    """积分超市 item or service; stock never goes below zero."""

    __tablename__ = "store_items"
    name: Mapped[str] = mapped_column(sa.String(64))
    price: Mapped[int] = mapped_column()
    stock: Mapped[int] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "name"),
                      sa.CheckConstraint("stock >= 0", name="stock_nonnegative"))


class Redemption(TenantScoped, Base):
    """兑换: points paid into the store account; cancelling reverses that transaction."""

    __tablename__ = "redemptions"
    item_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    volunteer_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    points: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(sa.String(16), default="reserved")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("item_id", "store_items"), _ref("volunteer_id", "volunteers"))


class PioneerSnapshot(TenantScoped, Base):
    """先锋指数 of one party member for one month, frozen when the month is snapshotted."""

    __tablename__ = "pioneer_snapshots"
    month: Mapped[str] = mapped_column(sa.String(7))
    volunteer_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid)
    hours: Mapped[float] = mapped_column(sa.Float)
    cases: Mapped[int] = mapped_column()
    wishes: Mapped[int] = mapped_column()
    hours_score: Mapped[float] = mapped_column(sa.Float)
    cases_score: Mapped[float] = mapped_column(sa.Float)
    wishes_score: Mapped[float] = mapped_column(sa.Float)
    index: Mapped[float] = mapped_column(sa.Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (_ref("volunteer_id", "volunteers"),
                      sa.UniqueConstraint("tenant_id", "month", "volunteer_id"))


class PioneerMonthTaken(TenantScoped, Base):
    """The mark that a month's pioneer index was frozen: unique per tenant and month, so two
    scheduler replicas (or a person and a replica) cannot both take the same month."""

    __tablename__ = "pioneer_months"
    month: Mapped[str] = mapped_column(sa.String(7))
    taken_by: Mapped[str] = mapped_column(sa.String(128))  # "scheduler" or the person's subject
    members: Mapped[int] = mapped_column()
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (sa.UniqueConstraint("tenant_id", "month"),)
