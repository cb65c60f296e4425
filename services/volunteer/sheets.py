"""Sheets of the volunteer service (志愿者台账 / 积分明细), keyset-paged as
``gateway/transfer/specs.py`` says: ``{"rows": [...], "next": <cursor|None>}``, in the caller's
data scope (``people.visible``). Nothing personal beyond names is exported: volunteers carry no
ID numbers or phones here."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.volunteer.models import Account, Entry, PointTransaction, Signup, Volunteer
from services.volunteer.people import visible
from shared.contracts.validation import parse_id
from shared.errors import ValidationFailed
from shared.principal import Principal

KIND_ZH = {"resident": "居民", "party_member": "党员"}
SOURCE_ZH = {"activity": "志愿活动", "case": "事件办结", "wish": "微心愿", "order": "三单服务", "duty": "月度履职",
             "redemption": "积分兑换", "adjustment": "人工调整", "reversal": "冲正"}


def _id(filters: dict, key: str) -> uuid.UUID | None:
    return parse_id(filters[key], key) if filters.get(key) else None


def _day(filters: dict, key: str) -> date | None:
    if not filters.get(key):
        return None
    try:
        return date.fromisoformat(str(filters[key]))
    except ValueError:
        raise ValidationFailed([{"field": key, "message": f"{key}: not a date (YYYY-MM-DD)",
                                 "message_zh": f"{key}：不是有效的日期"}]) from None


def _page(rows: list, limit: int, out) -> dict:
    page = rows[:limit]
    return {"rows": [out(r) for r in page], "next": str(page[-1][0].id) if len(rows) > limit else None}


def volunteers_page(session: Session, principal: Principal | None, *, after: str | None, limit: int,
                    filters: dict) -> dict:
    """One row per volunteer: places, confirmed hours, points earned (all but redemptions) and balance."""
    query = (sa.select(Volunteer).where(visible(principal)).order_by(Volunteer.id).limit(limit + 1))
    if after:
        query = query.where(Volunteer.id > parse_id(after, "after"))
    for key, column in (("communityId", Volunteer.community_id), ("gridId", Volunteer.grid_id),
                        ("streetId", Volunteer.street_id), ("teamId", Volunteer.team_id)):
        value = _id(filters, key)
        if value is not None:
            query = query.where(column == value)
    if filters.get("kind"):
        query = query.where(Volunteer.kind == filters["kind"])
    rows = [(v,) for v in session.scalars(query)]
    ids = [r[0].id for r in rows[:limit]]
    minutes = dict(session.execute(sa.select(Signup.volunteer_id, sa.func.sum(Signup.confirmed_minutes))
                                   .where(Signup.volunteer_id.in_(ids)).group_by(Signup.volunteer_id)).all())
    sums = {vid: (int(balance or 0), int(earned or 0)) for vid, balance, earned in session.execute(
        sa.select(Account.volunteer_id, sa.func.sum(Entry.amount),
                  sa.func.sum(Entry.amount).filter(Entry.source_type.not_in(("redemption", "reversal"))))
        .join(Entry, sa.and_(Entry.tenant_id == Account.tenant_id, Entry.account_id == Account.id))
        .where(Account.volunteer_id.in_(ids)).group_by(Account.volunteer_id))}

    def out(row) -> dict:
        v = row[0]
        balance, earned = sums.get(v.id, (0, 0))
        return {"volunteer_id": str(v.id), "name": v.name, "kind": KIND_ZH.get(v.kind, v.kind),
                "member_id": v.member_id, "community_id": str(v.community_id) if v.community_id else None,
                "grid_id": str(v.grid_id) if v.grid_id else None,
                "hours": round((minutes.get(v.id) or 0) / 60, 2), "earned": earned, "balance": balance}
    return _page(rows, limit, out)


def ledger_page(session: Session, principal: Principal | None, *, after: str | None, limit: int,
                filters: dict) -> dict:
    """One row per entry on a volunteer's account (积分明细), by entry id."""
    query = (sa.select(Entry, PointTransaction.reason, Volunteer.id, Volunteer.name)
             .join(PointTransaction, sa.and_(PointTransaction.tenant_id == Entry.tenant_id,
                                             PointTransaction.id == Entry.transaction_id))
             .join(Account, sa.and_(Account.tenant_id == Entry.tenant_id, Account.id == Entry.account_id))
             .join(Volunteer, sa.and_(Volunteer.tenant_id == Account.tenant_id,
                                      Volunteer.id == Account.volunteer_id))
             .where(visible(principal)).order_by(Entry.id).limit(limit + 1))
    if after:
        query = query.where(Entry.id > parse_id(after, "after"))
    volunteer = _id(filters, "volunteerId")
    if volunteer is not None:
        query = query.where(Volunteer.id == volunteer)
    if filters.get("sourceType"):
        query = query.where(Entry.source_type == filters["sourceType"])
    since, until = _day(filters, "since"), _day(filters, "until")
    if since is not None:
        query = query.where(Entry.occurred_on >= since)
    if until is not None:
        query = query.where(Entry.occurred_on <= until)
    rows = session.execute(query).all()

    def out(row) -> dict:
        entry, reason, volunteer_id, name = row
        return {"occurred_on": entry.occurred_on.isoformat(), "volunteer_id": str(volunteer_id), "name": name,
                "source_type": SOURCE_ZH.get(entry.source_type, entry.source_type),
                "source_id": entry.source_id, "amount": entry.amount, "reason": reason,
                "transaction_id": str(entry.transaction_id)}
    return _page(rows, limit, out)
