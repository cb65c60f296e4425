"""Property cases from dispatch (物业类事件): each case reported in a company-managed compound
counts once against the managing company; closing and reopening move it between open and closed.

Which categories are property cases is :data:`PROPERTY_CATEGORIES` (dispatch's ``property``
category); the compound comes from the grid the case was reported in.
"""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from services.property.models import CompoundMode
from services.property.oversight_models import PropertyCase

PROPERTY_CATEGORIES = frozenset({"property"})


def is_property_case(category: str) -> bool:
    return category in PROPERTY_CATEGORIES


def case_reported(session: Session, *, case_id: uuid.UUID, grid_id: uuid.UUID, compound_id: uuid.UUID | None,
                  category: str, reported_at: datetime) -> bool:
    """Count the case; False when it was counted already (a redelivered or duplicated event)."""
    mode = session.scalar(sa.select(CompoundMode).where(CompoundMode.compound_id == compound_id)) \
        if compound_id else None
    company_id = mode.company_id if mode is not None and mode.mode == "company" else None
    values = dict(tenant_id=session.info["tenant"], id=uuid.uuid4(), case_id=case_id, grid_id=grid_id,
                  compound_id=compound_id, company_id=company_id, category=category, open=True,
                  reported_at=reported_at)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (insert(PropertyCase.__table__).values(**values)
                 .on_conflict_do_nothing(index_elements=["tenant_id", "case_id"])
                 .returning(PropertyCase.__table__.c.id))
    return session.execute(statement).first() is not None


def case_status(session: Session, case_id: uuid.UUID, *, open_: bool) -> bool:
    """Close or reopen a counted case; False for cases that are not property cases here."""
    result = session.execute(sa.update(PropertyCase).where(PropertyCase.case_id == case_id)
                             .values(open=open_))
    return result.rowcount == 1


def complaints(session: Session, company_ids: list[uuid.UUID], visible=None) -> dict[uuid.UUID, dict[str, int]]:
    """Property cases per company: total, open and closed (those in the caller's scope)."""
    out = {i: {"total": 0, "open": 0, "closed": 0} for i in company_ids}
    in_scope = visible.compound(PropertyCase.compound_id) if visible is not None else sa.true()
    rows = session.execute(sa.select(PropertyCase.company_id, PropertyCase.open, sa.func.count())
                           .where(PropertyCase.company_id.in_(company_ids), in_scope)
                           .group_by(PropertyCase.company_id, PropertyCase.open))
    for company_id, is_open, count in rows:
        out[company_id]["total"] += count
        out[company_id]["open" if is_open else "closed"] += count
    return out
