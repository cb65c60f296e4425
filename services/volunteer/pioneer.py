"""Pioneer index (先锋指数) of party-member volunteers.

    index = 100 × (0.5 × hours / max_hours + 0.3 × cases / max_cases + 0.2 × wishes / max_wishes)

``hours`` are the member's confirmed service hours, ``cases`` the resolved cases credited to them
(``case`` transactions), ``wishes`` the fulfilled wishes (``wish`` transactions); each ``max_*`` is
the largest value among the tenant's party members, so the best member on every measure scores
100 and a measure nobody has yet contributes 0. Reversed credits do not count.

Computed over all time, or over one calendar month (China time: activities starting in it,
credits dated in it). A month's snapshot freezes that month's rows once — a ``pioneer_months``
row unique per tenant and month marks it taken, whether by a person or by the monthly scheduler
(``schedule.py``) on any number of replicas; later corrections change the live index, never the
snapshot. Reading is limited to the caller's scope (``people.visible``); the normalization is
always over the whole tenant, so a score means the same whoever reads it.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.volunteer.models import (
    Account, Activity, Entry, PioneerMonthTaken, PioneerSnapshot, PointTransaction, Signup, Volunteer,
)
from services.volunteer.people import visible
from shared.errors import Conflict
from shared.principal import Principal

WEIGHTS = {"hours": 0.5, "cases": 0.3, "wishes": 0.2}
CHINA = ZoneInfo("Asia/Shanghai")
SCORES = ("hours", "cases", "wishes", "hours_score", "cases_score", "wishes_score", "index")


def month_bounds(month: str) -> tuple[date, date]:
    """'2026-11' → first day, first day of the next month."""
    first = date.fromisoformat(f"{month}-01")
    return first, date(first.year + first.month // 12, first.month % 12 + 1, 1)


def _credits(session: Session, source_type: str, period) -> dict:
    reversed_ids = sa.select(PointTransaction.reverses_id).where(
        PointTransaction.reverses_id.is_not(None))
    rows = session.execute(
        sa.select(Account.volunteer_id, sa.func.count())
        .join(Entry, sa.and_(Entry.tenant_id == Account.tenant_id, Entry.account_id == Account.id))
        .where(Entry.source_type == source_type, Entry.amount > 0,
               Entry.transaction_id.not_in(reversed_ids),
               *([Entry.occurred_on >= period[0], Entry.occurred_on < period[1]] if period else []))
        .group_by(Account.volunteer_id))
    return dict(rows.all())


def _minutes(session: Session, period) -> dict:
    query = (sa.select(Signup.volunteer_id, sa.func.sum(Signup.confirmed_minutes))
             .where(Signup.confirmed_minutes.is_not(None)).group_by(Signup.volunteer_id))
    if period:
        start, end = (datetime.combine(d, time(), CHINA) for d in period)
        query = query.join(Activity, sa.and_(Activity.tenant_id == Signup.tenant_id,
                                             Activity.id == Signup.activity_id)).where(
            Activity.starts_at >= start, Activity.starts_at < end)
    return dict(session.execute(query).all())


def _readable(session: Session, principal: Principal | None, rows: list[dict]) -> list[dict]:
    if principal is None:
        return rows
    ids = set(session.scalars(sa.select(Volunteer.id).where(Volunteer.kind == "party_member",
                                                            visible(principal))))
    return [r for r in rows if uuid.UUID(r["volunteer_id"]) in ids]


def index(session: Session, month: str | None = None, principal: Principal | None = None) -> list[dict]:
    period = month_bounds(month) if month else None
    members = session.scalars(sa.select(Volunteer).where(Volunteer.kind == "party_member")).all()
    raw = {"hours": {v: round((m or 0) / 60, 2) for v, m in _minutes(session, period).items()},
           "cases": _credits(session, "case", period), "wishes": _credits(session, "wish", period)}
    top = {k: max([values.get(m.id, 0) for m in members] or [0]) for k, values in raw.items()}
    out = []
    for member in members:
        measures = {k: raw[k].get(member.id, 0) for k in WEIGHTS}
        parts = {k: round(100 * WEIGHTS[k] * measures[k] / top[k], 2) if top[k] else 0.0
                 for k in WEIGHTS}
        out.append({"volunteer_id": str(member.id), "name": member.name,
                    "member_id": member.member_id, "hours": float(measures["hours"]),
                    "cases": int(measures["cases"]), "wishes": int(measures["wishes"]),
                    "hours_score": parts["hours"], "cases_score": parts["cases"],
                    "wishes_score": parts["wishes"], "index": round(sum(parts.values()), 2)})
    out.sort(key=lambda r: (-r["index"], r["name"]))
    return _readable(session, principal, out)


def page(rows: list[dict], *, limit: int, after: tuple[float, str, uuid.UUID] | None) -> list[dict]:
    """A page of the index: best first, then by name and volunteer id (cursor
    ``<index>|<name>|<volunteer id>``), ``limit`` rows after ``after``. The index is computed live,
    so a page is consistent with the scores at the time it is read."""
    def key(row: dict) -> tuple:
        return -row["index"], row["name"], uuid.UUID(row["volunteer_id"])

    ordered = sorted(rows, key=key)
    if after is not None:
        index, name, ident = after
        mark = (-index, name, ident)
        ordered = [r for r in ordered if key(r) > mark]
    return ordered[:limit]


def is_taken(session: Session, month: str) -> bool:
    return bool(session.scalar(sa.select(PioneerMonthTaken.id).where(PioneerMonthTaken.month == month))
                or session.scalar(sa.select(PioneerSnapshot.id).where(PioneerSnapshot.month == month)
                                  .limit(1)))


def snapshot(session: Session, month: str, taken_by: str = "scheduler") -> list[dict]:
    """Freeze ``month``'s index, once per month: the ``pioneer_months`` unique key settles a race
    (on PostgreSQL the second inserter waits for the first to commit, then fails)."""
    taken = Conflict(f"{month} was already snapshotted", f"{month} 的先锋指数已存档", field="month")
    if is_taken(session, month):
        raise taken
    rows = index(session, month)
    try:
        with session.begin_nested():
            session.add(PioneerMonthTaken(month=month, taken_by=taken_by[:128], members=len(rows)))
            session.flush()
            session.add_all(PioneerSnapshot(month=month, volunteer_id=uuid.UUID(r["volunteer_id"]),
                                            **{k: r[k] for k in SCORES}) for r in rows)
            session.flush()
    except IntegrityError:
        raise taken from None
    return rows


def snapshot_rows(session: Session, month: str, principal: Principal | None = None) -> list[dict]:
    found = session.execute(sa.select(PioneerSnapshot, Volunteer)
                            .join(Volunteer, sa.and_(Volunteer.tenant_id == PioneerSnapshot.tenant_id,
                                                     Volunteer.id == PioneerSnapshot.volunteer_id))
                            .where(PioneerSnapshot.month == month, visible(principal))
                            .order_by(PioneerSnapshot.index.desc(), Volunteer.name))
    return [{"volunteer_id": str(v.id), "name": v.name, "member_id": v.member_id,
             **{k: getattr(snap, k) for k in SCORES}} for snap, v in found]
