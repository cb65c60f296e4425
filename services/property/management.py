"""Compound management mode (管理模式) and the fallback service of unmanaged compounds (兜底物业):
funding "a bit from each" source, spending, and the half-yearly published summary."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.property.companies import get_company, invalid
from services.property.models import CompoundMode, FundingEntry
from shared.contracts.property import CompoundModeIn, CompoundModeOut, FundingIn, FundingSummaryOut
from services.property.places import Visibility
from shared import keyset
from shared.contracts.validation import parse_id
from shared.errors import Conflict, NotFound

SOURCES = ("residents", "operations", "project_funds", "subsidy")


def mode_out(row: CompoundMode) -> CompoundModeOut:
    return {"id": str(row.id), "compound_id": str(row.compound_id), "compound_name": row.compound_name,
            "mode": row.mode, "company_id": str(row.company_id) if row.company_id else None,
            "fallback_kind": row.fallback_kind, "fallback_provider": row.fallback_provider}


def mode_of(session: Session, compound_id: uuid.UUID) -> CompoundMode | None:
    return session.scalar(sa.select(CompoundMode).where(CompoundMode.compound_id == compound_id))


def set_mode(session: Session, data: CompoundModeIn) -> CompoundMode:
    """Set (or change) a compound's mode; only the fields of that mode are kept."""
    if data.mode == "company":
        if data.company_id is None:
            raise invalid("companyId", "a company-managed compound names its company", "企业管理的小区须指明物业企业")
        get_company(session, data.company_id)
    if data.mode == "none" and not (data.fallback_kind and data.fallback_provider):
        field = "fallbackKind" if not data.fallback_kind else "fallbackProvider"
        raise invalid(field, "a compound without management needs a fallback service",
                      "三无小区须有兜底服务（社区托管或公益性物业）")
    row = mode_of(session, data.compound_id) or CompoundMode(compound_id=data.compound_id)
    row.compound_name = data.compound_name
    row.mode = data.mode
    row.company_id = data.company_id if data.mode == "company" else None
    row.fallback_kind = data.fallback_kind if data.mode == "none" else None
    row.fallback_provider = data.fallback_provider if data.mode == "none" else None
    session.add(row)
    session.flush()
    return row


def record_funding(session: Session, data: FundingIn) -> FundingEntry:
    mode = mode_of(session, data.compound_id)
    if mode is None:
        raise NotFound("compound management record", "小区管理模式记录", data.compound_id, field="compoundId")
    if mode.mode != "none":
        raise Conflict("funding is recorded for fallback service of unmanaged compounds only",
                       "仅三无小区的兜底服务记录经费", field="compoundId")
    if data.direction == "income" and data.source is None:
        raise invalid("source", "income needs its source", "收入须注明来源")
    row = FundingEntry(compound_id=data.compound_id, on=data.on, direction=data.direction,
                       source=data.source if data.direction == "income" else None,
                       amount_fen=data.amount_fen, note=data.note)
    session.add(row)
    session.flush()
    return row


def half_bounds(year: int, half: int) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 7, 1)) if half == 1 else (date(year, 7, 1), date(year + 1, 1, 1))


def funding_summary(session: Session, compound_id: uuid.UUID, year: int, half: int) -> FundingSummaryOut:
    """Income by source, spending and balance for one half-year (上/下半年), as published."""
    start, end = half_bounds(year, half)
    rows = session.execute(sa.select(FundingEntry.direction, FundingEntry.source,
                                     sa.func.sum(FundingEntry.amount_fen), sa.func.count())
                           .where(FundingEntry.compound_id == compound_id, FundingEntry.on >= start,
                                  FundingEntry.on < end)
                           .group_by(FundingEntry.direction, FundingEntry.source)).all()
    income = {s: 0 for s in SOURCES}
    spending = entries = 0
    for direction, source, total, count in rows:
        entries += count
        if direction == "income":
            income[source] += int(total)
        else:
            spending += int(total)
    total_income = sum(income.values())
    return {"compound_id": str(compound_id), "year": year, "half": half, "income_fen": income,
            "income_total_fen": total_income, "spending_fen": spending,
            "balance_fen": total_income - spending, "entries": entries}


def all_modes(session: Session) -> list[CompoundMode]:
    return list(session.scalars(sa.select(CompoundMode).order_by(CompoundMode.compound_name)))


def list_filters(filters: dict | None) -> dict:
    """``mode`` (company/self/none), ``community_id``."""
    f = dict(filters or {})
    unknown = set(f) - {"mode", "community_id"}
    if unknown:
        raise invalid(sorted(unknown)[0], "not a filter of this list", "不是本列表的筛选条件")
    out: dict = {}
    if f.get("mode") is not None:
        if f["mode"] not in ("company", "self", "none"):
            raise invalid("mode", "company, self or none", "须为 company、self 或 none")
        out["mode"] = f["mode"]
    if f.get("community_id") is not None:
        out["community_id"] = parse_id(f["community_id"], "communityId")
    return out


def listed(session: Session, visible: Visibility, *, limit: int | None = None, after: str | None = None,
           mode: str | None = None, community_id: uuid.UUID | None = None) -> list[CompoundMode]:
    """Modes of the compounds in scope, by compound name then id; ``after`` is ``<name>|<id>``."""
    query = (sa.select(CompoundMode).where(visible.compound(CompoundMode.compound_id))
             .order_by(CompoundMode.compound_name, CompoundMode.id))
    if mode is not None:
        query = query.where(CompoundMode.mode == mode)
    if community_id is not None:
        query = query.where(Visibility("community", community_id).compound(CompoundMode.compound_id))
    if after:
        name, ident = keyset.name_cursor(after)
        query = query.where(sa.or_(CompoundMode.compound_name > name,
                                   sa.and_(CompoundMode.compound_name == name, CompoundMode.id > ident)))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
