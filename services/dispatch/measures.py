"""Measures of the closed loop (考核指标) and department scorecards, computed in the database.

- grid/community share = cases resolved at building, grid or community level / cases resolved
  ("small things stay in the grid, big things in the community"; 金昌 reports 80%+);
- on-time rate = cases resolved by their deadline / cases resolved;
- satisfaction rate = cases rated 满意 or 基本满意 / cases rated (the latest rating counts);
- backlog = cases still open; overdue = open and past due;
- ageing (案件账龄) = the backlog by calendar days since reported, in whole 24-hour periods
  (:data:`AGE_BUCKETS`), and the oldest open case — calendar days, not working days: a case's
  wait is felt by the resident over weekends too, and buckets of elapsed time are plain
  timestamp ranges the database counts in the same ``GROUP BY`` (working days would need each
  tenant's calendar per row).
Departments: response on time = reported (报到) by the response deadline; on-time rate = parts
resolved by their deadline / parts resolved or already past due.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.dispatch.closed_loop import visible
from services.dispatch.deadlines import aware
from services.dispatch.models import Case, WhistlePart
from shared.contracts import dispatch as c
from shared.db import utcnow
from shared.principal import Principal

GOOD = ("satisfied", "basically_satisfied")
LOW_LEVELS = ("building", "grid", "community")
# (name, more than, at most) days since reported; None: no upper bound
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("up_to_1_day", 0, 1), ("days_2_to_3", 1, 3), ("days_4_to_7", 3, 7), ("days_8_to_15", 7, 15),
    ("over_15_days", 15, None))


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _count(condition):
    return sa.func.count().filter(condition)


def age_bucket(age: timedelta) -> str:
    """The bucket of a case open for ``age`` (the rule the SQL below counts by)."""
    days = age / timedelta(days=1)
    return next(name for name, _, most in AGE_BUCKETS if most is None or days <= most)


def _ageing_columns(is_open, now: datetime) -> list:
    """One ``COUNT(*) FILTER`` per bucket: reported in (now - most, now - least], as ranges of
    ``reported_at`` (no per-row date arithmetic)."""
    columns = []
    for name, least, most in AGE_BUCKETS:
        condition = [is_open]
        if least:
            condition.append(Case.reported_at < now - timedelta(days=least))
        if most is not None:
            condition.append(Case.reported_at >= now - timedelta(days=most))
        columns.append(_count(sa.and_(*condition)).label(name))
    columns.append(sa.func.min(Case.reported_at).filter(is_open).label("oldest"))
    return columns


def _ageing(row, now: datetime) -> c.AgeingOut:
    oldest = aware(row.oldest) if row.oldest is not None else None
    return {**{name: getattr(row, name) for name, _, _ in AGE_BUCKETS},
            "oldest_reported_at": oldest.isoformat() if oldest else None,
            "oldest_age_days": round((now - oldest) / timedelta(days=1), 1) if oldest else None}


def case_measures(session: Session, principal: Principal | None, period: c.PeriodIn,
                  now: datetime | None = None) -> list[c.MeasureOut]:
    now = now or utcnow()
    key = {"none": sa.literal("all"), "category": Case.category, "grid": Case.grid_id,
           "community": Case.community_id, "street": Case.street_id,
           "department": Case.routed_department_id}[period.group_by]
    is_open = Case.status.in_(c.OPEN_STATUSES)
    query = (sa.select(key.label("key"), sa.func.count().label("reported"),
                       _count(Case.resolved_at.is_not(None)).label("resolved"),
                       _count(sa.and_(Case.resolved_at.is_not(None), Case.level.in_(LOW_LEVELS)))
                       .label("low"),
                       _count(Case.resolved_on_time.is_(True)).label("on_time"),
                       _count(Case.rating.is_not(None)).label("rated"),
                       _count(Case.rating.in_(GOOD)).label("satisfied"),
                       _count(is_open).label("backlog"),
                       _count(sa.and_(is_open, Case.due_at < now)).label("overdue"),
                       *_ageing_columns(is_open, now))
             .where(Case.reported_at >= period.since, Case.reported_at < period.until,
                    visible(principal))
             .group_by(key).order_by(key))
    for column, value in ((Case.street_id, period.street_id), (Case.community_id, period.community_id),
                          (Case.grid_id, period.grid_id)):
        if value is not None:
            query = query.where(column == value)
    # by department: cases routing sent to no department are keyed "none"
    return [{"key": "none" if r.key is None else str(r.key), "reported": r.reported,
             "resolved": r.resolved,
             "resolved_at_grid_or_community": r.low, "resolved_on_time": r.on_time,
             "rated": r.rated, "satisfied": r.satisfied, "backlog": r.backlog,
             "overdue": r.overdue, "grid_community_share": _rate(r.low, r.resolved),
             "on_time_rate": _rate(r.on_time, r.resolved),
             "satisfaction_rate": _rate(r.satisfied, r.rated), "ageing": _ageing(r, now)}
            for r in session.execute(query)]


def scorecards(session: Session, principal: Principal | None, since: datetime,
               until: datetime) -> list[c.ScorecardOut]:
    rows = session.execute(
        sa.select(WhistlePart, Case.rating).join(Case, sa.and_(
            Case.tenant_id == WhistlePart.tenant_id, Case.id == WhistlePart.case_id))
        .where(WhistlePart.summoned_at >= since, WhistlePart.summoned_at < until, visible(principal))
        .order_by(WhistlePart.department_name)).all()
    now, cards, minutes, rated = utcnow(), {}, {}, {}
    for part, rating in rows:
        key = str(part.department_id)
        card = cards.setdefault(key, {"department_id": key, "department_name": part.department_name,
                                      "summoned": 0, "reported": 0, "reported_on_time": 0,
                                      "resolved": 0, "resolved_on_time": 0, "due": 0})
        card["summoned"] += 1
        if part.reported_at is not None:
            card["reported"] += 1
            card["reported_on_time"] += aware(part.reported_at) <= aware(part.respond_by)
            minutes.setdefault(key, []).append(
                (aware(part.reported_at) - aware(part.summoned_at)).total_seconds() / 60)
        if part.resolved_at is not None:
            card["resolved"] += 1
            card["resolved_on_time"] += aware(part.resolved_at) <= aware(part.due_at)
        if part.resolved_at is not None or aware(part.due_at) < now:
            card["due"] += 1
        if rating is not None:
            rated.setdefault(key, {})[str(part.case_id)] = rating
    out = []
    for key, card in cards.items():
        waits, ratings = minutes.get(key, []), list(rated.get(key, {}).values())
        out.append({**{k: v for k, v in card.items() if k != "due"},
                    "average_response_minutes": round(sum(waits) / len(waits), 1) if waits else None,
                    "on_time_rate": _rate(card["resolved_on_time"], card["due"]),
                    "satisfaction_rate": _rate(sum(r in GOOD for r in ratings), len(ratings))})
    return out
