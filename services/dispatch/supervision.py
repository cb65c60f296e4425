"""The overdue sweep (超期督办): open cases past their deadline are flagged for supervision once
per deadline step, however many replicas sweep at the same time.

Two guards: each case is locked with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL), so a replica skips
a case another one is flagging; and the ``supervisions`` row is unique per (case, step), so even a
sweep that read a stale step cannot flag it twice. A new deadline (accept, escalate, reopen)
raises the step, so the case can be flagged again for the new one.

The same sweep watches whistle parts (吹哨任务) of open cases: a part not reported by ``respond_by``
(超时未报到) or not resolved by ``due_at`` (超期未办结) is marked once per deadline — an
``UPDATE … WHERE <deadline>_overdue_at IS NULL … RETURNING`` claims it, so of two replicas only
one gets the row — with a ``part_overdue`` timeline entry and a ``whistle.overdue`` notice to the
department and the street's staff.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from services.dispatch import closed_loop, deadlines, notifications
from services.dispatch.models import Case, Supervision, WhistlePart
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


# ---- whistle parts past their deadlines ---------------------------------------------------------
# deadline kind → (the deadline, the moment it is done, the mark), and the wording of the mark
PART_DEADLINES = {"response": ("respond_by", "reported_at", "response_overdue_at"),
                  "resolve": ("due_at", "resolved_at", "resolve_overdue_at")}
PART_OVERDUE_ZH = {"response": "超时未报到", "resolve": "超期未办结"}


def part_overdue(parts, kind: str, now: datetime):
    """The selection rule on ``parts`` (the model or its table's columns): past the ``kind``
    deadline, not done by then (not reported / not resolved), not yet marked."""
    deadline, done, marked = (getattr(parts, name) for name in PART_DEADLINES[kind])
    return sa.and_(deadline < now, done.is_(None), marked.is_(None))


def part_candidates(engine: sa.Engine, now: datetime) -> list[tuple[str, uuid.UUID, str]]:
    """(tenant, part, kind) of unmarked overdue parts of open cases in every tenant: read-only,
    outside the ORM's tenant filter, admitted on PostgreSQL by the ``overdue_sweep`` policies."""
    parts, cases = WhistlePart.__table__, Case.__table__
    found: list[tuple[str, uuid.UUID, str]] = []
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT set_config('app.overdue_sweep', 'on', true)")
        for kind, (deadline, _, _) in PART_DEADLINES.items():
            query = (sa.select(parts.c.tenant_id, parts.c.id)
                     .select_from(parts.join(cases, sa.and_(cases.c.tenant_id == parts.c.tenant_id,
                                                            cases.c.id == parts.c.case_id)))
                     .where(part_overdue(parts.c, kind, now), cases.c.status.in_(OPEN_STATUSES))
                     .order_by(parts.c[deadline]).limit(BATCH))
            found += [(tenant, part_id, kind) for tenant, part_id in conn.execute(query)]
    return found


def mark_part(session: Session, part_id: uuid.UUID, kind: str, now: datetime) -> bool:
    """Mark one part overdue for ``kind`` once; False when it is not (or no longer) overdue, or
    another replica marked it. The conditional UPDATE is the claim: on PostgreSQL a second
    replica's UPDATE waits for the first's row lock, then finds the mark set and matches nothing."""
    deadline, _, marked = PART_DEADLINES[kind]
    open_case = sa.select(Case.id).where(Case.tenant_id == WhistlePart.tenant_id,
                                         Case.id == WhistlePart.case_id,
                                         Case.status.in_(OPEN_STATUSES)).exists()
    part = session.scalars(sa.update(WhistlePart)
                           .where(WhistlePart.id == part_id, part_overdue(WhistlePart, kind, now),
                                  open_case)
                           .values({marked: now}).returning(WhistlePart)).first()
    if part is None:
        return False
    case = closed_loop.locked_case(session, None, part.case_id)
    what = PART_OVERDUE_ZH[kind]
    entry = closed_loop.append(session, case, "part_overdue", case.status, None,
                               f"吹哨任务：{part.department_name}{what}", {
                                   "part_id": str(part.id), "department_id": str(part.department_id),
                                   "department": part.department_name, "deadline": kind,
                                   "due_at": deadlines.aware(getattr(part, deadline)).isoformat()}, now)
    notifications.notify(session, case, entry, [part])  # the department and the street's staff
    session.flush()
    return True


def sweep(factory: sessionmaker, record_event, now: datetime | None = None) -> int:
    """One pass; each case, then each overdue whistle part, in its own tenant-bound transaction.
    Returns how many cases were flagged plus how many part deadlines were marked."""
    now = now or utcnow()
    flagged = 0
    for tenant, case_id, step in candidates(factory.kw["bind"], now):
        with open_tenant_session(factory, tenant) as session, session.begin():
            flagged += flag(session, record_event, case_id, step, now)
    for tenant, part_id, kind in part_candidates(factory.kw["bind"], now):
        with open_tenant_session(factory, tenant) as session, session.begin():
            flagged += mark_part(session, part_id, kind, now)
    return flagged
