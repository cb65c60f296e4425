"""Points rules per tenant (积分规则) and the award of points for confirmed hours.

A rule applies from its ``effective_from`` date until the next rule's; points are computed with
the rule in force on the day the service took place, so a later rule never changes past points.
Without any rule the default is 10 points per hour, 5 per case, 5 per wish (微心愿), 5 per 三单
order, 0 per duty month, and no caps.
Caps limit hour points per volunteer per day and per calendar month (only ``activity`` credits
count against them); what a cap cuts off is not carried over.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from services.volunteer import ledger
from services.volunteer.models import Entry, PointRule
from shared.contracts.volunteer import PointRuleIn
from shared.errors import Conflict


@dataclass(frozen=True)
class Rule:
    effective_from: date | None
    points_per_hour: int
    points_per_case: int
    points_per_duty: int
    daily_cap: int | None
    monthly_cap: int | None
    points_per_wish: int = 5
    points_per_order: int = 5

    def per_source(self, source_type: str) -> int:
        """Points per credited event: ``case``, ``wish`` or ``order``."""
        return {"case": self.points_per_case, "wish": self.points_per_wish,
                "order": self.points_per_order}[source_type]


DEFAULT = Rule(None, 10, 5, 0, None, None, 5, 5)


def rule_out(rule: Rule | PointRule) -> dict:
    return {"effective_from": rule.effective_from.isoformat() if rule.effective_from else None,
            "points_per_hour": rule.points_per_hour, "points_per_case": rule.points_per_case,
            "points_per_duty": rule.points_per_duty, "points_per_wish": rule.points_per_wish,
            "points_per_order": rule.points_per_order, "daily_cap": rule.daily_cap,
            "monthly_cap": rule.monthly_cap}


def set_rule(session: Session, data: PointRuleIn) -> PointRule:
    try:
        with session.begin_nested():
            row = PointRule(**data.model_dump())
            session.add(row)
    except IntegrityError:
        raise Conflict("a rule already starts on that date; rules are never edited",
                       "该日期已有规则；规则不可修改，只能新增", field="effectiveFrom") from None
    return row


def list_rules(session: Session) -> list[PointRule]:
    return list(session.scalars(sa.select(PointRule).order_by(PointRule.effective_from)))


def rule_on(session: Session, day: date) -> Rule:
    row = session.scalar(sa.select(PointRule).where(PointRule.effective_from <= day)
                         .order_by(PointRule.effective_from.desc()).limit(1))
    if row is None:
        return DEFAULT
    return Rule(row.effective_from, row.points_per_hour, row.points_per_case, row.points_per_duty,
                row.daily_cap, row.monthly_cap, row.points_per_wish, row.points_per_order)


def _earned(session: Session, account_id: uuid.UUID, start: date, end: date) -> int:
    return int(session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Entry.amount), 0)).where(
        Entry.account_id == account_id, Entry.source_type == "activity",
        Entry.occurred_on >= start, Entry.occurred_on <= end)))


def hour_points(session: Session, account_id: uuid.UUID, minutes: int, day: date) -> int:
    """Points for ``minutes`` of service on ``day`` under the rule of that day, after caps."""
    rule = rule_on(session, day)
    points = minutes * rule.points_per_hour // 60
    if rule.daily_cap is not None:
        points = min(points, max(0, rule.daily_cap - _earned(session, account_id, day, day)))
    if rule.monthly_cap is not None:
        month_start = day.replace(day=1)
        next_month = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        month_end = date.fromordinal(next_month.toordinal() - 1)
        points = min(points, max(0, rule.monthly_cap
                                 - _earned(session, account_id, month_start, month_end)))
    return points


def award(session: Session, *, volunteer_id: uuid.UUID, source_type: str, source_id: str,
          points: int, day: date, reason: str | None = None):
    """Issue ``points`` from the tenant's issuance account to a volunteer (once per source)."""
    if points <= 0:
        return None
    target = ledger.volunteer_account(session, volunteer_id)
    issuance = ledger.account(session, ledger.ISSUANCE, "issuance")
    return ledger.post(session, source_type=source_type, source_id=source_id, reason=reason,
                       legs=[(issuance, -points), (target, points)], occurred_on=day)


def award_duty(session: Session, *, volunteer_id: uuid.UUID, month: str, role: str):
    """Points for a month of duty, by the rule in force on the month's first day; once per
    volunteer, month and role. Returns (transaction, points)."""
    day = date.fromisoformat(f"{month}-01")
    points = rule_on(session, day).points_per_duty
    if points <= 0:
        raise Conflict("the rule of that month pays no points for duty", "该月规则未设置履职积分",
                       field="month")
    txn = award(session, volunteer_id=volunteer_id, source_type="duty",
                source_id=f"{month}:{role}:{volunteer_id}", points=points, day=day,
                reason=f"{role} duty {month}")
    if txn is None:
        raise Conflict("this duty month was already credited", "该月履职积分已发放", field="month")
    return txn, points
