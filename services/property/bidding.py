"""The bidding bar (限制投标): black-listed companies may not bid for new projects until the bar
ends; anyone checking a bid asks :func:`bid_eligibility`."""
from __future__ import annotations

import calendar
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from services.property.models import Company
from shared.errors import NotFound


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def bid_eligibility(session: Session, credit_code: str, on: date) -> dict:
    company = session.scalar(sa.select(Company).where(Company.credit_code == credit_code.strip().upper()))
    if company is None:
        raise NotFound("company", "物业企业", credit_code, field="creditCode")
    barred = company.barred_until is not None and on < company.barred_until
    return {"credit_code": company.credit_code, "company_id": str(company.id), "company_name": company.name,
            "eligible": not barred, "barred_until": company.barred_until.isoformat() if barred else None}
