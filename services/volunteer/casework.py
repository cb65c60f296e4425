"""Points for resolved cases (办结事件积分), from dispatch's ``case.resolved`` event.

Each party member named in ``handler_member_ids`` who is registered here as a volunteer (matched
by ``member_id``) gets the ``points_per_case`` of the rule in force on the day of resolution, in
one balanced transaction whose source is the case. A case therefore pays out once, at its first
resolution: a redelivered event is stopped by the inbox, and a second resolution of a reopened
case by the ledger's unique source key. Members not registered as volunteers are skipped (logged
by the caller): there is no account to credit.
"""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.volunteer import ledger, rules
from services.volunteer.models import Volunteer


def credit_handlers(session: Session, case_id: uuid.UUID, member_ids: list[str], day: date):
    """Returns (transaction or None, {volunteer_id: points}, member ids not found)."""
    volunteers = session.scalars(sa.select(Volunteer).where(Volunteer.member_id.in_(member_ids))
                                 .order_by(Volunteer.id)).all()
    missing = sorted(set(member_ids) - {v.member_id for v in volunteers})
    points = rules.rule_on(session, day).points_per_case
    if not volunteers or points <= 0:
        return None, {}, missing
    issuance = ledger.account(session, ledger.ISSUANCE, "issuance")
    legs = [(ledger.volunteer_account(session, v.id), points) for v in volunteers]
    txn = ledger.post(session, source_type="case", source_id=str(case_id), occurred_on=day,
                      reason="case resolved", legs=[(issuance, -points * len(legs)), *legs])
    if txn is None:
        return None, {}, missing
    return txn, {v.id: points for v in volunteers}, missing
