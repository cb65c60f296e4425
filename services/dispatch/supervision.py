"""The overdue sweep (超期督办): open cases past their deadline are flagged for supervision once
per deadline step, however many replicas sweep at the same time.

Two guards: each case is locked with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL), so a replica skips
a case another one is flagging; and the ``supervisions`` row is unique per (case, step), so even a
sweep that read a stale step cannot flag it twice. A new deadline (accept, escalate, reopen)
raises the step, so the case can be flagged again for the new one.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from services.dispatch import closed_loop, notifications
from services.dispatch.models import Case, Supervision
from shared.contracts.dispatch import CASE_SUPERVISED, OPEN_STATUSES
from shared.db import new_id, open_tenant_session, tenant_sessionmaker, utcnow

BATCH = 200
_factories: dict[sa.Engine, sessionmaker] = {}


def factory_for(engine: sa.Engine) -> sessionmaker:
    """One tenant-enforcing sessionmaker per engine for the sweep (it opens one per tenant)."""
    if engine not in _factories:
        _factories[engine] = tenant_sessionmaker(engine)
    return _factories[engine]


def _overdue(now: datetime):
    return sa.and_(Case.status.in_(OPEN_STATUSES), Case.due_at < now,
                   sa.or_(Case.supervised_step.is_(None), Case.supervised_step < Case.deadline_step))


def candidates(engine: sa.Engine, now: datetime) -> list[tuple[str, uuid.UUID, int]]:
    """(tenant, case, step) of overdue cases in every tenant: a read-only scan, outside the ORM's
    tenant filter; on PostgreSQL the ``overdue_sweep`` policy admits it."""
    table = Case.__table__
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT set_config('app.overdue_sweep', 'on', true)")
        query = (sa.select(table.c.tenant_id, table.c.id, table.c.deadline_step)
                 .where(table.c.status.in_(OPEN_STATUSES), table.c.due_at < now,
                        sa.or_(table.c.supervised_step.is_(None),
                               table.c.supervised_step < table.c.deadline_step))
                 .order_by(table.c.due_at).limit(BATCH))
        return [tuple(row) for row in conn.execute(query)]


def flag(session: Session, record_event, case_id: uuid.UUID, step: int, now: datetime) -> bool:
    """Flag one case for its deadline ``step``; False when another replica has it or had it."""
    query = sa.select(Case).where(Case.id == case_id, Case.deadline_step == step, _overdue(now))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    case = session.scalar(query)
    if case is None:
        return False
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    inserted = session.execute(insert(Supervision).values(
        tenant_id=session.info["tenant"], id=new_id(), case_id=case.id, step=step, level=case.level,
        due_at=case.due_at, flagged_at=now).on_conflict_do_nothing(
        index_elements=["tenant_id", "case_id", "step"]).returning(Supervision.id)).first()
    if inserted is None:
        return False
    case.supervised_step = step
    entry = closed_loop.append(session, case, "supervise", case.status, None, "超期督办",
                               {"step": step, "due_at": case.due_at.isoformat()}, now)
    notifications.notify(session, case, entry)  # 消息中心: the handlers of the case's level
    session.flush()
    record_event(session, CASE_SUPERVISED, {
        "case_id": str(case.id), "grid_id": str(case.grid_id), "at": now.isoformat(),
        "level": case.level, "step": step, "due_at": case.due_at.isoformat()})
    return True


def sweep(factory: sessionmaker, record_event, now: datetime | None = None) -> int:
    """One pass; each case in its own tenant-bound transaction. Returns how many were flagged."""
    now = now or utcnow()
    flagged = 0
    for tenant, case_id, step in candidates(factory.kw["bind"], now):
        with open_tenant_session(factory, tenant) as session, session.begin():
            flagged += flag(session, record_event, case_id, step, now)
    return flagged
