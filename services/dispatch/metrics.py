"""Dispatch's own metrics, read at scrape time: open cases (积压) and SLA breaches (超期) per
tenant. One grouped query over ``cases`` every 30 s at most, through the ``overdue_sweep``
read policy the sweep already uses (the app role sees every tenant's cases for SELECT only)."""
from __future__ import annotations

import sqlalchemy as sa

from services.dispatch.models import Case
from shared import metrics
from shared.contracts.dispatch import OPEN_STATUSES
from shared.db import utcnow

OPEN = metrics.define_gauge("civicgrid_cases_open", "Open cases (reported, accepted, escalated) per tenant.",
                            ("tenant",))
OVERDUE = metrics.define_gauge("civicgrid_cases_overdue",
                               "Open cases past their deadline (SLA breaches) per tenant.", ("tenant",))
RESOLVED_LATE = metrics.define_gauge("civicgrid_cases_resolved_late",
                                     "Cases resolved after their deadline, all time, per tenant.",
                                     ("tenant",))


def backlog(engine: sa.Engine) -> list[tuple[str, int, int, int]]:
    """(tenant, open, overdue, resolved late) for every tenant with cases."""
    table = Case.__table__
    is_open = table.c.status.in_(OPEN_STATUSES)
    count = lambda condition: sa.func.sum(sa.case((condition, 1), else_=0))
    query = (sa.select(table.c.tenant_id, count(is_open),
                       count(sa.and_(is_open, table.c.due_at < utcnow())),
                       count(table.c.resolved_on_time.is_(False)))
             .group_by(table.c.tenant_id))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT set_config('app.overdue_sweep', 'on', true)")
        return [(tenant, int(o or 0), int(d or 0), int(late or 0))
                for tenant, o, d, late in conn.execute(query)]


def watch(service: str, database) -> None:
    """Called by :func:`shared.metrics.watch_container` once the service has started."""
    def samples(rows):
        for tenant, open_cases, overdue, late in rows:
            yield OPEN, (tenant,), open_cases
            yield OVERDUE, (tenant,), overdue
            yield RESOLVED_LATE, (tenant,), late

    metrics.SOURCES.add(metrics.Source("cases", service, lambda: backlog(database.engine), samples,
                                       ttl=30.0))
