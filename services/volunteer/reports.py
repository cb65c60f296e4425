"""Reports over the ledger: leaderboards (积分排行榜) and a volunteer's yearly statement (年度积分对账单).

Earned = every entry on a volunteer's account dated in the period, except redemptions and their
refunds (spending is not earning); reversals count under the type of what they reverse, on the
reversal's date. Leaderboard ties share a rank (1, 2, 2, 4).
"""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from services.volunteer.models import Account, Entry, PointTransaction, Volunteer


def _kind():
    """The source type an entry counts under: a reversal counts as what it reverses."""
    original = aliased(PointTransaction)
    return original, sa.func.coalesce(original.source_type, PointTransaction.source_type)


def leaderboard(session: Session, *, start: date, end: date, community_id: uuid.UUID | None,
                limit: int) -> list[dict]:
    txn = PointTransaction
    original, kind = _kind()
    earned = sa.func.sum(Entry.amount).label("points")
    query = (sa.select(Volunteer.id, Volunteer.name, Volunteer.community_id, earned)
             .join(Account, sa.and_(Account.tenant_id == Volunteer.tenant_id,
                                    Account.volunteer_id == Volunteer.id))
             .join(Entry, sa.and_(Entry.tenant_id == Account.tenant_id, Entry.account_id == Account.id))
             .join(txn, sa.and_(txn.tenant_id == Entry.tenant_id, txn.id == Entry.transaction_id))
             .outerjoin(original, sa.and_(original.tenant_id == txn.tenant_id,
                                          original.id == txn.reverses_id))
             .where(Entry.occurred_on >= start, Entry.occurred_on <= end, kind != "redemption")
             .group_by(Volunteer.id, Volunteer.name, Volunteer.community_id)
             .having(earned > 0)
             .order_by(earned.desc(), Volunteer.name).limit(limit))
    if community_id is not None:
        query = query.where(Volunteer.community_id == community_id)
    out, rank, previous = [], 0, None
    for n, row in enumerate(session.execute(query), start=1):
        if row.points != previous:
            rank, previous = n, row.points
        out.append({"rank": rank, "volunteer_id": str(row.id), "name": row.name,
                    "community_id": str(row.community_id) if row.community_id else None,
                    "points": int(row.points)})
    return out


def statement(session: Session, account_id: uuid.UUID, year: int) -> dict:
    """Opening balance, movements of the year by source type, closing balance."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    opening = int(session.scalar(sa.select(sa.func.coalesce(sa.func.sum(Entry.amount), 0))
                                 .where(Entry.account_id == account_id, Entry.occurred_on < start)))
    original, kind = _kind()
    rows = session.execute(
        sa.select(kind.label("kind"), sa.func.sum(Entry.amount), sa.func.count())
        .select_from(Entry)
        .join(PointTransaction, sa.and_(PointTransaction.tenant_id == Entry.tenant_id,
                                        PointTransaction.id == Entry.transaction_id))
        .outerjoin(original, sa.and_(original.tenant_id == PointTransaction.tenant_id,
                                     original.id == PointTransaction.reverses_id))
        .where(Entry.account_id == account_id, Entry.occurred_on >= start, Entry.occurred_on <= end)
        .group_by(kind).order_by(kind)).all()
    lines = [{"source_type": k, "amount": int(total), "entries": n} for k, total, n in rows]
    earned = sum(line["amount"] for line in lines if line["source_type"] != "redemption")
    spent = -sum(line["amount"] for line in lines if line["source_type"] == "redemption")
    return {"year": year, "opening": opening, "earned": earned, "spent": spent,
            "closing": opening + earned - spent, "lines": lines}
