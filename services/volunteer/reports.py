"""Reports over the ledger: leaderboards (积分排行榜) and a volunteer's yearly statement (年度积分对账单).

Earned = every entry on a volunteer's account dated in the period, except redemptions and their
refunds (spending is not earning); reversals count under the type of what they reverse, on the
reversal's date. Leaderboard ties share a rank (1, 2, 2, 4). Leaderboards rank volunteers, or
grids / communities / streets by the points their volunteers earned, within the caller's scope.
"""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from services.volunteer.models import Account, Entry, PointTransaction, Volunteer
from shared.contracts.volunteer import LeaderboardIn
from shared.principal import Principal
from shared.scope import scope_clause


def _kind():
    """The source type an entry counts under: a reversal counts as what it reverses."""
    original = aliased(PointTransaction)
    return original, sa.func.coalesce(original.source_type, PointTransaction.source_type)


def _earned_rows(data: LeaderboardIn, principal: Principal | None, key_columns: list):
    """Points earned per group of ``key_columns`` in the period, in the caller's scope."""
    txn = PointTransaction
    original, kind = _kind()
    earned = sa.func.sum(Entry.amount).label("points")
    query = (sa.select(*key_columns, earned)
             .join(Account, sa.and_(Account.tenant_id == Volunteer.tenant_id,
                                    Account.volunteer_id == Volunteer.id))
             .join(Entry, sa.and_(Entry.tenant_id == Account.tenant_id, Entry.account_id == Account.id))
             .join(txn, sa.and_(txn.tenant_id == Entry.tenant_id, txn.id == Entry.transaction_id))
             .outerjoin(original, sa.and_(original.tenant_id == txn.tenant_id,
                                          original.id == txn.reverses_id))
             .where(Entry.occurred_on >= data.start, Entry.occurred_on <= data.end,
                    kind != "redemption", scope_clause(principal, street=Volunteer.street_id,
                                                       community=Volunteer.community_id,
                                                       grid=Volunteer.grid_id))
             .group_by(*key_columns)
             .having(earned > 0))
    for column, value in ((Volunteer.street_id, data.street_id), (Volunteer.community_id, data.community_id),
                          (Volunteer.grid_id, data.grid_id), (Volunteer.kind, data.kind)):
        if value is not None:
            query = query.where(column == value)
    return query, earned


def leaderboard(session: Session, data: LeaderboardIn, principal: Principal | None = None) -> list[dict]:
    """Volunteers (or grids / communities / streets) by points earned, best first; ties share a
    rank (1, 2, 2, 4). Rows ``after+1 .. after+limit`` of the ranking. Volunteers with no place of
    the grouping's kind are left out of a place ranking."""
    if data.by == "volunteer":
        keys = [Volunteer.id, Volunteer.name, Volunteer.community_id, Volunteer.grid_id]
        query, earned = _earned_rows(data, principal, keys)
        query = query.order_by(earned.desc(), Volunteer.name, Volunteer.id)
    else:
        place = {"grid": Volunteer.grid_id, "community": Volunteer.community_id,
                 "street": Volunteer.street_id}[data.by]
        query, earned = _earned_rows(data, principal, [place.label("place_id")])
        query = query.where(place.is_not(None)).order_by(earned.desc(), place)
    # ranks count from the top, so read from the top and skip (a page is at most 101 rows)
    rows = session.execute(query.limit(data.after + data.limit)).all()
    out, rank, previous = [], 0, None
    for n, row in enumerate(rows, start=1):
        if row.points != previous:
            rank, previous = n, row.points
        if n <= data.after:
            continue
        line = {"rank": rank, "position": n, "points": int(row.points)}
        if data.by == "volunteer":
            line.update(volunteer_id=str(row.id), name=row.name,
                        community_id=str(row.community_id) if row.community_id else None,
                        grid_id=str(row.grid_id) if row.grid_id else None)
        else:
            line.update(place_id=str(row.place_id))
        out.append(line)
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
