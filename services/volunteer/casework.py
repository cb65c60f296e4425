"""Points for work done through dispatch: resolved cases (办结事件), fulfilled micro-wishes (微心愿)
and completed 三单 orders (群众点单、社区派单、党员接单), from dispatch's ``case.resolved``,
``wish.fulfilled`` and ``order.completed`` events.

Each party member named in the event who is registered here as a volunteer (matched by
``member_id``) gets the points the rule in force on that day pays for the source type
(``points_per_case`` / ``points_per_wish`` / ``points_per_order``), in one balanced transaction
whose source is the case, wish or order. A source therefore pays out once, at its first
resolution: a redelivered event is stopped by the inbox, and a second event for the same case,
wish or order by the ledger's unique source key. Members not registered as volunteers are skipped
(logged by the caller): there is no account to credit.
"""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.volunteer import ledger, rules
from services.volunteer.models import Volunteer

REASONS = {"case": "case resolved", "wish": "micro-wish fulfilled", "order": "order completed"}


def credit_helpers(session: Session, source_type: str, source_id: uuid.UUID, member_ids: list[str],
                   day: date):
    """Returns (transaction or None, {volunteer_id: points}, member ids not found)."""
    volunteers = session.scalars(sa.select(Volunteer).where(Volunteer.member_id.in_(member_ids))
                                 .order_by(Volunteer.id)).all()
    missing = sorted(set(member_ids) - {v.member_id for v in volunteers})
    points = rules.rule_on(session, day).per_source(source_type)
    if not volunteers or points <= 0:
        return None, {}, missing
    issuance = ledger.account(session, ledger.ISSUANCE, "issuance")
    legs = [(ledger.volunteer_account(session, v.id), points) for v in volunteers]
    txn = ledger.post(session, source_type=source_type, source_id=str(source_id), occurred_on=day,
                      reason=REASONS[source_type], legs=[(issuance, -points * len(legs)), *legs])
    if txn is None:
        return None, {}, missing
    return txn, {v.id: points for v in volunteers}, missing


def credit_handlers(session: Session, case_id: uuid.UUID, member_ids: list[str], day: date):
    """Points for a resolved case (kept for callers of version 1)."""
    return credit_helpers(session, "case", case_id, member_ids, day)
