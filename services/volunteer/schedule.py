"""The monthly pioneer snapshot (先锋指数月度存档), taken by a timer on every replica.

Each tick, for the month before the current China-time month: list the tenants that have
party-member volunteers (one read across tenants; on PostgreSQL the ``pioneer_scan`` policy admits
it), then freeze each tenant's month in a transaction bound to that tenant. Replicas may tick at
the same moment: a month is taken once, because ``pioneer_months`` is unique per tenant and month
— the losing replica's insert waits for the winner's COMMIT, fails, and is skipped. A month taken
by hand (``snapshotPioneerIndex``) is skipped too.
"""
from __future__ import annotations

import logging
import os
from datetime import datetime

import sqlalchemy as sa
from nameko.timer import timer
from sqlalchemy.orm import sessionmaker

from services.volunteer import pioneer
from services.volunteer.models import Volunteer
from shared.db import open_tenant_session, tenant_sessionmaker, utcnow
from shared.errors import Conflict

log = logging.getLogger(__name__)
# how often each replica looks for a month to freeze; a month is taken once whatever the interval
SNAPSHOT_SECONDS = float(os.environ.get("CIVICGRID_PIONEER_SNAPSHOT_SECONDS", "3600"))
_factories: dict[sa.Engine, sessionmaker] = {}


def previous_month(now: datetime) -> str:
    local = now.astimezone(pioneer.CHINA)
    year, month = (local.year, local.month - 1) if local.month > 1 else (local.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def tenants_with_members(engine: sa.Engine) -> list[str]:
    table = Volunteer.__table__
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT set_config('app.pioneer_scan', 'on', true)")
        return list(conn.scalars(sa.select(table.c.tenant_id).where(table.c.kind == "party_member")
                                 .distinct().order_by(table.c.tenant_id)))


def freeze_month(engine: sa.Engine, month: str) -> list[str]:
    """Freeze ``month`` in every tenant that has not got it yet; returns the tenants taken here."""
    factory = _factories.setdefault(engine, tenant_sessionmaker(engine))
    taken = []
    for tenant in tenants_with_members(engine):
        try:
            with open_tenant_session(factory, tenant) as session, session.begin():
                if pioneer.is_taken(session, month):
                    continue
                pioneer.snapshot(session, month, "scheduler")
        except Conflict:
            continue  # another replica took it first
        taken.append(tenant)
    return taken


class ScheduleEntrypoints:
    """Mixed into the service, which provides ``db``."""

    @timer(interval=SNAPSHOT_SECONDS)
    def snapshot_last_month(self):
        """Freeze last month's pioneer index of every tenant, once (see the module docstring)."""
        month = previous_month(utcnow())
        taken = freeze_month(self.db.engine, month)
        if taken:
            log.info("pioneer snapshot %s frozen for %d tenant(s): %s", month, len(taken),
                     ", ".join(taken))
